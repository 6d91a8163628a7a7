/*
 * The baseline's `customerContext` (issue 17's workbench context), hand-written over `pg` in the
 * baseline's style: one statement for the anchor (to-one relations joined in), then one per list,
 * batched with `= any($1)`, independent ones in parallel; plain objects out. Same rules and order
 * as server/src/workspace/context.reads.ts, so both servers answer with the same JSON.
 */
import { maskPhone } from '@parceldesk/shared';
import type { BaselineContext } from './baseline-resolvers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Anchor {
  buyer_id: string;
  buyer_name: string;
  phone: string;
  order_id: string | null;
  merchant_id: string | null;
  store_name: string | null;
  support_thread_id: string | null;
  complaint_id: string | null;
}

const SUPPORT_THREAD = `(select t.id from threads t where t.buyer_id = c.buyer_id and t.kind = 'SUPPORT' order by (t.closed_at is null) desc, t.created_at desc limit 1)`;

async function anchorOf(ctx: BaselineContext, args: { complaintId?: string | null; threadId?: string | null }): Promise<Anchor> {
  if (args.complaintId) {
    const column = UUID.test(args.complaintId) ? 'c.id' : 'c.case_no';
    const [row] = await ctx.query<Anchor>(
      `select c.buyer_id, u.display_name as buyer_name, u.phone, c.order_id, o.merchant_id, m.name as store_name,
              coalesce(c.thread_id, ${SUPPORT_THREAD}) as support_thread_id, c.id as complaint_id
         from complaints c join users u on u.id = c.buyer_id join orders o on o.id = c.order_id join merchants m on m.id = o.merchant_id
        where ${column} = $1`,
      [args.complaintId],
    );
    if (!row) throw new Error('Complaint not found');
    return row;
  }
  if (!args.threadId || !UUID.test(args.threadId)) throw new Error('Thread not found');
  const [row] = await ctx.query<Anchor>(
    `select t.buyer_id, u.display_name as buyer_name, u.phone, o.id as order_id, o.merchant_id, m.name as store_name,
            t.id as support_thread_id, null::uuid as complaint_id
       from threads t join users u on u.id = t.buyer_id
       left join orders o on o.id = coalesce(t.order_id, (select x.id from orders x where x.buyer_id = t.buyer_id order by x.created_at desc limit 1))
       left join merchants m on m.id = o.merchant_id
      where t.id = $1 and t.kind = 'SUPPORT'`,
    [args.threadId],
  );
  if (!row) throw new Error('Thread not found');
  return row;
}

function byKey<T, K extends keyof T>(rows: T[], key: K): Map<T[K], T[]> {
  const out = new Map<T[K], T[]>();
  for (const row of rows) {
    const list = out.get(row[key]);
    if (list) list.push(row);
    else out.set(row[key], [row]);
  }
  return out;
}

