import type { AuthedContext } from '../common/context.js';
import { notFound } from '../common/errors.js';
import { Topic } from '../realtime/pubsub.js';
import { loadShipment, merchantOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';

/**
 * The dispatch board, live: every change to any parcel of the signed-in merchant's store, as the
 * parcel is now. Routed by merchant id, so other stores' events never reach this iterator; the
 * parcel's store is checked again on read all the same. Each event is read through a fresh
 * EntityManager (the subscription's own would serve its cached copy).
 */
export async function followStoreShipments(ctx: AuthedContext): Promise<AsyncIterable<Shipment>> {
  const merchant = await merchantOf(ctx.em.fork(), ctx.user);
  if (!merchant) throw notFound('Store');
  const events = ctx.deps.realtime.subscribe(Topic.STORE_SHIPMENT_UPDATED, merchant.id);
  return (async function* () {
    for await (const event of events) {
      const shipment = await loadShipment(ctx.em.fork(), event.id);
      if (shipment && shipment.order.getEntity().merchant.id === merchant.id) yield shipment;
    }
  })();
}
