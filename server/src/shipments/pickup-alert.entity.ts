import { Entity, ManyToOne, OneToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { Merchant } from './merchant.entity.js';
import { Shipment } from './shipment.entity.js';

/**
 * 揽收称重偏轻: the courier's scale at pickup read less than the parcel's items should weigh, by more
 * than the workbench's tolerance. Raised once per parcel when the scan is recorded, shown to the
 * store live with a one-tap supplementary parcel, and read by a later case's signals (the store
 * was warned, and what it did).
 */
@Entity({ tableName: 'pickup_alerts' })
export class PickupAlert {
  [OptionalProps]?: 'createdAt' | 'supplement' | 'actedAt' | 'actedBy';
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Shipment, { ref: true, owner: true, unique: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment>;

  @ManyToOne(() => Merchant, { ref: true, deleteRule: 'cascade', index: true })
  merchant: Ref<Merchant>;
  @Property({ type: 'integer' })
  expectedGrams: number;
  @Property({ type: 'integer' })
  weighedGrams: number;
  @Property({ type: 'integer' })
  toleranceGrams: number;
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** The supplementary parcel the store sent for the missing goods. */
  @ManyToOne(() => Shipment, { ref: true, nullable: true, deleteRule: 'set null' })
  supplement: Ref<Shipment> | null = null;
  @Property({ type: 'Date', nullable: true })
  actedAt: Date | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true })
  actedBy: Ref<User> | null = null;

  constructor(input: { shipment: Shipment; merchant: Merchant; expectedGrams: number; weighedGrams: number; toleranceGrams: number }) {
    this.shipment = ref(input.shipment);
    this.merchant = ref(input.merchant);
    this.expectedGrams = input.expectedGrams;
    this.weighedGrams = input.weighedGrams;
    this.toleranceGrams = input.toleranceGrams;
  }

  sent(supplement: Shipment, by: User, at: Date): void {
    this.supplement = ref(supplement);
    this.actedBy = ref(by);
    this.actedAt = at;
  }
}
