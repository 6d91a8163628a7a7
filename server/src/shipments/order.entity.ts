import { Collection, Entity, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Merchant } from './merchant.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Shipment } from './shipment.entity.js';

@ObjectType({ simpleResolvers: true, description: 'What a buyer bought from one store; ships in one or more parcels' })
@Entity({ tableName: 'orders' })
@Index({ properties: ['merchant', 'createdAt'] })
@Index({ properties: ['buyer', 'createdAt'] })
// The agents' search by the start of an order number (issue 17), index-backed in any collation.
@Index({ name: 'orders_order_no_pattern', expression: `create index "orders_order_no_pattern" on "orders" ("order_no" varchar_pattern_ops)` })
export class Order {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'The number shown to people, e.g. PD202611270001' })
  @Property({ type: 'string', length: 32, unique: true })
  orderNo: string;

  @ManyToOne(() => User, { ref: true })
  buyer: Ref<User>;

  @ManyToOne(() => Merchant, { ref: true })
  merchant: Ref<Merchant>;

  @Field({ description: 'Where the parcels go' })
  @Property({ type: 'string', length: 200 })
  shippingAddress: string;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @OneToMany(() => OrderLine, (line) => line.order, { orderBy: { position: 'asc' } })
  lines = new Collection<OrderLine>(this);

  @OneToMany(() => Shipment, (shipment) => shipment.order, { orderBy: { createdAt: 'asc', waybillNo: 'asc' } })
  shipments = new Collection<Shipment>(this);

  constructor(input: { orderNo: string; buyer: Ref<User> | User; merchant: Ref<Merchant> | Merchant; shippingAddress: string; createdAt?: Date }) {
    this.orderNo = input.orderNo;
    this.buyer = ref(input.buyer);
    this.merchant = ref(input.merchant);
    this.shippingAddress = input.shippingAddress;
    if (input.createdAt) this.createdAt = input.createdAt;
  }
}
