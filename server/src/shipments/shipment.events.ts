import type { ShipmentStatus } from '@parceldesk/shared';
import type { Logger } from 'pino';

/** A committed change of a parcel, for features above shipments/ (chat's SYSTEM messages). */
export interface ShipmentChange {
  shipmentId: string;
  status: ShipmentStatus;
  courierId: string | null;
  /** DISPATCHED: who held the parcel before (a re-dispatch when set and different). */
  previousCourierId: string | null;
  note: string | null;
  /** DISPATCHED: the display name of the courier it went to. */
  courierName?: string;
}

export type ShipmentChangeListener = (change: ShipmentChange) => Promise<void>;

/**
 * Lets chat/ (and later complaints/) react to parcel changes without shipments/ importing them
 * (DESIGN §3: dependencies point one way). Listeners run after the commit; one failing is logged
 * and does not undo the parcel change.
 */
export class ShipmentEvents {
  private readonly listeners: ShipmentChangeListener[] = [];

  constructor(private readonly logger: Logger) {}

  on(listener: ShipmentChangeListener): void {
    this.listeners.push(listener);
  }

  async emit(change: ShipmentChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error({ err: error, shipmentId: change.shipmentId }, 'shipment change listener failed');
      }
    }
  }
}
