import { ChatSystemEvent, ShipmentStatus } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { Orm } from '../db/orm.js';
import type { ShipmentChange } from '../shipments/shipment.events.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { appendSystemMessage, ensureCourierThread } from './chat.service.js';
import { selectRows } from '../common/sql.js';

const EVENT_FOR: Partial<Record<ShipmentStatus, ChatSystemEvent>> = {
  PICKED_UP: ChatSystemEvent.PICKED_UP,
  EXCEPTION: ChatSystemEvent.EXCEPTION,
  DELIVERED: ChatSystemEvent.DELIVERED,
};

/**
 * Writes dispatch, re-dispatch, pickup, exception and delivery into the parcel's courier thread
 * (opening it at the first dispatch). Registered on ShipmentEvents at start-up; the thread's
 * courier itself needs no update, it is read from the parcel.
 */
export function courierThreadSystemMessages(orm: Orm) {
  return async (change: ShipmentChange): Promise<void> => {
    let event: ChatSystemEvent | undefined;
    if (change.status === ShipmentStatus.DISPATCHED) {
      const moved = change.previousCourierId !== null && change.previousCourierId !== change.courierId;
      event = moved ? ChatSystemEvent.REDISPATCHED : ChatSystemEvent.DISPATCHED;
    } else event = EVENT_FOR[change.status];
    if (!event) return;
    const em = orm.em.fork();
    // The thread exists from the first dispatch on: found by the parcel alone; opened here otherwise.
    const [existing] = await selectRows<{ id: string }>(em, 'select id from threads where shipment_id = ?', [change.shipmentId]);
    const threadId = existing?.id ?? (await ensureCourierThread(em, await em.findOneOrFail(Shipment, change.shipmentId, { populate: ['order'] })));
    let detail = change.note ?? '';
    if (event === ChatSystemEvent.DISPATCHED || event === ChatSystemEvent.REDISPATCHED) {
      detail = change.courierName ?? (change.courierId ? ((await em.findOne(User, change.courierId))?.displayName ?? '') : '');
    }
    await appendSystemMessage(em, threadId, event, detail);
  };
}
