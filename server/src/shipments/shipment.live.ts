import type { AuthedContext } from '../common/context.js';
import { liveFeed } from '../realtime/live.js';
import { ShipmentTopic } from './shipment.topics.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { canFollowShipment } from './shipment.access.js';
import { readShipmentSnapshot } from './shipment.loaders.js';
import { readShipmentRows, type ShipmentRow } from './shipment.reads.js';
import { viewerOf } from './viewer.js';

/**
 * One read of the changed parcel per event per process: its row with the access facts, its order,
 * dispatch, courier, timeline and items (shipment.reads.ts), shared by every subscriber.
 */
const shipmentFeed = liveFeed<ShipmentRow>(ShipmentTopic.SHIPMENT_UPDATED, (em, event) => readShipmentSnapshot(em, event.key));

/**
 * Subscribes to one parcel's changes and yields the parcel as it is now in the database. Access
 * is checked when subscribing (anyone else gets NOT_FOUND at once) and again, in memory, on each
 * event (the pure rules of shipment.access.ts), so a courier the parcel was taken from by
 * re-dispatch stops receiving it. The viewer (with a merchant's store) is worked out once here.
 */
export async function followShipment(ctx: AuthedContext, shipmentId: string): Promise<AsyncIterable<ShipmentRow>> {
  const viewer = viewerOf(ctx);
  const [shipment] = isUuid(shipmentId) ? await readShipmentRows(ctx.em, [shipmentId]) : [];
  if (!shipment || !canFollowShipment(viewer, shipment)) throw notFound('Shipment');
  return ctx.deps.live.follow(shipmentFeed, shipment.id, (current) => (canFollowShipment(viewer, current) ? current : null));
}