async function customerContext(_root: unknown, args: { complaintId?: string | null; threadId?: string | null }, ctx: BaselineContext) {
  if (ctx.user?.role !== 'AGENT') throw new Error('Agents only');
  const a = await anchorOf(ctx, args);
  const [orders, cases, [counts]] = await Promise.all([
    ctx.query<{ id: string; order_no: string; created_at: Date; store_name: string; total: string }>(
      `select o.id, o.order_no, o.created_at, m.name as store_name,
              (select coalesce(sum(l.unit_price_cents * l.quantity), 0) from order_lines l where l.order_id = o.id) as total
         from orders o join merchants m on m.id = o.merchant_id
        where o.id in (select x.id from orders x where x.buyer_id = $1 order by x.created_at desc limit 5) or o.id = $2
        order by o.created_at desc, o.id`,
      [a.buyer_id, a.order_id],
    ),
    ctx.query<{ id: string; case_no: string; status: string; resolution_kind: string | null; refund_cents: number | null; created_at: Date; order_no: string }>(
      `select c.id, c.case_no, c.status, c.resolution_kind, c.refund_cents, c.created_at, o.order_no
         from complaints c join orders o on o.id = c.order_id
        where c.buyer_id = $1 and c.id is distinct from $2 order by c.created_at desc limit 20`,
      [a.buyer_id, a.complaint_id],
    ),
    ctx.query<{ case_count: string; refunded: string; store_orders: string; store_cases: string }>(
      `select (select count(*) from complaints where buyer_id = $1) as case_count,
              (select coalesce(sum(refund_cents), 0) from complaints where buyer_id = $1 and resolution_kind = 'REFUND' and status in ('RESOLVED', 'CLOSED')) as refunded,
              (select count(*) from orders where merchant_id = $2 and created_at > now() - interval '90 days') as store_orders,
              (select count(*) from complaints c join orders o on o.id = c.order_id where o.merchant_id = $2 and o.created_at > now() - interval '90 days') as store_cases`,
      [a.buyer_id, a.merchant_id],
    ),
  ]);
  const parcels = await ctx.query<{
    id: string; order_id: string; waybill_no: string; carrier: string; status: string; courier_name: string | null; thread_id: string | null; expected: string;
  }>(
    `select s.id, s.order_id, s.waybill_no, s.carrier, s.status, cu.display_name as courier_name, th.id as thread_id,
            (select coalesce(sum(si.quantity * l.unit_weight_grams), 0) from shipment_items si join order_lines l on l.id = si.line_id where si.shipment_id = s.id) as expected
       from shipments s left join users cu on cu.id = s.courier_id left join threads th on th.shipment_id = s.id
      where s.order_id = any($1) order by s.created_at, s.waybill_no`,
    [orders.map((o) => o.id)],
  );
  const parcelIds = parcels.map((p) => p.id);
  const courierThreads = parcels.filter((p) => p.order_id === a.order_id && p.thread_id).slice(0, 3);
  const threadIds = [...(a.support_thread_id ? [a.support_thread_id] : []), ...courierThreads.map((p) => p.thread_id!)];
  const [scans, pickups, messages] = await Promise.all([
    ctx.query<{ shipment_id: string; status: string; location: string | null; measured_weight_grams: number | null; occurred_at: Date }>(
      `select shipment_id, status, location, measured_weight_grams, occurred_at from (
         select e.*, row_number() over (partition by e.shipment_id order by e.occurred_at desc, e.created_at desc) as n
           from tracking_events e where e.shipment_id = any($1)) ranked
        where n <= 8 order by shipment_id, n`,
      [parcelIds],
    ),
    ctx.query<{ shipment_id: string; grams: number }>(
      `select distinct on (shipment_id) shipment_id, measured_weight_grams as grams from tracking_events
        where shipment_id = any($1) and status = 'PICKED_UP' and measured_weight_grams is not null
        order by shipment_id, occurred_at desc, created_at desc`,
      [parcelIds],
    ),
    threadIds.length
      ? ctx.query<{ thread_id: string; id: string; seq: number; body: string; system_event: string | null; created_at: Date; author_name: string | null; author_role: string | null }>(
          `select x.thread_id, x.id, x.seq, x.body, x.system_event, x.created_at, u.display_name as author_name, u.role as author_role
             from unnest($1::uuid[]) as wanted(id)
             cross join lateral (select m.* from messages m where m.thread_id = wanted.id order by m.seq desc limit 30) x
             left join users u on u.id = x.author_id
            order by x.thread_id, x.seq`,
          [threadIds],
        )
      : Promise.resolve([]),
  ]);
  const scansOf = byKey(scans, 'shipment_id');
  const pickupOf = new Map(pickups.map((p) => [p.shipment_id, p.grams]));
  const parcelsOf = byKey(parcels, 'order_id');
  const messagesOf = byKey(messages, 'thread_id');
  return {
    buyerId: a.buyer_id,
    buyerName: a.buyer_name,
    buyerMaskedPhone: maskPhone(a.phone),
    caseCount: Number(counts?.case_count ?? 0),
    refundedTotalCents: Number(counts?.refunded ?? 0),
    storeName: a.store_name,
    storeOrders: Number(counts?.store_orders ?? 0),
    storeCases: Number(counts?.store_cases ?? 0),
    orders: orders.map((o) => ({
      id: o.id,
      orderNo: o.order_no,
      storeName: o.store_name,
      totalCents: Number(o.total),
      createdAt: o.created_at,
      parcels: (parcelsOf.get(o.id) ?? []).map((p) => ({
        id: p.id,
        waybillNo: p.waybill_no,
        carrier: p.carrier,
        status: p.status,
        courierName: p.courier_name,
        expectedGrams: Number(p.expected),
        pickupWeightGrams: pickupOf.get(p.id) ?? null,
        threadId: p.thread_id,
        scans: (scansOf.get(p.id) ?? []).map((s) => ({ status: s.status, location: s.location, measuredWeightGrams: s.measured_weight_grams, occurredAt: s.occurred_at })),
      })),
    })),
    previousCases: cases.map((c) => ({
      id: c.id,
      caseNo: c.case_no,
      status: c.status,
      resolutionKind: c.resolution_kind,
      refundCents: c.refund_cents,
      orderNo: c.order_no,
      createdAt: c.created_at,
    })),
    transcripts: threadIds.map((threadId) => ({
      threadId,
      kind: threadId === a.support_thread_id ? 'SUPPORT' : 'COURIER',
      waybillNo: courierThreads.find((p) => p.thread_id === threadId)?.waybill_no ?? null,
      messages: (messagesOf.get(threadId) ?? []).map((m) => ({
        id: m.id,
        seq: m.seq,
        body: m.body,
        systemEvent: m.system_event,
        authorName: m.author_name,
        authorRole: m.author_role,
        createdAt: m.created_at,
      })),
    })),
  };
}

export const contextResolvers = { customerContext };
