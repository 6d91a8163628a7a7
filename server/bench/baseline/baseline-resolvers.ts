// Hand-written SQL per root field, the way one would answer these pages without a framework:
// one statement for the page (to-one relations joined in), one per to-many relation batched with
// `= any($1)`, nested plain objects out. Same rules as ParcelDesk for who sees what, same order,
// same cursors. Add a root field here when the bench gains an operation.
import { MATCHES_SQL, matchParams, trustSignals, type MatchRow } from './baseline-trust.js';
import {
  CHAT_LIMITS,
  checkWeight,
  complaintActions,
  courierNextStatuses,
  isDispatchable,
  LIMITS,
  maskPhone,
  missingEvidence,
  suggestRefundCents,
  sumCents,
  WeightSource,
  type ComplaintStatus,
  type EvidenceKind,
  type Role,
  type ShipmentStatus,
} from '@parceldesk/shared';

export interface BaselineContext {
  user: { id: string; role: string } | null;
  query<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

type Resolver = (root: unknown, args: any, ctx: BaselineContext) => Promise<unknown>;

const ACTIVE = ['DISPATCHED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION'];

function viewer(ctx: BaselineContext, role: string) {
  if (!ctx.user) throw new Error('Sign in first');
  if (ctx.user.role !== role) throw new Error('Your role may not do this');
  return ctx.user;
}

function window(args: PageArgs) {
  const limit = args.first ?? 20;
  const offset = args.after ? Number(Buffer.from(args.after, 'base64url').toString('utf8').slice(2)) + 1 : 0;
  return { limit, offset };
}

function connection<T>(rows: (T & { total?: string })[], w: { limit: number; offset: number }, node: (row: T) => unknown) {
  const page = rows.slice(0, w.limit);
  const edges = page.map((row, i) => ({ cursor: Buffer.from(`o:${w.offset + i}`).toString('base64url'), node: node(row) }));
  return {
    totalCount: Number(rows[0]?.total ?? 0),
    pageInfo: { hasNextPage: rows.length > w.limit, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
  };
}

function group<T extends Record<K, string>, K extends keyof T>(rows: T[], key: K): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row[key]);
    if (list) list.push(row);
    else map.set(row[key], [row]);
  }
  return map;
}

/** A dispatch note is for the courier it was written to and for the store (and agents); null otherwise. */
const dispatchNoteFor = (ctx: BaselineContext, dispatchCourierId: string, note: string | null) => {
  const role = ctx.user?.role;
  return role === 'MERCHANT' || role === 'AGENT' || (role === 'COURIER' && dispatchCourierId === ctx.user!.id) ? note : null;
};

/** The recipient for the courier holding the parcel: the full phone while it is on its way (until 24 h after delivery). */
function recipientFor(ctx: BaselineContext, s: { status: string; courier_id: string | null; delivered_at: Date | null; updated_at: Date; buyer_name: string; buyer_phone: string }) {
  if (ctx.user?.role !== 'COURIER' || s.courier_id !== ctx.user.id) return null;
  let open: boolean;
  if (s.status === 'CREATED') open = false;
  else if (s.status !== 'DELIVERED') open = true;
  else open = new Date((s.delivered_at ?? s.updated_at).getTime() + LIMITS.courierContactHoursAfterDelivery * 3600_000) > new Date();
  return { name: s.buyer_name, phone: open ? s.buyer_phone : maskPhone(s.buyer_phone), masked: !open };
}

const eventOf = (e: any) => ({
  id: e.id,
  status: e.status,
  occurredAt: e.occurred_at,
  location: e.location,
  note: e.note,
  measuredWeightGrams: e.measured_weight_grams,
  receivedBy: e.received_by,
  pickupCode: e.pickup_code,
  recordedBy: { id: e.user_id, displayName: e.display_name },
});

const courierActionsFor = (ctx: BaselineContext, status: string, courierId: string | null) =>
  ctx.user?.role === 'COURIER' && courierId === ctx.user.id ? courierNextStatuses(status as ShipmentStatus) : [];

/** Which threads a participant lists: the buyer's own, a courier's for parcels they hold, an agent's support threads. */
function threadScope(user: { id: string; role: string }): string {
  if (user.role === 'COURIER') return `t.kind = 'COURIER' and s.courier_id = $1`;
  if (user.role === 'AGENT') return `t.kind = 'SUPPORT' and t.last_agent_id = $1`;
  return 't.buyer_id = $1';
}

