import type { AuthedContext } from '../common/context.js';
import { notFound } from '../common/errors.js';
import { liveFeed } from '../realtime/live.js';
import { ShipmentTopic } from './shipment.topics.js';
import { loadShipment, merchantOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';

/** One read of the changed parcel per event per process, shared by the store's open boards. */
const storeShipmentFeed = liveFeed<Shipment>(ShipmentTopic.STORE_SHIPMENT_UPDATED, (em, event) => loadShipment(em, event.id));

/**
 * The dispatch board, live: every change to any parcel of the signed-in merchant's store, as the
 * parcel is now. Routed by merchant id, so other stores' events never reach this subscription; the
 * parcel's store is checked again, in memory, all the same.
 */
export async function followStoreShipments(ctx: AuthedContext): Promise<AsyncIterable<Shipment>> {
  const merchant = await merchantOf(ctx.em.fork(), ctx.user);
  if (!merchant) throw notFound('Store');
  return ctx.deps.live.follow(storeShipmentFeed, merchant.id, (shipment) =>
    shipment.order.getEntity().merchant.id === merchant.id ? shipment : null,
  );
}
