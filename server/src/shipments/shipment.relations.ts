import { courierNextStatuses, isDispatchable, Role, sumCents, type ShipmentStatus } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthedContext } from '../common/context.js';
import { selectedFields } from '../common/selection.js';
import { notFound } from '../common/errors.js';
import { canViewDispatch, canViewOrder, canViewOrderLine, canViewShipment, canViewTrackingEvent } from './shipment.access.js';
import { shipmentLoaders } from './shipment.loaders.js';
import {
  type DispatchRow,
  type MerchantRow,
  type OrderLineRow,
  type OrderRow,
  type ShipmentItemRow,
  type ShipmentRow,
  type TrackingEventRow,
  type UserRow,
} from './shipment.reads.js';
import { viewerOf } from './viewer.js';
import { Order } from './order.entity.js';
import { Shipment } from './shipment.entity.js';

/*
 * Relation fields: a batched load, then the same rule as the root field of the related type.
 * A parcel reached through `shipment { order { shipments } }` is shown only if `shipment(id)`
 * would show it, so no path leads around the rules.
 */

/** The order's parcels, read with the to-one relations the page asks of them. */
export function orderShipments(ctx: AuthedContext, order: OrderRow, info: GraphQLResolveInfo): ShipmentRow[] | Promise<ShipmentRow[]> {
  return readList(
    order.readAhead?.shipments,
    () => {
      const asked = selectedFields(info);
      const embeds = { order: asked.has('order'), dispatch: asked.has('dispatch'), courier: asked.has('courier'), times: true };
      return shipmentLoaders(ctx).shipmentsByOrder(embeds).load(order.id);
    },
    (rows) => visibleOnly(rows, (row) => canViewShipment(viewerOf(ctx), row)),
  );
}

export function orderLines(ctx: AuthedContext, order: OrderRow): OrderLineRow[] | Promise<OrderLineRow[]> {
  return readList(
    order.readAhead?.lines,
    () => shipmentLoaders(ctx).linesByOrder.load(order.id),
    (rows) => visibleOnly(rows, (row) => canViewOrderLine(viewerOf(ctx), row)),
  );
}

/**
 * The order's value as far as the viewer may see its lines: the whole order for its buyer, its
 * store and agents; for a courier, only the lines of the parcels it carries.
 */
export function orderTotalCents(ctx: AuthedContext, order: OrderRow): number | Promise<number> {
  return readList(
    order.readAhead?.lines,
    () => shipmentLoaders(ctx).linesByOrder.load(order.id),
    (rows) => sumCents(visibleOnly(rows, (row) => canViewOrderLine(viewerOf(ctx), row)).map((row) => row.lineTotalCents)),
  );
}

/** The store, read with the order itself (no statement of its own). */
export function orderMerchant(order: OrderRow): MerchantRow {
  return { id: order.merchantId, name: order.merchantName };
}

export function orderBuyer(ctx: AuthedContext, order: OrderRow): UserRow | Promise<UserRow> {
  return order.buyerRow ?? userById(ctx, order.buyerId);
}

export function shipmentOrder(ctx: AuthedContext, shipment: ShipmentRow): OrderRow | Promise<OrderRow> {
  const check = (order: OrderRow | undefined) => (order && canViewOrder(viewerOf(ctx), order) ? order : missing('Order'));
  return shipment.orderRow ? check(shipment.orderRow) : shipmentLoaders(ctx).order.load(shipment.orderId).then(check);
}

export function shipmentCourier(ctx: AuthedContext, shipment: ShipmentRow): UserRow | Promise<UserRow> | null {
  if (!shipment.courierId) return null;
  return shipment.courierRow ?? userById(ctx, shipment.courierId);
}

export function shipmentDispatch(ctx: AuthedContext, shipment: ShipmentRow): DispatchRow | null | Promise<DispatchRow | null> {
  if (!shipment.currentDispatchId) return null;
  const check = (row: DispatchRow | null | undefined) => (row && canViewDispatch(viewerOf(ctx), row, shipment) ? row : null);
  return shipment.dispatchRow !== undefined ? check(shipment.dispatchRow) : shipmentLoaders(ctx).dispatch.load(shipment.currentDispatchId).then(check);
}

/**
 * The rows the rule lets through: the list itself when it lets all through (the usual case: no
 * copy per row and field), else a filtered copy. Lists read ahead are never changed after.
 */
