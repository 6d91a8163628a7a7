import type { AuthedContext } from '../common/context.js';
import { Topic } from '../realtime/pubsub.js';
import { canFollowShipment, findVisibleShipment, loadShipment, shipmentAccessOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';
import { viewerOf } from './viewer.js';

/**
 * Subscribes to one parcel's changes and yields the parcel as it is now in the database. Access
 * is checked when subscribing (anyone else gets NOT_FOUND at once) and again on each event, so a
 * courier the parcel was taken from by re-dispatch stops receiving it. Each event is read through
 * a fresh EntityManager: the subscription's own would serve its cached, older copy.
 */
export async function followShipment(ctx: AuthedContext, shipmentId: string): Promise<AsyncIterable<Shipment>> {
  const viewer = await viewerOf(ctx);
  await findVisibleShipment(ctx.em.fork(), viewer, shipmentId, true);
  const events = ctx.deps.realtime.subscribe(Topic.SHIPMENT_UPDATED, shipmentId);
  return (async function* () {
    for await (const event of events) {
      const em = ctx.em.fork();
      const shipment = await loadShipment(em, event.key);
      if (shipment && canFollowShipment(viewer, shipmentAccessOf(shipment))) yield shipment;
    }
  })();
}
