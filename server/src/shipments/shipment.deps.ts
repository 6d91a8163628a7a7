import type { AuthedContext, CoreDeps } from '../common/context.js';
import type { OutboxWorker } from '../notifications/outbox.worker.js';
import type { ShipmentEvents } from './shipment.events.js';

/** What shipments/ needs from the process beyond the core. */
export interface ShipmentDeps extends CoreDeps {
  /** Woken after a change queues notifications. */
  outbox: OutboxWorker;
  /** Parcel changes, for whoever listens (chat's courier thread). */
  shipmentEvents: ShipmentEvents;
}

export type ShipmentContext = AuthedContext<ShipmentDeps>;
