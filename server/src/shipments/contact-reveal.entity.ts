import { Entity, Index, ManyToOne, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { Shipment } from './shipment.entity.js';

/**
 * Audit: a buyer was shown a courier's full phone number. One row per viewer and parcel per
 * audit window (config contactAuditWindowSeconds); the index finds the last one.
 */
@Entity({ tableName: 'contact_reveals' })
@Index({ properties: ['shipment', 'viewer', 'revealedAt'] })
export class ContactReveal {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment>;

  @ManyToOne(() => User, { ref: true })
  viewer: Ref<User>;

  @ManyToOne(() => User, { ref: true })
  courier: Ref<User>;

  @Property({ type: 'Date' })
  revealedAt: Date = new Date();

  constructor(input: { shipment: Shipment; viewer: User; courier: User }) {
    this.shipment = ref(input.shipment);
    this.viewer = ref(input.viewer);
    this.courier = ref(input.courier);
  }
}
