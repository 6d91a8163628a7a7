import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { canComplaintTransition, canDispute, ComplaintChannel, ComplaintStatus as S, ErrorCode, ResolutionKind } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { DomainError } from '../common/errors.js';
import { Order } from '../shipments/order.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { ComplaintEvent } from './complaint-event.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Evidence } from './evidence.entity.js';

registerEnumType(S, { name: 'ComplaintStatus', description: 'DESIGN §5' });
registerEnumType(ComplaintChannel, { name: 'ComplaintChannel', description: 'PLATFORM 站内投诉, CUSTOMER_SERVICE 客服反馈, REVIEW 在线评价' });
registerEnumType(ResolutionKind, { name: 'ResolutionKind' });

export interface SlaPolicy {
  firstResponseMs: number;
  resolutionMs: number;
}

/**
 * A short-shipment case: one open case per order (a partial unique index), reached through one or
 * more filings. Status moves only through `transition`, guarded by the machine in `shared`.
 * SLA clocks: first response and resolution, both paused while the case waits for the buyer.
 */
@ObjectType({ simpleResolvers: true, description: 'A short-shipment complaint (少件投诉)' })
@Entity({ tableName: 'complaints' })
@Index({ properties: ['status', 'slaDueAt'] })
@Index({ properties: ['buyer', 'createdAt'] })
@Index({ properties: ['order'] })
// The agents' search by the start of a case number (issue 17), index-backed in any collation.
@Index({ name: 'complaints_case_no_pattern', expression: `create index "complaints_case_no_pattern" on "complaints" ("case_no" varchar_pattern_ops)` })
// Declared here too so the schema diff of later migrations knows the partial index (created in
// Migration20261127144303_complaints): one open short-shipment case per order.
@Unique({
  name: 'complaints_one_open_per_order',
  expression: `create unique index "complaints_one_open_per_order" on "complaints" ("order_id") where "status" in ('SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER')`,
})
export class Complaint {
  [OptionalProps]?: 'status' | 'version' | 'createdAt' | 'updatedAt' | 'assignee' | 'firstRespondedAt' | 'pausedAt' | 'slaDueAt'
    | 'resolutionKind' | 'refundCents' | 'resolutionReason' | 'decidedAt' | 'disputes' | 'respondedAt' | 'closedAt' | 'reshipment' | 'threadId' | 'channels' | 'overdueAnnouncedFor'
    | 'disputeReason' | 'disputeComment' | 'disputedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'The case number shown to people' })
  @Property({ type: 'string', length: 24, unique: true })
  caseNo: string;

  @ManyToOne(() => Order, { ref: true })
  order: Ref<Order>;

  @ManyToOne(() => User, { ref: true })
  buyer: Ref<User>;

  @Field(() => S)
  @Enum({ items: () => S, nativeEnumName: 'complaint_status' })
  status: S = S.SUBMITTED;

  @Field(() => ComplaintChannel, { description: 'The channel it was first filed through' })
  @Enum({ items: () => ComplaintChannel, nativeEnumName: 'complaint_channel' })
  channel: ComplaintChannel;

  @Field(() => [ComplaintChannel], { description: 'Every channel the case came through' })
  @Property({ type: 'text[]' })
  channels: ComplaintChannel[] = [];

  @Field()
  @Property({ type: 'text' })
  description: string;

  /** The support thread a CUSTOMER_SERVICE filing came from. */
  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  threadId: string | null = null;

