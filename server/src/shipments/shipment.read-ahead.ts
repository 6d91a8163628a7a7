import { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import type { SelectionTree } from '../common/selection.js';
import { groupBy } from '../common/sql.js';
import { holdsParcel } from './shipment.access.js';
import { requestReads } from './shipment.loaders.js';
import { LINE_FIELD_COLUMNS, SHIPMENT_FIELD_COLUMNS, type OrderRow, type ShipmentEmbeds, type ShipmentRow } from './shipment.reads.js';

// Reading a page's lists ahead.
//
// A list page knows which relations its rows show (the selection under `edges.node`). Asking the
// loaders for all rows at once, before the fields run, costs the same statements as the fields
// would (one per relation) but lets each relation field answer its row's list without a promise,
// so graphql-js completes the page synchronously. The rows stay unfiltered: the relation fields
// of shipment.relations.ts apply the access rules to them exactly as to loaded ones.

/**
 * Reads ahead what `node` (the selection under each order) asks of these orders, and below. The
 * lines and parcels of an order have that order's owners, so for any viewer but a courier (whose
 * rule needs per-row couriers) they are read without the join to orders and given the parent's.
 */
export async function readAheadOrders(ctx: AuthedContext, orders: OrderRow[], node: SelectionTree | undefined): Promise<void> {
  if (!node || orders.length === 0) return;
  const { reads } = requestReads(ctx);
  const ids = orders.map((order) => order.id);
  const shipmentsAsked = node.shipments;
  const fromParent = ctx.user.role !== Role.COURIER;
  const byOrder = <T extends { orderId: string }>(rows: T[]) => groupBy(rows, (row) => row.orderId);
  const [lines, shipments] = await Promise.all([
    node.lines || node.totalCents ? (fromParent ? reads.bareLinesByOrder(ids, lineFields(node.lines)) : reads.linesByOrder(ids)).then(byOrder) : undefined,
    // A parcel's embedded order is built from its own row, so that variant keeps the owners' columns.
    shipmentsAsked ? reads.shipmentsByOrder({ ...embedsOf(shipmentsAsked), owners: !fromParent || !!shipmentsAsked.order }, ids).then(byOrder) : undefined,
  ]);
  for (const order of orders) {
    const ahead: OrderRow['readAhead'] = { lines: lines && (lines.get(order.id) ?? []), shipments: shipments && (shipments.get(order.id) ?? []) };
    if (fromParent) {
      for (const line of ahead.lines ?? []) {
        withOwners(line, order);
        line.courierIds = null; // read only for a courier's rule, and this viewer is not one
      }
      for (const shipment of ahead.shipments ?? []) withOwners(shipment, order);
    }
    order.readAhead = ahead;
  }
  if (shipments && shipmentsAsked) await readAheadShipments(ctx, orders.flatMap((order) => order.readAhead!.shipments!), shipmentsAsked);
}

/** The OrderLine fields a selection shows that have columns of their own, in a stable order (one statement text per set). */
function lineFields(node: SelectionTree | undefined): string[] {
  return node ? Object.keys(node).filter((field) => field in LINE_FIELD_COLUMNS).sort() : [];
}

/** Gives a child row its order's owners (the same values a join to orders would read). */
function withOwners(row: { buyerId: string; merchantId: string }, order: OrderRow): void {
  row.buyerId = order.buyerId;
  row.merchantId = order.merchantId;
}

/** Reads ahead the lists `node` (the selection under each parcel) asks of these parcels. */
export async function readAheadShipments(ctx: AuthedContext, shipments: ShipmentRow[], node: SelectionTree | undefined): Promise<void> {
  if (!node || shipments.length === 0) return;
  const { reads } = requestReads(ctx);
  const ids = shipments.map((shipment) => shipment.id);
  const byShipment = <T extends { shipmentId: string }>(rows: T[]) => groupBy(rows, (row) => row.shipmentId);
  // The recipient's contact only for the parcels the viewer holds, as recipientFor would read it.
  const held = node.recipient ? shipments.filter((shipment) => holdsParcel(ctx.user, shipment)) : [];
  const heldIds = new Set(held.map((shipment) => shipment.id));
  const contactsToRead = held.filter((shipment) => shipment.recipientRow === undefined).map((shipment) => shipment.buyerId);
  const [events, items, dispatches, recipients] = await Promise.all([
    node.events ? reads.eventsByShipment(ids).then(byShipment) : undefined,
    node.items ? reads.itemsByShipment(ids).then(byShipment) : undefined,
    node.dispatches ? reads.dispatchesByShipment(ids).then(byShipment) : undefined,
    contactsToRead.length ? reads.contacts(contactsToRead).then((rows) => new Map(rows.map((row) => [row.id, row]))) : undefined,
  ]);
  for (const shipment of shipments) {
    const ahead = { ...shipment.readAhead };
    if (events) ahead.events = events.get(shipment.id) ?? [];
    if (items) ahead.items = items.get(shipment.id) ?? [];
    if (dispatches) ahead.dispatches = dispatches.get(shipment.id) ?? [];
    if (heldIds.has(shipment.id)) ahead.recipient = shipment.recipientRow ?? recipients?.get(shipment.buyerId) ?? null;
    shipment.readAhead = ahead;
  }
}

/** The to-one relations to join into a parcel statement: those the selection shows. */
export function embedsOf(node: SelectionTree): ShipmentEmbeds {
  return {
    order: !!node.order,
    dispatch: !!node.dispatch,
    courier: !!node.courier,
    times: !!(node.createdAt || node.updatedAt || node.deliveredAt || node.recipient),
    fields: Object.keys(node)
      .filter((field) => field in SHIPMENT_FIELD_COLUMNS)
      .sort(),
  };
}
