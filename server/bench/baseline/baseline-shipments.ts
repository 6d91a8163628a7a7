// The baseline's parcel pages: a buyer's orders, the store's dispatch board, one parcel, a courier's
// deliveries (see baseline-resolvers.ts).
import { courierNextStatuses, isDispatchable, LIMITS, maskPhone, type ShipmentStatus } from '@parceldesk/shared';
import { connection, group, viewer, window, type BaselineContext, type PageArgs, type Resolver } from './baseline-page.js';

const ACTIVE = ['DISPATCHED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION'];

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

export const shipmentResolvers: Record<string, Resolver> = {
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
    const [items, events, photos] = await Promise.all([
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
      // The courier's scale, door and locker photos (issue 20).
      ctx.query<any>(`select id, kind, locker_code from evidence where shipment_id = $1 order by attached_at, id`, [s.id]),
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
      courierPhotos: photos.map((p) => ({ id: p.id, kind: p.kind, lockerCode: p.locker_code, url: `/evidence/${p.id}`, thumbnailUrl: `/evidence/${p.id}/thumb` })),
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
};
