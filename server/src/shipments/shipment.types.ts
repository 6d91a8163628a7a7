import { DeliveryReceipt, dispatchShipmentSchema, ShipmentStatus, DispatchChannel, merchantOrdersFilterSchema, trackingEventSchema } from '@parceldesk/shared';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { ConnectionType } from '../common/pagination.js';
import { Order } from './order.entity.js';
import { Shipment } from './shipment.entity.js';

@ObjectType({ simpleResolvers: true })
export class OrderConnection extends ConnectionType(Order) {}

@ObjectType({ simpleResolvers: true })
export class ShipmentConnection extends ConnectionType(Shipment) {}

@InputType({ description: 'Narrows the merchant’s order list' })
export class MerchantOrdersFilter {
  static schema = merchantOrdersFilterSchema;

  @Field(() => ShipmentStatus, { nullable: true, description: 'Orders with at least one parcel in this state' })
  status?: ShipmentStatus;

  @Field(() => String, { nullable: true, description: 'Waybill number, order number or buyer name (parts of them), or the buyer’s phone: the full number or its last four digits' })
  search?: string;
}

@InputType()
export class DispatchShipmentInput {
  static schema = dispatchShipmentSchema;

  @Field(() => ID)
  shipmentId!: string;

  @Field(() => ID, { description: 'A COURIER user' })
  courierId!: string;

  @Field(() => DispatchChannel)
  channel!: DispatchChannel;

  @Field({ description: 'When the courier should collect the parcel; not in the past' })
  pickupAt!: Date;

  @Field()
  pickupAddress!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version the merchant saw; a newer one answers CONFLICT' })
  expectedVersion?: number | null;
}

@InputType()
export class RecordTrackingEventInput {
  static schema = trackingEventSchema;

  @Field(() => ID)
  shipmentId!: string;

  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for EXCEPTION' })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'Weighed at PICKED_UP' })
  measuredWeightGrams?: number | null;

  @Field(() => DeliveryReceipt, { nullable: true, description: 'At DELIVERED: how the parcel was received' })
  receivedBy?: DeliveryReceipt | null;

  @Field(() => String, { nullable: true, description: 'With receivedBy LOCKER: the code the buyer collects it with' })
  pickupCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version the courier saw; a newer one answers CONFLICT' })
  expectedVersion?: number | null;
}

@ObjectType({ description: 'A courier and how many parcels they hold now' })
export class CourierLoad {
  @Field(() => User)
  courier!: User;

  @Field({ description: 'The courier’s full phone number, for the merchant to call' })
  phone!: string;

  @Field(() => Int, { description: 'Parcels dispatched to them and not yet delivered' })
  activeParcels!: number;
}

@ObjectType({ description: 'How the buyer reaches the courier of a parcel' })
export class CourierContact {
  @Field(() => ID)
  courierId!: string;

  @Field()
  displayName!: string;

  @Field({ description: 'The full number while the parcel is on its way (until 24 h after delivery), masked otherwise' })
  phone!: string;

  @Field()
  masked!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the full number stops being shown (24 h after delivery)' })
  revealedUntil!: Date | null;
}

@ObjectType({ description: 'Who receives a parcel, for the courier delivering it' })
export class RecipientContact {
  @Field()
  name!: string;

  @Field({ description: 'Full while the parcel is on its way (the same window as the courier’s number), masked otherwise' })
  phone!: string;

  @Field()
  masked!: boolean;
}
