import { maskPhone, type ComplaintStatus, type ResolutionKind, type ShipmentStatus } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { groupBy, selectRows } from '../common/sql.js';
import { CASE_NO } from '../complaints/complaint.access.js';
import type { ContextCase, ContextMessage, ContextOrder, ContextParcel, ContextTranscript, CustomerContext } from './context.types.js';

/*
 * The customer beside a case or a support conversation (issue 17), agents only, in five statements
 * whatever the buyer has: the anchor (buyer, order, store, support thread), then at once the latest
 * orders with their parcels and scans, the buyer's cases, the counts, and last the transcripts.
 */

const RECENT_ORDERS = 5;
const RECENT_CASES = 20;
const TRANSCRIPT_MESSAGES = 30;
const COURIER_THREADS = 3;

interface Anchor {
  buyerId: string;
  buyerName: string;
  buyerPhone: string;
  orderId: string | null;
  merchantId: string | null;
  storeName: string | null;
  supportThreadId: string | null;
  complaintId: string | null;
}

const SUPPORT_OF = (buyer: string) =>
  `(select t.id from threads t where t.buyer_id = ${buyer} and t.kind = 'SUPPORT' order by (t.closed_at is null) desc, t.created_at desc limit 1)`;

const BY_CASE = `select c.buyer_id, u.display_name as buyer_name, u.phone as buyer_phone, c.order_id, o.merchant_id, m.name as store_name,
    coalesce(c.thread_id, ${SUPPORT_OF('c.buyer_id')}) as support_thread_id, c.id as complaint_id
  from complaints c join users u on u.id = c.buyer_id join orders o on o.id = c.order_id join merchants m on m.id = o.merchant_id`;

const BY_THREAD = `select t.buyer_id, u.display_name as buyer_name, u.phone as buyer_phone, o.id as order_id, o.merchant_id, m.name as store_name,
    t.id as support_thread_id, null::uuid as complaint_id
  from threads t join users u on u.id = t.buyer_id
  left join orders o on o.id = coalesce(t.order_id, (select x.id from orders x where x.buyer_id = t.buyer_id order by x.created_at desc limit 1))
  left join merchants m on m.id = o.merchant_id
  where t.id = ? and t.kind = 'SUPPORT'`;

const ORDERS = `select o.id, o.order_no, o.created_at, m.name as store_name,
    (select coalesce(sum(l.unit_price_cents * l.quantity), 0) from order_lines l where l.order_id = o.id) as total_cents,
    (select coalesce(json_agg(p order by p."createdAt", p."waybillNo"), '[]'::json) from (
       select s.id, s.waybill_no as "waybillNo", s.carrier, s.status, s.created_at as "createdAt", cu.display_name as "courierName",
         (select coalesce(sum(si.quantity * l.unit_weight_grams), 0) from shipment_items si join order_lines l on l.id = si.line_id
           where si.shipment_id = s.id) as "expectedGrams",
         (select e.measured_weight_grams from tracking_events e where e.shipment_id = s.id and e.status = 'PICKED_UP'
           and e.measured_weight_grams is not null order by e.occurred_at desc, e.created_at desc limit 1) as "pickupWeightGrams",
         (select t.id from threads t where t.shipment_id = s.id) as "threadId",
         (select coalesce(json_agg(e2), '[]'::json) from (
            select e.status, e.location, e.measured_weight_grams as "measuredWeightGrams", e.occurred_at as "occurredAt"
              from tracking_events e where e.shipment_id = s.id order by e.occurred_at desc, e.created_at desc limit 8) e2) as scans
       from shipments s left join users cu on cu.id = s.courier_id where s.order_id = o.id) p) as parcels
  from orders o join merchants m on m.id = o.merchant_id
  where o.id in (select x.id from orders x where x.buyer_id = ? order by x.created_at desc limit ${RECENT_ORDERS}) or o.id = ?
  order by o.created_at desc, o.id`;

const CASES = `select c.id, c.case_no, c.status, c.resolution_kind, c.refund_cents, c.created_at, o.order_no
  from complaints c join orders o on o.id = c.order_id
  where c.buyer_id = ? and c.id is distinct from ? order by c.created_at desc limit ${RECENT_CASES}`;

const COUNTS = `select (select count(*) from complaints where buyer_id = ?) as case_count,
    (select coalesce(sum(refund_cents), 0) from complaints where buyer_id = ? and resolution_kind = 'REFUND' and status in ('RESOLVED', 'CLOSED')) as refunded,
    (select count(*) from orders where merchant_id = ? and created_at > now() - interval '90 days') as store_orders,
    (select count(*) from complaints c join orders o on o.id = c.order_id
      where o.merchant_id = ? and o.created_at > now() - interval '90 days') as store_cases`;

