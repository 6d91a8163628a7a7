import type { EntityManager } from '@mikro-orm/postgresql';
import { weightToleranceGrams } from '@parceldesk/shared';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { Merchant } from './merchant.entity.js';
import { PickupAlert } from './pickup-alert.entity.js';
import { ShipmentItem } from './shipment-item.entity.js';
import type { Shipment } from './shipment.entity.js';

/*
 * The pickup scan's side of the pickup alerts (shipment.service.ts calls it). The store's side
 * (its board, sending the missing goods) is pickup-alerts.ts, which reads orders through
 * ShipmentService: kept apart so that neither file imports the other.
 */

/**
 * Prevention at pickup: a parcel weighed lighter than its items should weigh, by more than the
 * workbench's tolerance, warns its store at once (the board, live, and a notification) with a
 * one-tap supplementary parcel for the missing goods. Called in the pickup scan's unit of work.
 */
export async function raisePickupAlert(em: EntityManager, shipment: Shipment, weighedGrams: number): Promise<PickupAlert | null> {
  const items = await em.find(ShipmentItem, { shipment: shipment.id }, { populate: ['line'] });
  const expectedGrams = items.reduce((sum, item) => sum + item.quantity * item.line.getEntity().unitWeightGrams, 0);
  const toleranceGrams = weightToleranceGrams(expectedGrams);
  if (expectedGrams - weighedGrams <= toleranceGrams) return null;
  // One warning a parcel: a second weighing at a later pickup scan does not warn again.
  if (await em.count(PickupAlert, { shipment: shipment.id })) return null;
  const merchant = await em.findOneOrFail(Merchant, shipment.order.getEntity().merchant.id, { populate: ['owner'] });
  const alert = new PickupAlert({ shipment, merchant, expectedGrams, weighedGrams, toleranceGrams });
  em.persist(alert);
  queueNotification(em, {
    recipient: merchant.owner.getEntity(),
    kind: NotificationKind.PICKUP_WEIGHT_SHORT,
    shipmentId: shipment.id,
    waybillNo: shipment.waybillNo,
    detail: `${weighedGrams}/${expectedGrams}`,
  });
  return alert;
}
