import { Entity, Index, ManyToOne, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { OrderLine } from './order-line.entity.js';
import { Shipment } from './shipment.entity.js';

@ObjectType({ simpleResolvers: true, description: 'How many of one order line a parcel carries' })
@Entity({ tableName: 'shipment_items' })
@Index({ properties: ['shipment'] })
@Index({ properties: ['line'] })
export class ShipmentItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment>;

  @ManyToOne(() => OrderLine, { ref: true, deleteRule: 'cascade' })
  line: Ref<OrderLine>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantity: number;

  // One object parameter: constructor parameter types are emitted as metadata, and a bare
  // Shipment there would be read before shipment.entity.ts finishes loading (circular import).
  constructor(input: { shipment: Shipment; line: OrderLine; quantity: number }) {
    this.shipment = ref(input.shipment);
    this.line = ref(input.line);
    this.quantity = input.quantity;
  }
}