  /** The SLA due time the overdue job last announced to the queue (once per due time). */
  @Property({ type: 'Date', nullable: true })
  overdueAnnouncedFor: Date | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true })
  assignee: Ref<User> | null = null;

  @Field()
  @Property({ type: 'Date' })
  firstResponseDueAt: Date;

  @Field()
  @Property({ type: 'Date' })
  resolutionDueAt: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  firstRespondedAt: Date | null = null;

  /** Set while AWAITING_BUYER: the SLA clocks stand still. */
  @Property({ type: 'Date', nullable: true })
  pausedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'The next SLA deadline; null while paused or once decided' })
  @Property({ type: 'Date', nullable: true })
  slaDueAt: Date | null = null;

  @Field(() => ResolutionKind, { nullable: true })
  @Enum({ items: () => ResolutionKind, nativeEnumName: 'resolution_kind', nullable: true })
  resolutionKind: ResolutionKind | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  refundCents: number | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  resolutionReason: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  decidedAt: Date | null = null;

  /** The parcel a RESHIP created. */
  @ManyToOne(() => Shipment, { ref: true, nullable: true })
  reshipment: Ref<Shipment> | null = null;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  disputes = 0;

  /** Why the buyer disputed the decision (a DisputeReason of shared); agents read it first. */
  @Property({ type: 'string', length: 32, nullable: true })
  disputeReason: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  disputeComment: string | null = null;

  @Property({ type: 'Date', nullable: true })
  disputedAt: Date | null = null;

  /** When the buyer answered the current decision (accepted, or disputed). */
  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  respondedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  closedAt: Date | null = null;

  @Field(() => Int, { description: 'Bumped by every change; clients keep the newer copy' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => ComplaintItem, (item) => item.complaint)
  items = new Collection<ComplaintItem>(this);

  @OneToMany(() => Evidence, (evidence) => evidence.complaint, { orderBy: { createdAt: 'asc', id: 'asc' } })
  evidence = new Collection<Evidence>(this);

  @OneToMany(() => ComplaintNote, (note) => note.complaint, { orderBy: { createdAt: 'asc', id: 'asc' } })
  notes = new Collection<ComplaintNote>(this);

  @OneToMany(() => ComplaintEvent, (event) => event.complaint, { orderBy: { createdAt: 'asc', id: 'asc' } })
  events = new Collection<ComplaintEvent>(this);

  constructor(input: { order: Order; buyer: User; channel: ComplaintChannel; description: string; sla: SlaPolicy; threadId?: string | null; now?: Date }) {
    const now = input.now ?? new Date();
    this.caseNo = `C${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomUUID().slice(0, 6).toUpperCase()}`;
    this.order = ref(input.order);
    this.buyer = ref(input.buyer);
    this.channel = input.channel;
    this.channels = [input.channel];
    this.description = input.description;
    this.threadId = input.threadId ?? null;
    this.createdAt = now;
    this.updatedAt = now;
    this.firstResponseDueAt = new Date(now.getTime() + input.sla.firstResponseMs);
    this.resolutionDueAt = new Date(now.getTime() + input.sla.resolutionMs);
    this.slaDueAt = this.firstResponseDueAt;
  }

  addChannel(channel: ComplaintChannel): void {
    if (!this.channels.includes(channel)) this.channels = [...this.channels, channel];
  }

  /** Moves the case along the machine of `shared`; anything else is INVALID_TRANSITION. */
  transition(next: S, at: Date = new Date()): void {
    if (!canComplaintTransition(this.status, next)) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `A complaint cannot go from ${this.status} to ${next}`, { from: this.status, to: next });
    }
    if (this.status === S.AWAITING_BUYER && this.pausedAt) {
      // The buyer's turn does not count against the agents' clocks.
      const paused = at.getTime() - this.pausedAt.getTime();
      this.firstResponseDueAt = new Date(this.firstResponseDueAt.getTime() + paused);
      this.resolutionDueAt = new Date(this.resolutionDueAt.getTime() + paused);
      this.pausedAt = null;
    }
    if (next === S.AWAITING_BUYER) this.pausedAt = at;
    if (next === S.CLOSED || next === S.WITHDRAWN) this.closedAt = at;
    this.status = next;
    this.refreshSlaDue();
  }

  /** An agent's first visible act (reply, evidence request, decision) stops the first-response clock. */
  markResponded(at: Date = new Date()): void {
    this.firstRespondedAt ??= at;
    this.refreshSlaDue();
  }

  decide(input: { kind: ResolutionKind; refundCents: number | null; reason: string | null; at: Date }): void {
    this.transition(input.kind === ResolutionKind.REJECT ? S.REJECTED : S.RESOLVED, input.at);
    this.resolutionKind = input.kind;
    this.refundCents = input.refundCents;
    this.resolutionReason = input.reason;
    this.decidedAt = input.at;
    this.respondedAt = null;
    this.markResponded(input.at);
  }

  /** The buyer answers a decision: accept closes it, dispute reopens review, once. */
  respond(accept: boolean, at: Date = new Date()): void {
    if (this.respondedAt || (this.status !== S.RESOLVED && this.status !== S.REJECTED)) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, 'There is no decision to answer', { from: this.status });
    }
    if (accept) {
      this.transition(S.CLOSED, at);
    } else {
      if (!canDispute(this.status, this.disputes)) {
        throw new DomainError(ErrorCode.INVALID_TRANSITION, 'A decision may be disputed once', { from: this.status, to: S.IN_REVIEW });
      }
      this.disputes += 1;
      this.transition(S.IN_REVIEW, at);
      // A disputed case gets a fresh resolution clock.
      this.resolutionKind = null;
      this.refundCents = null;
      this.resolutionReason = null;
    }
    this.respondedAt = at;
  }

  private refreshSlaDue(): void {
    if (this.status === S.SUBMITTED || this.status === S.IN_REVIEW) {
      this.slaDueAt = this.firstRespondedAt ? this.resolutionDueAt : this.firstResponseDueAt;
    } else {
      this.slaDueAt = null;
    }
  }
}