/** Writing stops 72 h after a courier thread's parcel is delivered, and when a support thread closes. */
function threadReadOnlyFrom(t: { kind: string; status: string | null; delivered_at: Date | null; closed_at: Date | null }): Date | null {
  if (t.kind === 'SUPPORT') return t.closed_at;
  if (t.status !== 'DELIVERED' || !t.delivered_at) return null;
  return new Date(t.delivered_at.getTime() + CHAT_LIMITS.readOnlyHoursAfterDelivery * 3600_000);
}

/** A message row (`m_`/`u_` columns) as the API answers it; clientMessageId only for its author. */
function messageOf(ctx: BaselineContext, m: any) {
  const author = m.author_id && m.kind === 'TEXT' ? { id: m.author_id, displayName: m.author_name ?? '', role: m.author_role } : null;
  return {
    id: m.id,
    threadId: m.thread_id,
    seq: m.seq,
    kind: m.kind,
    author,
    body: m.body,
    systemEvent: m.system_event,
    createdAt: m.created_at,
    clientMessageId: author?.id === ctx.user!.id ? m.client_message_id : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_NO = /^C\d{8}[0-9A-F]{6}$/;

/** Who sees a case: its buyer, the order's store, agents. */
function canViewComplaint(user: { id: string; role: string }, c: { buyer_id: string; owner_id: string }): boolean {
  return (user.role === 'BUYER' && c.buyer_id === user.id) || (user.role === 'MERCHANT' && c.owner_id === user.id) || user.role === 'AGENT';
}

/**
 * The agents' signals of a case, from its order's lines (with the claimed units), its photos and
 * the order's parcels (each with its items and last pickup weighing): the shared rules decide.
 */
function complaintSignals(
  c: { refunded: string | null; reshipment_id: string | null },
  lines: { id: string; unit_price_cents: number; quantity: number; unit_weight_grams: number; quantity_missing: number | null }[],
  photos: { kind: EvidenceKind; id?: string; captured_at?: Date | null; unchecked?: boolean }[],
  parcels: { id: string; waybill_no: string; status: string; declared_weight_grams: number; items: { line_id: string; quantity: number }[] | null; weighed: number | null; delivered_at: Date | null; warning: any }[],
  matches: MatchRow[],
) {
  const claimed = lines.filter((l) => l.quantity_missing != null);
  const claimedIds = new Set(claimed.map((l) => l.id));
  const carriesClaim = (p: (typeof parcels)[number]) => (p.items ?? []).some((i) => claimedIds.has(i.line_id));
  const delivered = parcels.filter((p) => p.status === 'DELIVERED' && carriesClaim(p));
  let weightCheck = null;
  if (delivered.length > 0) {
    const unitWeight = new Map(lines.map((l) => [l.id, l.unit_weight_grams]));
    const expectedGrams = delivered.reduce((sum, p) => sum + (p.items ?? []).reduce((g, i) => g + i.quantity * (unitWeight.get(i.line_id) ?? 0), 0), 0);
    const allWeighed = delivered.every((p) => p.weighed != null);
    const observedGrams = delivered.reduce((sum, p) => sum + (allWeighed ? p.weighed! : p.declared_weight_grams), 0);
    const check = checkWeight({
      expectedGrams,
      observedGrams,
      source: allWeighed ? WeightSource.PICKUP_SCALE : WeightSource.WAYBILL_DECLARED,
      claimed: claimed.map((l) => ({ quantity: l.quantity_missing!, unitWeightGrams: l.unit_weight_grams })),
    });
    weightCheck = { ...check, waybills: delivered.map((p) => p.waybill_no) };
  }
  const paid = sumCents(lines.map((l) => l.unit_price_cents * l.quantity));
  const refundableCents = Math.max(0, paid - Number(c.refunded ?? 0));
  const kinds = photos.map((p) => p.kind);
  const missing = missingEvidence(kinds);
  return {
    evidenceChecklist: { complete: missing.length === 0, present: [...new Set(kinds)], missing },
    weightCheck,
    parcelsOnTheWay: parcels
      .filter((p) => p.status !== 'DELIVERED' && p.id !== c.reshipment_id && carriesClaim(p))
      .map((p) => ({ id: p.id, waybillNo: p.waybill_no, status: p.status })),
    ...trustSignals(photos as any[], delivered, parcels, matches),
    suggestedRefundCents: suggestRefundCents(
      claimed.map((l) => ({ quantity: l.quantity_missing!, unitPriceCents: l.unit_price_cents })),
      refundableCents,
    ),
    refundableCents,
  };
}

export const baselineResolvers: Record<string, Resolver> = {
  async myOrders(_root, args: PageArgs, ctx) {
    const user = viewer(ctx, 'BUYER');
    const w = window(args);
    const orders = await ctx.query<any>(
      `select o.id, o.order_no, m.id as merchant_id, m.name as merchant_name, count(*) over () as total
         from orders o join merchants m on m.id = o.merchant_id
        where o.buyer_id = $1 order by o.created_at desc, o.id desc limit $2 offset $3`,
      [user.id, w.limit + 1, w.offset],
    );
    const ids = orders.map((o) => o.id);
    const [lines, shipments] = await Promise.all([
      ctx.query<any>('select id, order_id, title, quantity, unit_price_cents from order_lines where order_id = any($1) order by position, id', [ids]),
      ctx.query<any>('select id, order_id, waybill_no, status from shipments where order_id = any($1) order by created_at, waybill_no', [ids]),
    ]);
    const linesOf = group(lines, 'order_id');
    const shipmentsOf = group(shipments, 'order_id');
    return connection(orders, w, (o: any) => {
      const own = linesOf.get(o.id) ?? [];
      return {
        id: o.id,
        orderNo: o.order_no,
        totalCents: own.reduce((sum, l) => sum + l.unit_price_cents * l.quantity, 0),
        merchant: { id: o.merchant_id, name: o.merchant_name },
        lines: own.map((l) => ({ id: l.id, title: l.title, quantity: l.quantity })),
        shipments: (shipmentsOf.get(o.id) ?? []).map((s) => ({ id: s.id, waybillNo: s.waybill_no, status: s.status })),
      };
    });
  },

  async merchantOrders(_root, args: PageArgs & { filter?: { status?: string | null; search?: string | null } | null }, ctx) {
    const user = viewer(ctx, 'MERCHANT');
    const w = window(args);
    const params: unknown[] = [user.id];
    const where = ['o.merchant_id = (select id from merchants where owner_id = $1)'];
    if (args.filter?.status) {
      params.push(args.filter.status);
      where.push(`exists (select 1 from shipments s where s.order_id = o.id and s.status = $${params.length})`);
    }
    if (args.filter?.search) {
      params.push(`%${args.filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      where.push(`(o.order_no ilike ${p} or u.display_name ilike ${p} or u.phone like ${p}
        or exists (select 1 from shipments s where s.order_id = o.id and s.waybill_no ilike ${p}))`);
    }
    params.push(w.limit + 1, w.offset);
    const orders = await ctx.query<any>(
      `select o.id, o.order_no, o.shipping_address, u.id as buyer_id, u.display_name as buyer_name, u.phone as buyer_phone, count(*) over () as total
         from orders o join users u on u.id = o.buyer_id
        where ${where.join(' and ')}
        order by exists (select 1 from shipments s where s.order_id = o.id and s.status in ('CREATED', 'EXCEPTION')) desc,
                 o.created_at desc, o.id desc
        limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    const shipments = await ctx.query<any>(
      `select s.id, s.order_id, s.waybill_no, s.status, s.version, c.id as courier_id, c.display_name as courier_name,
              d.id as dispatch_id, d.channel, d.pickup_at, d.pickup_address, d.note, d.courier_id as dispatch_courier_id
         from shipments s left join users c on c.id = s.courier_id left join dispatches d on d.id = s.current_dispatch_id
        where s.order_id = any($1) order by s.created_at, s.waybill_no`,
      [orders.map((o) => o.id)],
    );
    const shipmentIds = shipments.map((s) => s.id);
    const [items, events] = await Promise.all([
      ctx.query<any>(
        `select i.shipment_id, i.quantity, l.id as line_id, l.title from shipment_items i join order_lines l on l.id = i.line_id
          where i.shipment_id = any($1) order by i.id`,
        [shipmentIds],
      ),
      ctx.query<any>(
        `select e.id, e.shipment_id, e.status, e.occurred_at, e.location, e.note, e.measured_weight_grams, e.received_by, e.pickup_code,
                u.id as user_id, u.display_name
           from tracking_events e join users u on u.id = e.recorded_by_id
          where e.shipment_id = any($1) order by e.occurred_at, e.created_at, e.id`,
        [shipmentIds],
      ),
    ]);
    const shipmentsOf = group(shipments, 'order_id');
    const itemsOf = group(items, 'shipment_id');
    const eventsOf = group(events, 'shipment_id');
    return connection(orders, w, (o: any) => ({
      id: o.id,
      orderNo: o.order_no,
      shippingAddress: o.shipping_address,
      buyer: { id: o.buyer_id, displayName: o.buyer_name, maskedPhone: maskPhone(o.buyer_phone) },
      shipments: (shipmentsOf.get(o.id) ?? []).map((s) => ({
        id: s.id,
        waybillNo: s.waybill_no,
        status: s.status,
        version: s.version,
        canDispatch: isDispatchable(s.status),
        items: (itemsOf.get(s.id) ?? []).map((i) => ({ quantity: i.quantity, line: { id: i.line_id, title: i.title } })),
        courier: s.courier_id ? { id: s.courier_id, displayName: s.courier_name } : null,
        dispatch: s.dispatch_id
          ? { id: s.dispatch_id, channel: s.channel, pickupAt: s.pickup_at, pickupAddress: s.pickup_address, note: dispatchNoteFor(ctx, s.dispatch_courier_id, s.note) }
          : null,
        events: (eventsOf.get(s.id) ?? []).map(eventOf),
      })),
    }));
  },

  async shipment(_root, args: { id: string }, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    if (!/^[0-9a-f-]{36}$/i.test(args.id)) throw new Error('Shipment not found');
    const [s] = await ctx.query<any>(
      `select s.id, s.waybill_no, s.carrier, s.status, s.status_before_exception, s.version, s.courier_id, s.delivered_at, s.updated_at,
              o.buyer_id, b.display_name as buyer_name, b.phone as buyer_phone, o.id as order_id, o.order_no,
              o.shipping_address, m.id as merchant_id, m.name as merchant_name, m.owner_id,
              d.id as dispatch_id, d.pickup_at, d.pickup_address, d.note, d.courier_id as dispatch_courier_id
         from shipments s join orders o on o.id = s.order_id join merchants m on m.id = o.merchant_id
         join users b on b.id = o.buyer_id
         left join dispatches d on d.id = s.current_dispatch_id
        where s.id = $1`,
      [args.id],
    );
    const visible =
      s &&
      ((user.role === 'BUYER' && s.buyer_id === user.id) ||
        (user.role === 'MERCHANT' && s.owner_id === user.id) ||
        (user.role === 'COURIER' && s.courier_id === user.id) ||
        user.role === 'AGENT');
    if (!visible) throw new Error('Shipment not found');
    const [items, events] = await Promise.all([
      ctx.query<any>(
        `select i.quantity, l.id as line_id, l.title from shipment_items i join order_lines l on l.id = i.line_id
          where i.shipment_id = $1 order by i.id`,
        [s.id],
      ),
      ctx.query<any>(
        `select e.id, e.status, e.occurred_at, e.location, e.note, e.measured_weight_grams, e.received_by, e.pickup_code,
                u.id as user_id, u.display_name
           from tracking_events e join users u on u.id = e.recorded_by_id
          where e.shipment_id = $1 order by e.occurred_at, e.created_at, e.id`,
        [s.id],
      ),
    ]);
    return {
      id: s.id,
      waybillNo: s.waybill_no,
      carrier: s.carrier,
      status: s.status,
      statusBeforeException: s.status_before_exception,
      version: s.version,
      courierActions: courierActionsFor(ctx, s.status, s.courier_id),
      recipient: recipientFor(ctx, s),
      order: { id: s.order_id, orderNo: s.order_no, shippingAddress: s.shipping_address, merchant: { id: s.merchant_id, name: s.merchant_name } },
      items: items.map((i) => ({ quantity: i.quantity, line: { id: i.line_id, title: i.title } })),
      dispatch: s.dispatch_id
        ? { id: s.dispatch_id, pickupAt: s.pickup_at, pickupAddress: s.pickup_address, note: dispatchNoteFor(ctx, s.dispatch_courier_id, s.note) }
        : null,
      events: events.map(eventOf),
    };
  },

  async myDeliveries(_root, args: PageArgs & { active?: boolean | null }, ctx) {
    const user = viewer(ctx, 'COURIER');
    const w = window(args);
    const filter = args.active == null ? '' : `and ${args.active ? '' : 'not '}(s.status = any($4::shipment_status[]))`;
    const rows = await ctx.query<any>(
      `select s.id, s.waybill_no, s.status, s.status_before_exception, s.version, s.courier_id, s.delivered_at, s.updated_at,
              o.id as order_id, o.shipping_address, b.display_name as buyer_name, b.phone as buyer_phone,
              d.id as dispatch_id, d.pickup_at, d.pickup_address, d.note, d.courier_id as dispatch_courier_id, count(*) over () as total
         from shipments s join orders o on o.id = s.order_id join users b on b.id = o.buyer_id
         left join dispatches d on d.id = s.current_dispatch_id
        where s.courier_id = $1 ${filter} order by s.updated_at desc, s.id desc limit $2 offset $3`,
      args.active == null ? [user.id, w.limit + 1, w.offset] : [user.id, w.limit + 1, w.offset, ACTIVE],
    );
    const items = await ctx.query<any>(
      `select i.shipment_id, i.quantity, l.id as line_id, l.title from shipment_items i join order_lines l on l.id = i.line_id
        where i.shipment_id = any($1) order by i.id`,
      [rows.slice(0, w.limit).map((s) => s.id)],
    );
    const itemsOf = group(items, 'shipment_id');
    return connection(rows, w, (s: any) => ({
      id: s.id,
      waybillNo: s.waybill_no,
      status: s.status,
      statusBeforeException: s.status_before_exception,
      version: s.version,
      courierActions: courierActionsFor(ctx, s.status, s.courier_id),
      order: { id: s.order_id, shippingAddress: s.shipping_address },
      recipient: recipientFor(ctx, s),
      items: (itemsOf.get(s.id) ?? []).map((i) => ({ quantity: i.quantity, line: { id: i.line_id, title: i.title } })),
      dispatch: s.dispatch_id
        ? { id: s.dispatch_id, pickupAt: s.pickup_at, pickupAddress: s.pickup_address, note: dispatchNoteFor(ctx, s.dispatch_courier_id, s.note) }
        : null,
    }));
  },

  async myNotifications(_root, args: PageArgs, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const w = window(args);
    const rows = await ctx.query<any>(
      `select n.id, n.kind, n.waybill_no, n.detail, n.shipment_id, n.thread_id, n.complaint_id, n.read_at, n.created_at, count(*) over () as total,
              (select count(*) from notifications u where u.recipient_id = $1 and u.read_at is null) as unread,
              m.name as store_name, goods.item_title, goods.item_count
         from notifications n
         left join threads t on t.id = n.thread_id
         left join shipments s on s.id = coalesce(n.shipment_id, t.shipment_id)
         left join complaints c on c.id = n.complaint_id
         left join orders o on o.id = coalesce(s.order_id, c.order_id, t.order_id)
         left join merchants m on m.id = o.merchant_id
         left join lateral (
           select (array_agg(ol.title order by ol.position))[1] as item_title, count(*)::int as item_count
             from order_lines ol
            where ol.order_id = o.id
              and (s.id is null or exists (select 1 from shipment_items si where si.shipment_id = s.id and si.line_id = ol.id))
         ) goods on o.id is not null
        where n.recipient_id = $1 order by n.created_at desc, n.id desc limit $2 offset $3`,
      [ctx.user.id, w.limit + 1, w.offset],
    );
    return {
      ...connection(rows, w, (n: any) => ({
        id: n.id,
        kind: n.kind,
        waybillNo: n.waybill_no,
        detail: n.detail,
        shipmentId: n.shipment_id,
        threadId: n.thread_id,
        complaintId: n.complaint_id,
        readAt: n.read_at,
        createdAt: n.created_at,
        storeName: n.store_name,
        itemTitle: n.item_title,
        itemCount: n.item_count,
      })),
      unreadCount: Number(rows[0]?.unread ?? 0),
    };
  },

  async myThreads(_root, args: PageArgs, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    const w = window(args);
    const rows = await ctx.query<any>(
      `select t.id, t.kind, t.shipment_id, s.waybill_no, s.status, s.delivered_at, t.order_id, o.order_no, t.last_seq, t.last_message_at,
              t.waiting_since, t.closed_at, t.buyer_id, b.display_name as buyer_name, s.courier_id, c.display_name as courier_name,
              t.last_agent_id, a.display_name as agent_name, coalesce(mine.last_read_seq, 0) as my_read_seq,
              coalesce(case when t.buyer_id = $1
                then (select max(r.last_read_seq) from thread_reads r where r.thread_id = t.id and r.user_id <> t.buyer_id
                        and (t.kind = 'SUPPORT' or r.user_id = s.courier_id))
                else (select r.last_read_seq from thread_reads r where r.thread_id = t.id and r.user_id = t.buyer_id) end, 0) as other_read_seq,
              m.id as m_id, m.seq as m_seq, m.kind as m_kind, m.author_id as m_author_id, u.display_name as m_author_name, u.role as m_author_role,
              m.body as m_body, m.system_event as m_system_event, m.client_message_id as m_client_message_id, m.created_at as m_created_at,
              count(*) over () as total
         from threads t join users b on b.id = t.buyer_id
         left join shipments s on s.id = t.shipment_id left join users c on c.id = s.courier_id
         left join orders o on o.id = t.order_id left join users a on a.id = t.last_agent_id
         left join thread_reads mine on mine.thread_id = t.id and mine.user_id = $1
         left join messages m on m.thread_id = t.id and m.seq = t.last_seq left join users u on u.id = m.author_id
        where ${threadScope(user)}
        order by coalesce(t.last_message_at, t.created_at) desc, t.id desc limit $2 offset $3`,
      [user.id, w.limit + 1, w.offset],
    );
    const now = new Date();
    return connection(rows, w, (t: any) => {
      const readOnlyFrom = threadReadOnlyFrom(t);
      return {
        id: t.id,
        kind: t.kind,
        shipmentId: t.shipment_id,
        waybillNo: t.waybill_no,
        shipmentStatus: t.status,
        orderId: t.order_id,
        orderNo: t.order_no,
        lastSeq: t.last_seq,
        unreadCount: Math.max(0, t.last_seq - t.my_read_seq),
        otherReadSeq: t.other_read_seq,
        canWrite: !(readOnlyFrom && readOnlyFrom <= now),
        closedAt: readOnlyFrom,
        waitingSince: t.waiting_since,
        lastMessageAt: t.last_message_at,
        buyer: { id: t.buyer_id, displayName: t.buyer_name },
        courier: t.kind === 'COURIER' && t.courier_id ? { id: t.courier_id, displayName: t.courier_name ?? '' } : null,
        lastAgent: t.last_agent_id ? { id: t.last_agent_id, displayName: t.agent_name ?? '' } : null,
        lastMessage: t.m_id
          ? messageOf(ctx, {
              id: t.m_id,
              thread_id: t.id,
              seq: t.m_seq,
              kind: t.m_kind,
              author_id: t.m_author_id,
              author_name: t.m_author_name,
              author_role: t.m_author_role,
              body: t.m_body,
              system_event: t.m_system_event,
              client_message_id: t.m_client_message_id,
              created_at: t.m_created_at,
            })
          : null,
      };
    });
  },

  async messages(_root, args: { threadId: string; afterSeq?: number | null; beforeSeq?: number | null; first?: number | null }, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    if (!/^[0-9a-f-]{36}$/i.test(args.threadId)) throw new Error('Thread not found');
    const [t] = await ctx.query<any>(
      'select t.kind, t.buyer_id, s.courier_id from threads t left join shipments s on s.id = t.shipment_id where t.id = $1',
      [args.threadId],
    );
    const visible =
      t &&
      ((user.role === 'BUYER' && t.buyer_id === user.id) ||
        (user.role === 'COURIER' && t.kind === 'COURIER' && t.courier_id === user.id) ||
        (user.role === 'AGENT' && t.kind === 'SUPPORT'));
    if (!visible) throw new Error('Thread not found');
    const limit = args.first ?? CHAT_LIMITS.pageDefault;
    const forward = args.afterSeq != null;
    const params: unknown[] = [args.threadId];
    if (forward) params.push(args.afterSeq);
    else if (args.beforeSeq != null) params.push(args.beforeSeq);
    params.push(limit + 1);
    const rows = await ctx.query<any>(
      `select m.id, m.thread_id, m.seq, m.kind, m.author_id, u.display_name as author_name, u.role as author_role, m.body, m.system_event,
              m.client_message_id, m.created_at
         from messages m left join users u on u.id = m.author_id
        where m.thread_id = $1 ${forward ? 'and m.seq > $2' : args.beforeSeq != null ? 'and m.seq < $2' : ''}
        order by m.seq ${forward ? 'asc' : 'desc'} limit $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return { hasMore: rows.length > limit, nodes: (forward ? page : page.reverse()).map((m) => messageOf(ctx, m)) };
  },

  async complaintQueue(
    _root,
    args: PageArgs & { filter?: { status?: string[] | null; assigned?: string | null; overdue?: boolean | null; channel?: string | null } | null },
    ctx,
  ) {
    const user = viewer(ctx, 'AGENT');
    const w = window(args);
    const f = args.filter ?? {};
    const params: unknown[] = [f.status?.length ? f.status : ['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER']];
    const where = ['c.status = any($1::complaint_status[])'];
    if (f.assigned === 'MINE') where.push(`c.assignee_id = $${params.push(user.id)}`);
    if (f.assigned === 'UNASSIGNED') where.push('c.assignee_id is null');
    if (f.overdue) where.push('c.sla_due_at < now()');
    if (f.channel) where.push(`c.channels @> array[$${params.push(f.channel)}]`);
    const rows = await ctx.query<any>(
      `select c.id, c.case_no, c.status, c.channels, c.sla_due_at, c.created_at, c.version, b.id as buyer_id, b.display_name as buyer_name,
              a.id as assignee_id, a.display_name as assignee_name, o.id as order_id, o.order_no, count(*) over () as total
         from complaints c join users b on b.id = c.buyer_id left join users a on a.id = c.assignee_id join orders o on o.id = c.order_id
        where ${where.join(' and ')}
        order by c.sla_due_at asc nulls last, c.created_at asc, c.id asc limit $${params.push(w.limit + 1)} offset $${params.push(w.offset)}`,
      params,
    );
    const ids = rows.slice(0, w.limit).map((c) => c.id);
    const [items, photos] = await Promise.all([
      ctx.query<any>(
        `select i.complaint_id, i.quantity_missing, l.id as line_id, l.title from complaint_items i join order_lines l on l.id = i.line_id
          where i.complaint_id = any($1) order by l.position`,
        [ids],
      ),
      ctx.query<any>('select complaint_id, kind from evidence where complaint_id = any($1)', [ids]),
    ]);
    const itemsOf = group(items, 'complaint_id');
    const photosOf = group(photos, 'complaint_id');
    return connection(rows, w, (c: any) => ({
      id: c.id,
      caseNo: c.case_no,
      status: c.status,
      channels: c.channels,
      slaDueAt: c.sla_due_at,
      createdAt: c.created_at,
      version: c.version,
      buyer: { id: c.buyer_id, displayName: c.buyer_name },
      assignee: c.assignee_id ? { id: c.assignee_id, displayName: c.assignee_name } : null,
      order: { id: c.order_id, orderNo: c.order_no },
      missingItems: (itemsOf.get(c.id) ?? []).map((i) => ({ quantityMissing: i.quantity_missing, line: { id: i.line_id, title: i.title } })),
      evidenceChecklist: { complete: missingEvidence((photosOf.get(c.id) ?? []).map((p) => p.kind as EvidenceKind)).length === 0 },
    }));
  },

  // The agents' workbench: the case with its people, order, lines, photos, notes, timeline and
  // (agents only) the signals, in two round trips: the case, then its lists at once.
  async complaint(_root, args: { id: string }, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    const by = UUID.test(args.id) ? 'c.id = $1' : CASE_NO.test(args.id) ? 'c.case_no = $1' : null;
    const [c] = by
      ? await ctx.query<any>(
          `select c.id, c.case_no, c.status, c.version, c.channels, c.thread_id, c.description, c.created_at, c.sla_due_at,
                  c.first_response_due_at, c.resolution_due_at, c.disputes, c.responded_at, c.order_id,
                  c.resolution_kind, c.refund_cents, c.resolution_reason, c.decided_at,
                  c.buyer_id, b.display_name as buyer_name, b.phone as buyer_phone, c.assignee_id, a.display_name as assignee_name,
                  o.order_no, m.id as merchant_id, m.name as merchant_name, m.owner_id,
                  r.id as reshipment_id, r.waybill_no as reshipment_waybill_no, r.status as reshipment_status,
                  (select sum(x.refund_cents) from complaints x
                    where x.order_id = c.order_id and x.id <> c.id and x.resolution_kind = 'REFUND' and x.status in ('RESOLVED', 'CLOSED')) as refunded
             from complaints c join orders o on o.id = c.order_id join merchants m on m.id = o.merchant_id
             join users b on b.id = c.buyer_id left join users a on a.id = c.assignee_id
             left join shipments r on r.id = c.reshipment_id
            where ${by}`,
          [args.id],
        )
      : [];
    if (!c || !canViewComplaint(user, c)) throw new Error('Complaint not found');
    const agent = user.role === 'AGENT';
    const [lines, photos, notes, events, parcels, matches] = await Promise.all([
      // Every line of the order (the total, what was paid, unit weights), with the units claimed.
      ctx.query<any>(
        `select l.id, l.title, l.unit_price_cents, l.unit_weight_grams, l.quantity, i.quantity_missing
           from order_lines l left join complaint_items i on i.line_id = l.id and i.complaint_id = $2
          where l.order_id = $1 order by l.position`,
        [c.order_id, c.id],
      ),
      ctx.query<any>('select id, kind, width, height, sha256, captured_at, phash is null as unchecked from evidence where complaint_id = $1 order by created_at, id', [c.id]),
      ctx.query<any>(
        `select n.id, n.body, n.internal, n.created_at, u.id as author_id, u.display_name, u.role
           from complaint_notes n join users u on u.id = n.author_id
          where n.complaint_id = $1 and (not n.internal or $2) order by n.created_at, n.id`,
        [c.id, agent],
      ),
      ctx.query<any>(
        `select e.id, e.kind, e.to_status, e.detail, e.created_at, u.id as actor_id, u.display_name
           from complaint_events e left join users u on u.id = e.actor_id
          where e.complaint_id = $1 and (not e.internal or $2) order by e.created_at, e.id`,
        [c.id, agent],
      ),
      // The order's parcels with their items and their last pickup weighing (signals).
      agent
        ? ctx.query<any>(
            `select s.id, s.waybill_no, s.status, s.declared_weight_grams,
                    (select json_agg(json_build_object('line_id', si.line_id, 'quantity', si.quantity)) from shipment_items si where si.shipment_id = s.id) as items,
                    (select e.measured_weight_grams from tracking_events e
                      where e.shipment_id = s.id and e.status = 'PICKED_UP' and e.measured_weight_grams is not null
                      order by e.occurred_at desc, e.created_at desc limit 1) as weighed, s.delivered_at,
                    (select json_build_object('expectedGrams', pa.expected_grams, 'weighedGrams', pa.weighed_grams, 'warnedAt', pa.created_at,
                                              'sentAt', pa.acted_at, 'supplementWaybillNo', sup.waybill_no)
                       from pickup_alerts pa left join shipments sup on sup.id = pa.supplement_id where pa.shipment_id = s.id) as warning
               from shipments s where s.order_id = $1 order by s.created_at, s.waybill_no`,
            [c.order_id],
          )
        : [],
      // Photos of the case that match one elsewhere (same bytes or the same picture).
      agent ? ctx.query<MatchRow>(MATCHES_SQL, matchParams(c.id, c.buyer_id)) : [],
    ]);
    const missing = missingEvidence(photos.map((p) => p.kind as EvidenceKind));
    return {
      id: c.id,
      caseNo: c.case_no,
      status: c.status,
      version: c.version,
      channels: c.channels,
      threadId: c.thread_id,
      description: c.description,
      createdAt: c.created_at,
      slaDueAt: c.sla_due_at,
      firstResponseDueAt: c.first_response_due_at,
      resolutionDueAt: c.resolution_due_at,
      disputes: c.disputes,
      allowedActions: complaintActions({
        role: user.role as Role,
        status: c.status as ComplaintStatus,
        isParty: true,
        disputes: c.disputes,
        responded: c.responded_at !== null,
      }),
      buyer: { id: c.buyer_id, displayName: c.buyer_name, maskedPhone: maskPhone(c.buyer_phone) },
      assignee: c.assignee_id ? { id: c.assignee_id, displayName: c.assignee_name } : null,
      order: {
        id: c.order_id,
        orderNo: c.order_no,
        totalCents: sumCents(lines.map((l) => l.unit_price_cents * l.quantity)),
        merchant: { id: c.merchant_id, name: c.merchant_name },
      },
      missingItems: lines
        .filter((l) => l.quantity_missing != null)
        .map((l) => ({
          quantityMissing: l.quantity_missing,
          line: { id: l.id, title: l.title, unitPriceCents: l.unit_price_cents, unitWeightGrams: l.unit_weight_grams, quantity: l.quantity },
        })),
      evidence: photos.map((p) => ({ id: p.id, kind: p.kind, width: p.width, height: p.height, url: `/evidence/${p.id}`, thumbnailUrl: `/evidence/${p.id}/thumb`, sha256: p.sha256 })),
      evidenceChecklist: { complete: missing.length === 0, missing },
      notes: notes.map((n) => ({ id: n.id, body: n.body, internal: n.internal, createdAt: n.created_at, author: { id: n.author_id, displayName: n.display_name, role: n.role } })),
      timeline: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        toStatus: e.to_status,
        detail: e.detail,
        createdAt: e.created_at,
        actor: e.actor_id ? { id: e.actor_id, displayName: e.display_name } : null,
      })),
      resolution:
        c.resolution_kind && c.decided_at
          ? {
              kind: c.resolution_kind,
              refundCents: c.refund_cents,
              reason: c.resolution_reason,
              decidedAt: c.decided_at,
              reshipment: c.reshipment_id ? { id: c.reshipment_id, waybillNo: c.reshipment_waybill_no, status: c.reshipment_status } : null,
            }
          : null,
      signals: agent ? complaintSignals(c, lines, photos, parcels, matches) : null,
    };
  },
};
