import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { ComplaintStatus } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Complaint } from './complaint.entity.js';

export const ComplaintEventKind = {
  FILED: 'FILED',
  JOINED: 'JOINED',
  ASSIGNED: 'ASSIGNED',
  NOTE_ADDED: 'NOTE_ADDED',
  EVIDENCE_REQUESTED: 'EVIDENCE_REQUESTED',
  EVIDENCE_ADDED: 'EVIDENCE_ADDED',
  RESOLVED: 'RESOLVED',
  ACCEPTED: 'ACCEPTED',
  DISPUTED: 'DISPUTED',
  WITHDRAWN: 'WITHDRAWN',
  AUTO_CLOSED: 'AUTO_CLOSED',
  /** The instant decision's rules did not all pass (internal: agents see why in autoDecision). */
  AUTO_DECLINED: 'AUTO_DECLINED',
  /** An agent reversed an instant refund within its window; the case is back in review. */
  AUTO_REVERSED: 'AUTO_REVERSED',
  /** A disputed RESHIP decision took back its parcel before dispatch (detail: the waybill). */
  RESHIPMENT_WITHDRAWN: 'RESHIPMENT_WITHDRAWN',
} as const;
export type ComplaintEventKind = (typeof ComplaintEventKind)[keyof typeof ComplaintEventKind];
registerEnumType(ComplaintEventKind, { name: 'ComplaintEventKind' });

/**
 * One line of the case's timeline: who did what and when, with the status it moved to. Stores
 * facts (kind, ids, a short detail), not sentences: clients word them in the viewer's language.
 */
@ObjectType({ simpleResolvers: true, description: 'A step in a complaint’s timeline' })
@Entity({ tableName: 'complaint_events' })
@Index({ properties: ['complaint', 'createdAt'] })
export class ComplaintEvent {
  [OptionalProps]?: 'createdAt' | 'actor' | 'toStatus' | 'detail' | 'internal';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Complaint, { ref: true, deleteRule: 'cascade' })
  complaint: Ref<Complaint>;

  /** Null for the system (the auto-close job). */
  @ManyToOne(() => User, { ref: true, nullable: true })
  actor: Ref<User> | null = null;

  @Field(() => ComplaintEventKind)
  @Enum({ items: () => ComplaintEventKind, nativeEnumName: 'complaint_event_kind' })
  kind: ComplaintEventKind;

  @Field(() => ComplaintStatus, { nullable: true, description: 'The status the case moved to, if it moved' })
  @Enum({ items: () => ComplaintStatus, nativeEnumName: 'complaint_status', nullable: true })
  toStatus: ComplaintStatus | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  detail: string | null = null;

  /** Steps agents alone see (an internal note). */
  @Property({ type: 'boolean' })
  internal = false;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: { complaint: Complaint; actor: User | null; kind: ComplaintEventKind; toStatus?: ComplaintStatus | null; detail?: string | null; internal?: boolean; at?: Date }) {
    this.complaint = ref(input.complaint);
    this.actor = input.actor ? ref(input.actor) : null;
    this.kind = input.kind;
    this.toStatus = input.toStatus ?? null;
    this.detail = input.detail ?? null;
    this.internal = input.internal ?? false;
    if (input.at) this.createdAt = input.at;
  }
}
