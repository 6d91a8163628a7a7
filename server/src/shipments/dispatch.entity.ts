import { Entity, Index, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { DispatchChannel } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Shipment } from './shipment.entity.js';

registerEnumType(DispatchChannel, { name: 'DispatchChannel', description: 'How the merchant reached the courier' });

/** 人工派单: one hand-over of a parcel to a courier. Every re-dispatch adds a row; none is edited. */
@ObjectType({ simpleResolvers: true, description: 'A manual dispatch of a parcel to a courier' })
@Entity({ tableName: 'dispatches' })
@Index({ properties: ['shipment', 'createdAt'] })
export class Dispatch {
  [OptionalProps]?: 'createdAt' | 'note';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment>;

  @ManyToOne(() => User, { ref: true })
  courier: Ref<User>;

  @Field(() => DispatchChannel)
  @Enum({ items: () => DispatchChannel, nativeEnumName: 'dispatch_channel' })
  channel: DispatchChannel;

  @Field()
  @Property({ type: 'Date' })
  pickupAt: Date;

  @Field()
  @Property({ type: 'string', length: 200 })
  pickupAddress: string;

  /** 给派件员的话: for the courier and the store only; DispatchResolver.note hides it from buyers. */
  @Property({ type: 'string', length: 500, nullable: true })
  note: string | null = null;

  @ManyToOne(() => User, { ref: true })
  dispatchedBy: Ref<User>;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: {
    shipment: Shipment;
    courier: User;
    channel: DispatchChannel;
    pickupAt: Date;
    pickupAddress: string;
    note?: string | null;
    dispatchedBy: User;
    createdAt?: Date;
  }) {
    this.shipment = ref(input.shipment);
    this.courier = ref(input.courier);
    this.channel = input.channel;
    this.pickupAt = input.pickupAt;
    this.pickupAddress = input.pickupAddress;
    this.note = input.note ?? null;
    this.dispatchedBy = ref(input.dispatchedBy);
    if (input.createdAt) this.createdAt = input.createdAt;
  }
}