function visibleOnly<T>(rows: T[], visible: (row: T) => boolean): T[] {
  for (let i = 0; i < rows.length; i++) {
    if (!visible(rows[i]!)) return rows.filter(visible);
  }
  return rows;
}

/**
 * A list of a row: read ahead (a page's read-ahead, a live event's snapshot) when it was, without a
 * promise; else one batched read. Either way through the same filter (the access rule).
 */
function readList<T, R>(ahead: T[] | undefined, load: () => Promise<T[]>, filter: (rows: T[]) => R | Promise<R>): R | Promise<R> {
  return ahead ? filter(ahead) : load().then(filter);
}

export function shipmentDispatches(ctx: AuthedContext, shipment: ShipmentRow): DispatchRow[] | Promise<DispatchRow[]> {
  return readList(
    shipment.readAhead?.dispatches,
    () => shipmentLoaders(ctx).dispatchesByShipment.load(shipment.id),
    (rows) => visibleOnly(rows, (row) => canViewDispatch(viewerOf(ctx), row, shipment)),
  );
}

export function shipmentEvents(ctx: AuthedContext, shipment: ShipmentRow): TrackingEventRow[] | Promise<TrackingEventRow[]> {
  return readList(
    shipment.readAhead?.events,
    () => shipmentLoaders(ctx).eventsByShipment.load(shipment.id),
    (rows) => (canViewTrackingEvent(viewerOf(ctx), shipment) ? rows : []),
  );
}

export function shipmentItems(ctx: AuthedContext, shipment: ShipmentRow): ShipmentItemRow[] | Promise<ShipmentItemRow[]> {
  return readList(
    shipment.readAhead?.items,
    () => shipmentLoaders(ctx).itemsByShipment.load(shipment.id),
    (rows) => (canViewShipment(viewerOf(ctx), shipment) ? rows : []),
  );
}

/** The line a parcel item carries: visible with the parcel that carries it. */
export function itemLine(ctx: AuthedContext, item: ShipmentItemRow): OrderLineRow | Promise<OrderLineRow> {
  const check = (row: OrderLineRow | undefined) => (row && canViewOrderLine(viewerOf(ctx), row) ? row : missing('Order line'));
  return item.lineRow ? check(item.lineRow) : shipmentLoaders(ctx).line.load(item.lineId).then(check);
}

export function eventRecordedBy(ctx: AuthedContext, event: TrackingEventRow): UserRow | Promise<UserRow> {
  return event.recordedByRow ?? userById(ctx, event.recordedById);
}

export function userById(ctx: AuthedContext, id: string): Promise<UserRow> {
  return shipmentLoaders(ctx).user.load(id).then((row) => row ?? missing('User'));
}

/** Scans the signed-in courier may record next; empty for everyone else. */
export function courierActions(ctx: AuthedContext, shipment: ShipmentRow): ShipmentStatus[] {
  const holds = ctx.user.role === Role.COURIER && shipment.courierId === ctx.user.id;
  return holds ? courierNextStatuses(shipment.status) : [];
}

/** Only the store may dispatch, and it sees only its own parcels. */
export function canDispatch(ctx: AuthedContext, shipment: ShipmentRow): boolean {
  return ctx.user.role === Role.MERCHANT && isDispatchable(shipment.status);
}

function missing(what: string): never {
  throw notFound(what);
}

/**
 * Other features (chat threads, complaints) answer Shipment and Order entities; the fields here
 * read rows. An entity root is read again as a row (one batched statement) before the rules run.
 */
export function shipmentRow<T>(ctx: AuthedContext, root: ShipmentRow | Shipment, work: (row: ShipmentRow) => T | Promise<T>): T | Promise<T> {
  if (!(root instanceof Shipment)) return work(root);
  return shipmentLoaders(ctx)
    .shipment.load(root.id)
    .then((row) => work(row ?? missing('Shipment')));
}

export function orderRow<T>(ctx: AuthedContext, root: OrderRow | Order, work: (row: OrderRow) => T | Promise<T>): T | Promise<T> {
  if (!(root instanceof Order)) return work(root);
  return shipmentLoaders(ctx)
    .order.load(root.id)
    .then((row) => (row && canViewOrder(viewerOf(ctx), row) ? work(row) : missing('Order')));
}
