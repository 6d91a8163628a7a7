import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';

export const NotificationKind = {
  SHIPMENT_DISPATCHED: 'SHIPMENT_DISPATCHED',
  SHIPMENT_OUT_FOR_DELIVERY: 'SHIPMENT_OUT_FOR_DELIVERY',
  SHIPMENT_DELIVERED: 'SHIPMENT_DELIVERED',
  SHIPMENT_EXCEPTION: 'SHIPMENT_EXCEPTION',
  /** Someone wrote in a chat thread while the recipient had no live connection. */
  CHAT_MESSAGE: 'CHAT_MESSAGE',
  /** To a courier: a parcel was dispatched to them (detail: the merchant's note for them). */
  COURIER_DISPATCHED: 'COURIER_DISPATCHED',
  /** To a courier: a parcel they held was re-dispatched to someone else. */
  COURIER_WITHDRAWN: 'COURIER_WITHDRAWN',
  /** An agent asked the buyer for more photos (complaintId set). */
  COMPLAINT_EVIDENCE_REQUESTED: 'COMPLAINT_EVIDENCE_REQUESTED',
  /** An agent refunded, reshipped or rejected (complaintId set; detail: the resolution kind). */
  COMPLAINT_DECIDED: 'COMPLAINT_DECIDED',
  /** To the buyer: the store replied to their review (orderId set; detail: the reply's start). */
  REVIEW_REPLIED: 'REVIEW_REPLIED',
  /** To the buyer: the case was filed (complaintId set; detail: `<caseNo>:<first-response hours>`). */
  COMPLAINT_FILED: 'COMPLAINT_FILED',
  /** To the buyer: an agent or the store answered on the case (complaintId set; detail: the first words). */
  COMPLAINT_REPLIED: 'COMPLAINT_REPLIED',
  /** To the store: a parcel weighed light at pickup (shipmentId, waybillNo; detail "<weighed g>/<expected g>"). */
  PICKUP_WEIGHT_SHORT: 'PICKUP_WEIGHT_SHORT',
  /** To the buyer: an agent took an automatic refund back to review the case (complaintId set; detail: the agent's reason, first 200 chars). */
  COMPLAINT_AUTO_REVERSED: 'COMPLAINT_AUTO_REVERSED',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];
registerEnumType(NotificationKind, { name: 'NotificationKind' });

/**
 * An in-app notification. It stores what happened (kind + ids + a few words), not sentences:
 * each client words it in its viewer's language.
 */
@ObjectType({ simpleResolvers: true, description: 'Something a user should know about, e.g. a parcel is out for delivery' })
@Entity({ tableName: 'notifications' })
@Index({ properties: ['recipient', 'createdAt'] })
export class Notification {
  [OptionalProps]?: 'createdAt' | 'readAt' | 'shipmentId' | 'waybillNo' | 'detail' | 'complaintId' | 'threadId' | 'orderId';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  recipient: Ref<User>;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  kind: NotificationKind;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  shipmentId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'CHAT_MESSAGE: the thread to open' })
  @Property({ type: 'uuid', nullable: true })
  threadId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 32, nullable: true })
  waybillNo: string | null = null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  complaintId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'REVIEW_REPLIED: the reviewed order (its review page)' })
  @Property({ type: 'uuid', nullable: true })
  orderId: string | null = null;

  @Field(() => String, { nullable: true, description: 'Free text from the event, e.g. an exception note' })
  @Property({ type: 'string', length: 500, nullable: true })
  detail: string | null = null;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  readAt: Date | null = null;

  // Read with the row (NOTIFICATION_ROW), not stored: the store and goods of the parcel or complaint
  // it is about, so a buyer with several orders knows which one without opening it.
  @Field(() => String, { nullable: true, description: 'The store the parcel or complaint is from' })
  storeName?: string | null;

  @Field(() => String, { nullable: true, description: 'The first item of the parcel (or of the complaint’s order)' })
  itemTitle?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many different items that parcel or order holds' })
  itemCount?: number | null;

  constructor(input: { recipient: User; kind: NotificationKind; shipmentId?: string; waybillNo?: string; complaintId?: string; detail?: string | null; threadId?: string; orderId?: string }) {
    this.recipient = ref(input.recipient);
    this.threadId = input.threadId ?? null;
    this.kind = input.kind;
    this.shipmentId = input.shipmentId ?? null;
    this.waybillNo = input.waybillNo ?? null;
    this.complaintId = input.complaintId ?? null;
    this.orderId = input.orderId ?? null;
    this.detail = input.detail ?? null;
  }
}
