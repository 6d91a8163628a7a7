import { Entity, ManyToOne, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { OrderLine } from '../shipments/order-line.entity.js';
import { Complaint } from './complaint.entity.js';

@ObjectType({ simpleResolvers: true, description: 'How many of one order line the buyer says are missing' })
@Entity({ tableName: 'complaint_items' })
@Unique({ properties: ['complaint', 'line'] })
export class ComplaintItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Complaint, { ref: true, deleteRule: 'cascade' })
  complaint: Ref<Complaint>;

  @ManyToOne(() => OrderLine, { ref: true, deleteRule: 'cascade' })
  line: Ref<OrderLine>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantityMissing: number;

  constructor(input: { complaint: Complaint; line: OrderLine; quantityMissing: number }) {
    this.complaint = ref(input.complaint);
    this.line = ref(input.line);
    this.quantityMissing = input.quantityMissing;
  }
}
