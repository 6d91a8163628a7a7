import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { ComplaintChannel } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { Complaint } from './complaint.entity.js';

/**
 * One submission of the form (or a review, or an agent from a chat): the idempotency record.
 * The unique (filer, key) index makes twenty concurrent retries of one submission land once.
 * `fingerprint` is the submission's content: the same key with other content is a CONFLICT.
 */
@Entity({ tableName: 'complaint_filings' })
@Unique({ properties: ['filedBy', 'idempotencyKey'] })
export class ComplaintFiling {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Complaint, { ref: true, deleteRule: 'cascade' })
  complaint: Ref<Complaint>;

  @ManyToOne(() => User, { ref: true })
  filedBy: Ref<User>;

  @Property({ type: 'string', length: 64 })
  idempotencyKey: string;

  @Property({ type: 'string', length: 64 })
  fingerprint: string;

  @Enum({ items: () => ComplaintChannel, nativeEnumName: 'complaint_channel' })
  channel: ComplaintChannel;

  /** This filing found a case already open on the order and joined it. */
  @Property({ type: 'boolean' })
  joined: boolean;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: { complaint: Complaint; filedBy: User; idempotencyKey: string; fingerprint: string; channel: ComplaintChannel; joined: boolean }) {
    this.complaint = ref(input.complaint);
    this.filedBy = ref(input.filedBy);
    this.idempotencyKey = input.idempotencyKey;
    this.fingerprint = input.fingerprint;
    this.channel = input.channel;
    this.joined = input.joined;
  }
}
