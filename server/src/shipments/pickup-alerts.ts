import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, Role } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { selectRows } from '../common/sql.js';
import { OrderLine } from './order-line.entity.js';
import { PickupAlert } from './pickup-alert.entity.js';
import { merchantOf } from './shipment.access.js';
import type { ShipmentContext } from './shipment.deps.js';
import { ShipmentItem } from './shipment-item.entity.js';
import { Shipment } from './shipment.entity.js';
import { ShipmentService } from './shipment.service.js';
import { ShipmentTopic } from './shipment.topics.js';
import type { PickupAlertView } from './pickup-alert.types.js';

/**
 * The units that explain the missing grams, heaviest lines first (never more than the parcel
 * carries); at least one unit of the line closest to the missing weight.
 */
export function suggestMissing(items: { lineId: string; title: string; quantity: number; unitWeightGrams: number }[], missingGrams: number, toleranceGrams: number) {
  const suggested: { lineId: string; title: string; quantity: number }[] = [];
  let left = missingGrams;
  for (const item of [...items].sort((a, b) => b.unitWeightGrams - a.unitWeightGrams)) {
    if (item.unitWeightGrams <= 0) continue;
    const units = Math.min(item.quantity, Math.floor((left + toleranceGrams) / item.unitWeightGrams));
    if (units > 0) {
      suggested.push({ lineId: item.lineId, title: item.title, quantity: units });
      left -= units * item.unitWeightGrams;
    }
  }
  if (suggested.length === 0 && items.length > 0) {
    const closest = [...items].sort((a, b) => Math.abs(a.unitWeightGrams - missingGrams) - Math.abs(b.unitWeightGrams - missingGrams))[0]!;
    suggested.push({ lineId: closest.lineId, title: closest.title, quantity: 1 });
  }
  return suggested;
}

type Raw = Record<string, any>;

/** The store's warnings, newest first, each with its parcel, what it carries and what the store did: one statement. */
async function readAlerts(em: EntityManager, where: string, params: unknown[]): Promise<PickupAlertView[]> {
  const rows = await selectRows<Raw>(
    em,
    `select a.id, a.shipment_id, s.waybill_no, o.order_no, a.expected_grams, a.weighed_grams, a.tolerance_grams, a.created_at, a.acted_at,
            sup.waybill_no as supplement_waybill_no,
            (select coalesce(json_agg(json_build_object('lineId', l.id, 'title', l.title, 'quantity', si.quantity, 'unitWeightGrams', l.unit_weight_grams) order by l.position), '[]'::json)
               from shipment_items si join order_lines l on l.id = si.line_id where si.shipment_id = a.shipment_id) as items
       from pickup_alerts a join shipments s on s.id = a.shipment_id join orders o on o.id = s.order_id
       left join shipments sup on sup.id = a.supplement_id
      where ${where} order by a.created_at desc, a.id limit 50`,
    params,
  );
  return rows.map((row) => {
    const missingGrams = row.expectedGrams - row.weighedGrams;
    return {
      id: row.id,
      shipmentId: row.shipmentId,
      waybillNo: row.waybillNo,
      orderNo: row.orderNo,
      expectedGrams: row.expectedGrams,
      weighedGrams: row.weighedGrams,
      missingGrams,
      toleranceGrams: row.toleranceGrams,
      createdAt: row.createdAt,
      actedAt: row.actedAt,
      supplementWaybillNo: row.supplementWaybillNo,
      suggested: suggestMissing(row.items, missingGrams, row.toleranceGrams),
    };
  });
}

/** The store's side: its warnings, and sending the missing goods. */
export class PickupAlertService {
  constructor(private readonly ctx: ShipmentContext) {}

  async pickupAlerts(): Promise<PickupAlertView[]> {
    const merchant = await merchantOf(this.ctx.em, this.ctx.user);
    if (!merchant) throw notFound('Store');
    return readAlerts(this.ctx.db, 'a.merchant_id = ?', [merchant.id]);
  }

  /** The warnings about an order's parcels, for whoever may see the order (its buyer, its store, agents); NOT_FOUND otherwise. */
  async orderWarnings(orderId: string): Promise<PickupAlertView[]> {
    const order = await new ShipmentService(this.ctx).order(orderId);
    return readAlerts(this.ctx.db, 's.order_id = ?', [order.id]);
  }

  /** 补发缺件: a new parcel to the same buyer with the suggested units, waiting on the board for dispatch. Once per warning. */
  async sendMissingGoods(alertId: string): Promise<PickupAlertView> {
    const { em, user } = this.ctx;
    if (user.role !== Role.MERCHANT) throw new DomainError(ErrorCode.FORBIDDEN, 'Only the store sends goods');
    const merchant = await merchantOf(em, user);
    const alert = isUuid(alertId) ? await em.findOne(PickupAlert, alertId, { populate: ['shipment.order'] }) : null;
    if (!alert || !merchant || alert.merchant.id !== merchant.id) throw notFound('Pickup alert');
    if (alert.actedAt) throw new DomainError(ErrorCode.CONFLICT, 'The missing goods were already sent for this parcel');
    const [view] = await readAlerts(em, 'a.id = ?', [alert.id]);
    const parcel = alert.shipment.getEntity();
    const order = parcel.order.getEntity();
    const lines = await em.find(OrderLine, { id: { $in: view!.suggested.map((s) => s.lineId) } });
    const weightOf = new Map(lines.map((line) => [line.id, line]));
    const supplement = new Shipment({
      order,
      waybillNo: `BF${Date.now().toString().slice(-8)}${randomUUID().slice(0, 4).toUpperCase()}`,
      carrier: parcel.carrier,
      declaredWeightGrams: view!.suggested.reduce((g, s) => g + s.quantity * (weightOf.get(s.lineId)?.unitWeightGrams ?? 0), 0),
    });
    em.persist(supplement);
    for (const s of view!.suggested) em.persist(new ShipmentItem({ shipment: supplement, line: weightOf.get(s.lineId)!, quantity: s.quantity }));
    alert.sent(supplement, em.getReference(User, user.id), new Date());
    await em.flush();
    await this.ctx.deps.realtime.publish(ShipmentTopic.STORE_SHIPMENT_UPDATED, merchant.id, supplement.id);
    const [after] = await readAlerts(em, 'a.id = ?', [alert.id]);
    return after!;
  }
}
