import { Collection, Entity, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { ErrorCode } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { DomainError } from '../common/errors.js';
import { Complaint } from '../complaints/complaint.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Order } from '../shipments/order.entity.js';
import { ReviewPhoto } from './review-photo.entity.js';

/**
 * 在线评价: a buyer's review of one delivered order (one per order, the unique index decides
 * between two racing posts), and the store's one public reply. The store is kept on the row so a
 * store's page and its average are one indexed read.
 */
@ObjectType({ description: 'A buyer’s review of a delivered order (在线评价), with the store’s reply' })
@Entity({ tableName: 'reviews' })
@Unique({ properties: ['order'] })
@Index({ properties: ['merchant', 'createdAt'] })
export class Review {
  [OptionalProps]?: 'createdAt' | 'complaint' | 'replyBody' | 'repliedAt' | 'replyAuthor' | 'version';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order, { ref: true })
  order: Ref<Order>;

  @ManyToOne(() => User, { ref: true })
  buyer: Ref<User>;

  @ManyToOne(() => Merchant, { ref: true })
  merchant: Ref<Merchant>;

  @Field(() => Int, { description: '1 to 5 stars' })
  @Property({ type: 'smallint' })
  rating: number;

  @Field({ description: 'Trimmed; may be empty' })
  @Property({ type: 'text' })
  body: string;

  @Field({ description: 'Tagged 少件 (arrived short): it opened or joined the order’s short-shipment case' })
  @Property({ type: 'boolean' })
  arrivedShort: boolean;

  /** The case an arrived-short review opened or joined. */
  @ManyToOne(() => Complaint, { ref: true, nullable: true, deleteRule: 'set null' })
  complaint: Ref<Complaint> | null = null;

  @Property({ type: 'text', nullable: true })
  replyBody: string | null = null;

  @Property({ type: 'Date', nullable: true })
  repliedAt: Date | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true })
  replyAuthor: Ref<User> | null = null;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** Two replies racing: the versioned UPDATE lets one through. */
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @OneToMany(() => ReviewPhoto, (photo) => photo.review, { orderBy: { position: 'asc' } })
  photos = new Collection<ReviewPhoto>(this);

  constructor(input: { order: Order; buyer: User | Ref<User>; rating: number; body: string; arrivedShort: boolean }) {
    this.order = ref(input.order);
    this.buyer = ref(input.buyer);
    this.merchant = input.order.merchant;
    this.rating = input.rating;
    this.body = input.body;
    this.arrivedShort = input.arrivedShort;
  }

  /**
   * The store answers once, in public. No edits: the buyer and other shoppers have read it, and a
   * reply that changes afterwards would make the conversation unreliable.
   */
  reply(author: User | Ref<User>, body: string, at = new Date()): void {
    if (this.repliedAt) throw new DomainError(ErrorCode.CONFLICT, 'The store has already replied to this review');
    this.replyAuthor = ref(author);
    this.replyBody = body;
    this.repliedAt = at;
  }
}
