import type { AuthedContext } from '../common/context.js';
import { liveFeed } from '../realtime/live.js';
import { Topic } from '../realtime/pubsub.js';
import { canFollowShipment, findVisibleShipment, loadShipment, merchantOf } from './shipment.access.js';
import type { Shipment } from './shipment.entity.js';

/** One read of the changed parcel (with its order, for the access check) per event per process. */
const shipmentFeed = liveFeed<Shipment>(Topic.SHIPMENT_UPDATED, (em, event) => loadShipment(em, event.key));

/**
 * Subscribes to one parcel's changes and yields the parcel as it is now in the database. Access
 * is checked when subscribing (anyone else gets NOT_FOUND at once) and again, in memory, on each
 * event, so a courier the parcel was taken from by re-dispatch stops receiving it. The viewer's
 * store is looked up once here: which store a merchant runs does not change.
 */
export async function followShipment(ctx: AuthedContext, shipmentId: string): Promise<AsyncIterable<Shipment>> {
  const em = ctx.em.fork();
  const shipment = await findVisibleShipment(em, ctx.user, shipmentId, true);
  const merchant = await merchantOf(em, ctx.user);
  return ctx.deps.live.follow(shipmentFeed, shipment.id, (current) => (canFollowShipment(ctx.user, current, merchant) ? current : null));
}