const TRANSCRIPTS = `select x.thread_id, x.id, x.seq, x.body, x.system_event, x.created_at, u.display_name as author_name, u.role as author_role
  from unnest(?::uuid[]) as wanted(id)
  cross join lateral (select m.thread_id, m.id, m.seq, m.body, m.system_event, m.created_at, m.author_id from messages m
                       where m.thread_id = wanted.id order by m.seq desc limit ${TRANSCRIPT_MESSAGES}) x
  left join users u on u.id = x.author_id
  order by x.thread_id, x.seq`;

type ParcelJson = Omit<ContextParcel, 'scans'> & { createdAt: string; scans: { status: ShipmentStatus; location: string | null; measuredWeightGrams: number | null; occurredAt: string }[] };

/** The customer context of a case (by id or case number) or a support conversation; agents only. */
export async function readCustomerContext(ctx: AuthedContext, input: { complaintId?: string | null; threadId?: string | null }): Promise<CustomerContext> {
  if (ctx.user.role !== 'AGENT') throw new DomainError('FORBIDDEN', 'Agents only');
  let anchor: Anchor | undefined;
  if (input.complaintId) {
    const by = isUuid(input.complaintId) ? 'c.id = ?' : CASE_NO.test(input.complaintId) ? 'c.case_no = ?' : null;
    if (!by) throw notFound('Complaint');
    [anchor] = await selectRows<Anchor>(ctx.db, `${BY_CASE} where ${by}`, [input.complaintId]);
    if (!anchor) throw notFound('Complaint');
  } else if (input.threadId) {
    if (!isUuid(input.threadId)) throw notFound('Thread');
    [anchor] = await selectRows<Anchor>(ctx.db, BY_THREAD, [input.threadId]);
    if (!anchor) throw notFound('Thread');
  } else {
    throw new DomainError('BAD_USER_INPUT', 'complaintId: give a case or a support conversation', { field: 'complaintId' });
  }
  const a = anchor;
  const [orderRows, cases, [counts]] = await Promise.all([
    selectRows<{ id: string; orderNo: string; createdAt: Date; storeName: string; totalCents: string; parcels: ParcelJson[] }>(ctx.db, ORDERS, [a.buyerId, a.orderId]),
    selectRows<ContextCase>(ctx.db, CASES, [a.buyerId, a.complaintId]),
    selectRows<{ caseCount: string; refunded: string; storeOrders: string; storeCases: string }>(ctx.db, COUNTS, [a.buyerId, a.buyerId, a.merchantId, a.merchantId]),
  ]);
  const orders: ContextOrder[] = orderRows.map((row) => ({
    id: row.id,
    orderNo: row.orderNo,
    createdAt: row.createdAt,
    storeName: row.storeName,
    totalCents: Number(row.totalCents),
    parcels: row.parcels.map(({ createdAt: _created, scans, ...parcel }) => ({
      ...parcel,
      expectedGrams: Number(parcel.expectedGrams),
      scans: scans.map((scan) => ({ ...scan, occurredAt: new Date(scan.occurredAt) })),
    })),
  }));
  // The courier conversations of the anchor order's parcels (the case's parcels).
  const courier = (orders.find((o) => o.id === a.orderId)?.parcels ?? []).filter((p) => p.threadId).slice(0, COURIER_THREADS);
  const threadIds = [...(a.supportThreadId ? [a.supportThreadId] : []), ...courier.map((p) => p.threadId!)];
  const messages = threadIds.length
    ? await selectRows<ContextMessage & { threadId: string }>(ctx.db, TRANSCRIPTS, [threadIds])
    : [];
  const byThread = groupBy(messages, (m) => m.threadId);
  const transcripts: ContextTranscript[] = threadIds.map((threadId) => ({
    threadId,
    kind: threadId === a.supportThreadId ? 'SUPPORT' : 'COURIER',
    waybillNo: courier.find((p) => p.threadId === threadId)?.waybillNo ?? null,
    messages: (byThread.get(threadId) ?? []).map(({ threadId: _t, ...m }) => m),
  }));
  return {
    buyerId: a.buyerId,
    buyerName: a.buyerName,
    buyerMaskedPhone: maskPhone(a.buyerPhone),
    orders,
    previousCases: cases.map((c) => ({ ...c, status: c.status as ComplaintStatus, resolutionKind: c.resolutionKind as ResolutionKind | null })),
    caseCount: Number(counts?.caseCount ?? 0),
    refundedTotalCents: Number(counts?.refunded ?? 0),
    storeName: a.storeName,
    storeOrders: Number(counts?.storeOrders ?? 0),
    storeCases: Number(counts?.storeCases ?? 0),
    transcripts,
  };
}
