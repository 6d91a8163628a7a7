import type { AuthedContext } from '../common/context.js';
import { notFound } from '../common/errors.js';
import { liveFeed } from '../realtime/live.js';
import { Topic } from '../realtime/pubsub.js';
import { loadShipment, merchantOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';

/** Events are routed by store (key = merchant id) and carry the parcel's id: one read per event per process. */
const storeFeed = liveFeed<Shipment>(Topic.STORE_SHIPMENT_UPDATED, (em, event) => loadShipment(em, event.id));

/**
 * The dispatch board, live: every change to any parcel of the signed-in merchant's store, as the
 * parcel is now. Other stores' events never reach this subscriber (routing by store), and the
 * parcel's store is checked again in memory all the same.
 */
export async function followStoreShipments(ctx: AuthedContext): Promise<AsyncIterable<Shipment>> {
  const merchant = await merchantOf(ctx.em.fork(), ctx.user);
  if (!merchant) throw notFound('Store');
  return ctx.deps.live.follow(storeFeed, merchant.id, (shipment) => (shipment.order.getEntity().merchant.id === merchant.id ? shipment : null));
}
