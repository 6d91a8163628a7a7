import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { canShipmentTransition, ErrorCode, isDispatchable, ShipmentStatus } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { DomainError } from '../common/errors.js';
import { Dispatch } from './dispatch.entity.js';
import { Order } from './order.entity.js';
import { ShipmentItem } from './shipment-item.entity.js';
import { TrackingEvent } from './tracking-event.entity.js';

registerEnumType(ShipmentStatus, { name: 'ShipmentStatus', description: 'Where a parcel is (DESIGN §5)' });

@ObjectType({ simpleResolvers: true, description: 'One parcel of an order, under one waybill' })
@Entity({ tableName: 'shipments' })
@Index({ properties: ['courier', 'status'] })
@Index({ properties: ['order'] })
// The agents' search by the start of a waybill (issue 17), index-backed in any collation.
@Index({ name: 'shipments_waybill_no_pattern', expression: `create index "shipments_waybill_no_pattern" on "shipments" ("waybill_no" varchar_pattern_ops)` })
export class Shipment {
  [OptionalProps]?: 'status' | 'version' | 'createdAt' | 'updatedAt' | 'deliveredAt' | 'courier' | 'currentDispatch' | 'statusBeforeException';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order: Ref<Order>;

  @Field()
  @Property({ type: 'string', length: 32, unique: true })
  waybillNo: string;

  @Field({ description: 'Carrier name shown on the waybill' })
  @Property({ type: 'string', length: 40 })
  carrier: string;

  @Field(() => ShipmentStatus)
  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status' })
  status: ShipmentStatus = ShipmentStatus.CREATED;

  /** The courier holding the parcel now (from the latest dispatch). */
  @ManyToOne(() => User, { ref: true, nullable: true })
  courier: Ref<User> | null = null;

  @Field(() => ShipmentStatus, { nullable: true, description: 'The state the parcel had reached before its latest exception: where the courier resumes' })
  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status', nullable: true })
  statusBeforeException: ShipmentStatus | null = null;

  @ManyToOne(() => Dispatch, { ref: true, nullable: true })
  currentDispatch: Ref<Dispatch> | null = null;

  @Field(() => Int, { description: 'What the merchant declared: the sum of the items’ unit weights' })
  @Property({ type: 'integer' })
  declaredWeightGrams: number;

  @Field(() => Int, { description: 'Bumped by every change; clients compare it to catch up after a reconnect' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  deliveredAt: Date | null = null;

  @OneToMany(() => ShipmentItem, (item) => item.shipment)
  items = new Collection<ShipmentItem>(this);

  @OneToMany(() => TrackingEvent, (event) => event.shipment, { orderBy: { occurredAt: 'asc', createdAt: 'asc' } })
  events = new Collection<TrackingEvent>(this);

  @OneToMany(() => Dispatch, (dispatch) => dispatch.shipment, { orderBy: { createdAt: 'asc' } })
  dispatches = new Collection<Dispatch>(this);

  constructor(input: { order: Order; waybillNo: string; carrier: string; declaredWeightGrams: number; createdAt?: Date }) {
    this.order = ref(input.order);
    this.waybillNo = input.waybillNo;
    this.carrier = input.carrier;
    this.declaredWeightGrams = input.declaredWeightGrams;
    if (input.createdAt) {
      this.createdAt = input.createdAt;
      this.updatedAt = input.createdAt;
    }
  }

  /** Moves the parcel along the state machine of `shared`; anything else is INVALID_TRANSITION. */
  transitionTo(next: ShipmentStatus, at: Date = new Date()): void {
    if (!canShipmentTransition(this.status, next)) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `A parcel cannot go from ${this.status} to ${next}`, {
        from: this.status,
        to: next,
      });
    }
    if (next === ShipmentStatus.EXCEPTION) this.statusBeforeException = this.status;
    this.status = next;
    if (next === ShipmentStatus.DELIVERED) this.deliveredAt = at;
  }

  /** Hands the parcel to a courier: a first dispatch, or a re-dispatch from DISPATCHED or EXCEPTION. */
  dispatchTo(dispatch: Dispatch): void {
    if (!isDispatchable(this.status)) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `A parcel cannot go from ${this.status} to ${ShipmentStatus.DISPATCHED}`, {
        from: this.status,
        to: ShipmentStatus.DISPATCHED,
      });
    }
    this.transitionTo(ShipmentStatus.DISPATCHED, dispatch.createdAt);
    this.courier = dispatch.courier;
    this.currentDispatch = ref(dispatch);
  }
}
