import { Entity, Index, ManyToOne, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Order } from './order.entity.js';

@ObjectType({ simpleResolvers: true, description: 'One product of an order, with how many were bought' })
@Entity({ tableName: 'order_lines' })
@Index({ properties: ['order', 'position'] })
export class OrderLine {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order: Ref<Order>;

  /** Display order within the order. */
  @Property({ type: 'smallint' })
  position: number;

  @Field()
  @Property({ type: 'string', length: 120 })
  title: string;

  @Field()
  @Property({ type: 'string', length: 40 })
  sku: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  unitPriceCents: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantity: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  unitWeightGrams: number;

  constructor(input: { order: Order; position: number; title: string; sku: string; unitPriceCents: number; quantity: number; unitWeightGrams: number }) {
    this.order = ref(input.order);
    this.position = input.position;
    this.title = input.title;
    this.sku = input.sku;
    this.unitPriceCents = input.unitPriceCents;
    this.quantity = input.quantity;
    this.unitWeightGrams = input.unitWeightGrams;
  }

  /** Published by OrderLineResolver.lineTotalCents (for entities and plain rows alike). */
  get lineTotalCents(): number {
    return this.unitPriceCents * this.quantity;
  }
}
