import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { ThreadKind } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { Order } from '../shipments/order.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';

/**
 * A conversation. COURIER: one per parcel, between its buyer and whichever courier holds the
 * parcel now (read from the shipment, so a re-dispatch moves the thread at the moment it commits).
 * SUPPORT: a buyer with the support team; any agent answers.
 *
 * `lastSeq` is the thread's message counter: the send statement bumps it and inserts the message
 * with the new value in one atomic statement, so seqs have no gap and no duplicate.
 */
@Entity({ tableName: 'threads' })
@Index({ properties: ['buyer', 'lastMessageAt'] })
@Index({ properties: ['kind', 'waitingSince'] })
// One open support thread per buyer: openThread returns it instead of starting another.
@Index({
  name: 'threads_open_support_per_buyer',
  expression: `create unique index "threads_open_support_per_buyer" on "threads" ("buyer_id") where "kind" = 'SUPPORT' and "closed_at" is null`,
})
// A buyer's support conversations, newest first (the desk's search and the customer context).
@Index({
  name: 'threads_support_buyer_created_at',
  expression: `create index "threads_support_buyer_created_at" on "threads" ("buyer_id", "created_at") where "kind" = 'SUPPORT'`,
})
export class Thread {
  [OptionalProps]?: 'lastSeq' | 'lastMessageAt' | 'waitingSince' | 'lastAgent' | 'assignee' | 'closedAt' | 'createdAt' | 'shipment' | 'order';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => ThreadKind, nativeEnumName: 'thread_kind' })
  kind: ThreadKind;

  @ManyToOne(() => Shipment, { ref: true, nullable: true, unique: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment> | null = null;

  /** SUPPORT only: the order the buyer asked about last, for the agent's context. */
  @ManyToOne(() => Order, { ref: true, nullable: true, deleteRule: 'set null' })
  order: Ref<Order> | null = null;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  buyer: Ref<User>;

  @Property({ type: 'integer' })
  lastSeq: number = 0;

  @Property({ type: 'Date', nullable: true })
  lastMessageAt: Date | null = null;

  /** SUPPORT: since when the buyer's oldest unanswered message waits; null once an agent answered. */
  @Property({ type: 'Date', nullable: true })
  waitingSince: Date | null = null;

  /** SUPPORT: the agent who answered last. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  lastAgent: Ref<User> | null = null;

  /** SUPPORT: the agent the conversation is assigned to (any agent may still answer). */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  assignee: Ref<User> | null = null;

  /**
   * SUPPORT: closed by an agent; the buyer's next message reopens it (agents may not write while it
   * is closed). A courier thread's read-only time follows its parcel's delivery instead.
   */
  @Property({ type: 'Date', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: { kind: ThreadKind; buyer: User; shipment?: Shipment | null; order?: Order | null }) {
    this.kind = input.kind;
    this.buyer = ref(input.buyer);
    this.shipment = input.shipment ? ref(input.shipment) : null;
    this.order = input.order ? ref(input.order) : null;
  }
}
