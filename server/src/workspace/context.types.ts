import { ShipmentStatus } from '@parceldesk/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CaseHeadline } from '../complaints/case-headline.type.js';

/* The customer context beside a case or a support conversation (issue 17), read-only, agents only. */

@ObjectType({ simpleResolvers: true })
export class ContextScan {
  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field(() => Int, { nullable: true })
  measuredWeightGrams!: number | null;

  @Field()
  occurredAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ContextParcel {
  @Field(() => ID)
  id!: string;

  @Field()
  waybillNo!: string;

  @Field()
  carrier!: string;

  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field(() => String, { nullable: true })
  courierName!: string | null;

  @Field(() => Int, { description: 'What its lines should weigh' })
  expectedGrams!: number;

  @Field(() => Int, { nullable: true, description: 'The latest pickup weighing' })
  pickupWeightGrams!: number | null;

  @Field(() => ID, { nullable: true, description: 'Its courier conversation, if any' })
  threadId!: string | null;

  @Field(() => [ContextScan], { description: 'Newest first, at most 8' })
  scans!: ContextScan[];
}

@ObjectType({ simpleResolvers: true })
export class ContextOrder {
  @Field(() => ID)
  id!: string;

  @Field()
  orderNo!: string;

  @Field()
  storeName!: string;

  @Field(() => Int)
  totalCents!: number;

  @Field()
  createdAt!: Date;

  @Field(() => [ContextParcel])
  parcels!: ContextParcel[];
}

/** A case of the customer's in the context panel: its headline alone. */
@ObjectType({ simpleResolvers: true })
export class ContextCase extends CaseHeadline {}

@ObjectType({ simpleResolvers: true })
export class ContextMessage {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  seq!: number;

  @Field()
  body!: string;

  @Field(() => String, { nullable: true, description: 'A SYSTEM message’s event' })
  systemEvent!: string | null;

  @Field(() => String, { nullable: true })
  authorName!: string | null;

  @Field(() => String, { nullable: true })
  authorRole!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ContextTranscript {
  @Field(() => ID)
  threadId!: string;

  @Field(() => String, { description: 'COURIER or SUPPORT' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'COURIER: the parcel’s waybill' })
  waybillNo!: string | null;

  @Field(() => [ContextMessage], { description: 'The latest messages, oldest first' })
  messages!: ContextMessage[];
}

@ObjectType({ simpleResolvers: true })
export class CustomerContext {
  @Field(() => ID)
  buyerId!: string;

  @Field()
  buyerName!: string;

  @Field()
  buyerMaskedPhone!: string;

  @Field(() => [ContextOrder], { description: 'The buyer’s latest orders, newest first' })
  orders!: ContextOrder[];

  @Field(() => [ContextCase], { description: 'The buyer’s other cases, newest first' })
  previousCases!: ContextCase[];

  @Field(() => Int, { description: 'Every case of the buyer, this one included' })
  caseCount!: number;

  @Field(() => Int, { description: 'Refunds standing on the buyer’s cases' })
  refundedTotalCents!: number;

  @Field(() => String, { nullable: true })
  storeName!: string | null;

  @Field(() => Int, { description: 'Orders of the store in the last 90 days' })
  storeOrders!: number;

  @Field(() => Int, { description: 'Cases on those orders' })
  storeCases!: number;

  @Field(() => [ContextTranscript], { description: 'The support conversation and the case’s courier conversation, read-only' })
  transcripts!: ContextTranscript[];
}
