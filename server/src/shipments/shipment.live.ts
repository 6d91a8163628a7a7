import type { AuthedContext } from '../common/context.js';
import { liveFeed } from '../realtime/live.js';
import { Topic } from '../realtime/pubsub.js';
import { canFollowShipment, findVisibleShipment, loadShipment, shipmentAccessOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';
import { viewerOf } from './viewer.js';

/** One read of the changed parcel (with its order, for the access check) per event per process. */
const shipmentFeed = liveFeed<Shipment>(Topic.SHIPMENT_UPDATED, (em, event) => loadShipment(em, event.key));

/**
 * Subscribes to one parcel's changes and yields the parcel as it is now in the database. Access
 * is checked when subscribing (anyone else gets NOT_FOUND at once) and again, in memory, on each
 * event (the pure rules of shipment.access.ts), so a courier the parcel was taken from by
 * re-dispatch stops receiving it. The viewer (with a merchant's store) is worked out once here.
 */
export async function followShipment(ctx: AuthedContext, shipmentId: string): Promise<AsyncIterable<Shipment>> {
  const viewer = await viewerOf(ctx);
  const shipment = await findVisibleShipment(ctx.em.fork(), viewer, shipmentId, true);
  return ctx.deps.live.follow(shipmentFeed, shipment.id, (current) => (canFollowShipment(viewer, shipmentAccessOf(current)) ? current : null));
}
