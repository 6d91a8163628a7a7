import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { DeliveryReceipt, ShipmentStatus } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Shipment } from './shipment.entity.js';

registerEnumType(DeliveryReceipt, { name: 'DeliveryReceipt', description: '签收方式: how a delivered parcel was received' });

/** One line of a parcel's timeline. Kept forever: the courier chat shows them as system messages. */
@ObjectType({ simpleResolvers: true, description: 'A step in a parcel’s timeline' })
@Entity({ tableName: 'tracking_events' })
@Index({ properties: ['shipment', 'occurredAt'] })
export class TrackingEvent {
  [OptionalProps]?: 'createdAt' | 'location' | 'note' | 'measuredWeightGrams' | 'receivedBy' | 'pickupCode';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment>;

  @Field(() => ShipmentStatus)
  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status' })
  status: ShipmentStatus;

  /**
   * Where the step happened: a courier's scan location (up to LIMITS.locationMaxLength), or for
   * DISPATCHED the pickup address the merchant gave (up to LIMITS.addressMaxLength). The column
   * holds the longer of the two, so the timeline keeps the whole address.
   */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  location: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  note: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Weighed at pickup' })
  @Property({ type: 'integer', nullable: true })
  measuredWeightGrams: number | null = null;

  @Field(() => DeliveryReceipt, { nullable: true, description: 'At DELIVERED: received by the buyer, by someone for them, or left in a locker/station' })
  @Enum({ items: () => DeliveryReceipt, nativeEnumName: 'delivery_receipt', nullable: true })
  receivedBy: DeliveryReceipt | null = null;

  @Field(() => String, { nullable: true, description: 'The locker or station pickup code the buyer collects the parcel with' })
  @Property({ type: 'string', length: 20, nullable: true })
  pickupCode: string | null = null;

  @Field()
  @Property({ type: 'Date' })
  occurredAt: Date;

  @ManyToOne(() => User, { ref: true })
  recordedBy: Ref<User>;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: {
    shipment: Shipment;
    status: ShipmentStatus;
    recordedBy: User;
    occurredAt?: Date;
    location?: string | null;
    note?: string | null;
    measuredWeightGrams?: number | null;
    receivedBy?: DeliveryReceipt | null;
    pickupCode?: string | null;
  }) {
    this.shipment = ref(input.shipment);
    this.status = input.status;
    this.recordedBy = ref(input.recordedBy);
    this.occurredAt = input.occurredAt ?? new Date();
    this.location = input.location ?? null;
    this.note = input.note ?? null;
    this.measuredWeightGrams = input.measuredWeightGrams ?? null;
    this.receivedBy = input.receivedBy ?? null;
    this.pickupCode = input.pickupCode ?? null;
  }
}
