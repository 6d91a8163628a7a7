import type { EntityManager } from '@mikro-orm/postgresql';
import { ComplaintStatus, ShipmentStatus } from '@parceldesk/shared';
import { selectRows } from '../common/sql.js';

/** Per line of an order: units in delivered parcels. */
export async function deliveredQuantities(em: EntityManager, orderId: string): Promise<Map<string, number>> {
  const rows = await em.getConnection().execute<{ line_id: string; quantity: string }[]>(
    `select si.line_id, sum(si.quantity) as quantity
       from shipment_items si join shipments s on s.id = si.shipment_id
      where s.order_id = ? and s.status = ?
      group by si.line_id`,
    [orderId, ShipmentStatus.DELIVERED],
    'all',
    em.getTransactionContext(),
  );
  return new Map(rows.map((r) => [r.line_id, Number(r.quantity)]));
}

/** Per line of several orders at once (line ids are unique across orders): units in delivered parcels. */
export async function deliveredQuantitiesOf(em: EntityManager, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await em.getConnection().execute<{ line_id: string; quantity: string }[]>(
    `select si.line_id, sum(si.quantity) as quantity
       from shipment_items si join shipments s on s.id = si.shipment_id
      where s.order_id in (?) and s.status = ?
      group by si.line_id`,
    [orderIds, ShipmentStatus.DELIVERED],
    'all',
    em.getTransactionContext(),
  );
  return new Map(rows.map((r) => [r.line_id, Number(r.quantity)]));
}

/**
 * Per line of several orders: units claimed by their cases other than the open one (which a new
 * filing would join), as `claimedQuantities` with the open case left out, for many orders in one read.
 */
export async function claimedOutsideOpenCasesOf(em: EntityManager, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await em.getConnection().execute<{ line_id: string; quantity: string }[]>(
    `select ci.line_id, sum(ci.quantity_missing) as quantity
       from complaint_items ci join complaints c on c.id = ci.complaint_id
      where c.order_id in (?) and c.status not in (?, ?, ?, ?) and c.resolution_kind is distinct from 'REJECT'
      group by ci.line_id`,
    [orderIds, ComplaintStatus.WITHDRAWN, ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW, ComplaintStatus.AWAITING_BUYER],
    'all',
    em.getTransactionContext(),
  );
  return new Map(rows.map((r) => [r.line_id, Number(r.quantity)]));
}

/**
 * Per line: units already claimed by the order's other cases. A withdrawn case and a rejection
 * release their claim; `exceptComplaintId` leaves out the case a filing joins.
 */
export async function claimedQuantities(em: EntityManager, orderId: string, exceptComplaintId: string | null): Promise<Map<string, number>> {
  const rows = await em.getConnection().execute<{ line_id: string; quantity: string }[]>(
    `select ci.line_id, sum(ci.quantity_missing) as quantity
       from complaint_items ci join complaints c on c.id = ci.complaint_id
      where c.order_id = ? and c.status <> ? and c.resolution_kind is distinct from 'REJECT' and c.id is distinct from ?
      group by ci.line_id`,
    [orderId, ComplaintStatus.WITHDRAWN, exceptComplaintId],
    'all',
    em.getTransactionContext(),
  );
  return new Map(rows.map((r) => [r.line_id, Number(r.quantity)]));
}

/** Refunds granted on the order's other cases that stand (decided and not reopened). */
export async function refundedCents(em: EntityManager, orderId: string, exceptComplaintId: string): Promise<number> {
  const [row] = await selectRows<{ cents: string | null }>(
    em,
    `select sum(refund_cents) as cents from complaints
      where order_id = ? and id <> ? and resolution_kind = 'REFUND' and status in ('RESOLVED', 'CLOSED')`,
    [orderId, exceptComplaintId],
  );
  return Number(row?.cents ?? 0);
}
