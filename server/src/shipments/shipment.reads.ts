import type { EntityManager } from '@mikro-orm/postgresql';
import { maskPhone, Role, type DispatchChannel, type ShipmentStatus } from '@parceldesk/shared';
import DataLoader from 'dataloader';
import type { AuthedContext } from '../common/context.js';
import type { SelectionTree } from '../common/selection.js';
import { groupBy, selectRows, selectSplitRows, type EmbeddedRows } from '../common/sql.js';
import { Shipment } from './shipment.entity.js';
import { holdsParcel, type OrderAccess, type OrderLineAccess, type ShipmentAccess } from './shipment.access.js';

/*
 * The read side of shipments: plain rows selected with SQL, batched per request by loaders, never
 * hydrated into entities (writes keep MikroORM's unit of work in shipment.service.ts). Each row
 * carries what the access rules of shipment.access.ts need, so checking it costs no statement.
 * Column names map to camelCase properties, the same names as the GraphQL fields of the entity
 * classes, so plain rows answer those fields directly.
 */

export interface OrderRow extends OrderAccess {
  id: string;
  /** The order's lists, read for the whole page before its fields run (readAheadOrders); unfiltered. */
  readAhead?: { lines?: OrderLineRow[]; shipments?: ShipmentRow[] };
  /** The buyer, read with the order when it came from orderColumns. */
  buyerRow?: UserRow;
  /** The store's name, read with the order: the lists show it on every row. */
  merchantName: string;
  orderNo: string;
  shippingAddress: string;
  createdAt: Date;
}

export interface ShipmentRow extends ShipmentAccess {
  id: string;
  orderId: string;
  waybillNo: string;
  carrier: string;
  status: ShipmentStatus;
  currentDispatchId: string | null;
  declaredWeightGrams: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
  /** Read with the parcel when its statement joined them (absent otherwise, e.g. a payload made from an entity). */
  orderRow?: OrderRow;
  dispatchRow?: DispatchRow | null;
  courierRow?: UserRow | null;
  /** The buyer's contact, read with the parcel when a courier's page shows the recipient (recipientFor applies the rule). */
  recipientRow?: ContactRow;
  /**
   * The parcel's lists, read before its fields run: once for a live event (shared by every
   * subscriber of it), or for a whole page at once (readAheadShipments). Unfiltered rows: the
   * relation fields still apply the access rules to them.
   */
  readAhead?: { events?: TrackingEventRow[]; items?: ShipmentItemRow[]; dispatches?: DispatchRow[]; recipient?: ContactRow | null };
}

export interface OrderLineRow extends OrderLineAccess {
  id: string;
  orderId: string;
  position: number;
  title: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
  unitWeightGrams: number;
  lineTotalCents: number;
}

export interface TrackingEventRow {
  id: string;
  shipmentId: string;
  status: ShipmentStatus;
  location: string | null;
  note: string | null;
  measuredWeightGrams: number | null;
  occurredAt: Date;
  recordedById: string;
  recordedByRow?: UserRow;
}

export interface DispatchRow {
  id: string;
  shipmentId: string;
  courierId: string;
  channel: DispatchChannel;
  pickupAt: Date;
  pickupAddress: string;
  note: string | null;
  dispatchedById: string;
  createdAt: Date;
}

export interface ShipmentItemRow {
  id: string;
  shipmentId: string;
  lineId: string;
  quantity: number;
  lineRow?: OrderLineRow;
}

/** What others see of a user: never the full phone or the password hash. */
export interface UserRow {
  id: string;
  role: Role;
  displayName: string;
  maskedPhone: string;
  locale: string;
}

export interface MerchantRow {
  id: string;
  name: string;
}

// --- SQL: one place per row shape ---
//
// To-one relations a page shows with its rows are joined into the same statement and handed over
// as `embedded` rows (a parcel's order, dispatch and courier; an order's buyer; an item's line; an
// event's recorder), so a page costs one statement per list level, not one per relation. The
// relation fields use them when present and the loaders otherwise.

/**
 * The couriers holding one of an order's parcels now: only the courier rule reads them, so they are
 * read only for a courier viewer (`couriers`) and are null otherwise (a rule asking for null ones
 * throws rather than guess). A subquery per row: worth skipping for every other role.
 */
const orderCouriers = (couriers: boolean, alias: string) =>
  couriers
    ? `array(select x.courier_id from shipments x where x.order_id = o.id and x.courier_id is not null)::text[] as ${alias}`
    : `null::text[] as ${alias}`;

// Named columns, never `*`: reads are prepared statements (common/sql.ts), and a prepared `*`
// fails once a migration adds a column under a running process.
const ORDER_OWN = 'o.id, o.order_no, o.buyer_id, o.merchant_id, o.shipping_address, o.created_at';
const SHIPMENT_OWN = `s.id, s.order_id, s.waybill_no, s.carrier, s.status, s.status_before_exception, s.courier_id,
    s.current_dispatch_id, s.declared_weight_grams, s.version`;
/** What every parcel row carries whatever is asked: its keys and what the rules and relation fields read. */
const SHIPMENT_KEYS = 's.id, s.order_id, s.status, s.courier_id, s.current_dispatch_id';
/** The other columns, by the GraphQL field that shows them. */
const SHIPMENT_FIELD_COLUMNS: Record<string, string> = {
  waybillNo: 's.waybill_no',
  carrier: 's.carrier',
  statusBeforeException: 's.status_before_exception',
  declaredWeightGrams: 's.declared_weight_grams',
  version: 's.version',
};
const SHIPMENT_TIMES = 's.created_at, s.updated_at, s.delivered_at';
const LINE_OWN = 'l.id, l.order_id, l.position, l.title, l.sku, l.unit_price_cents, l.quantity, l.unit_weight_grams';
const LINE_FIELD_COLUMNS: Record<string, string> = {
  title: 'l.title',
  sku: 'l.sku',
  unitPriceCents: 'l.unit_price_cents',
  quantity: 'l.quantity',
  unitWeightGrams: 'l.unit_weight_grams',
};
/** A line's keys and the columns of the asked fields (the total is added by the statement). */
function lineColumnsFor(fields: readonly string[]): string {
  return ['l.id, l.order_id', ...fields.flatMap((field) => LINE_FIELD_COLUMNS[field] ?? [])].join(', ');
}
const EVENT_COLUMNS = `e.id, e.shipment_id, e.status, e.location, e.note, e.measured_weight_grams, e.received_by, e.pickup_code,
    e.occurred_at, e.recorded_by_id, e.created_at`;
const DISPATCH_COLUMNS = `d.id, d.shipment_id, d.courier_id, d.channel, d.pickup_at, d.pickup_address, d.note, d.dispatched_by_id,
    d.created_at`;

/**
 * Orders with the store's name, for couriers the couriers holding their parcels, and the buyer
 * (`b_`, joined as `b` in ORDER_FROM) unless `buyer` is false: a buyer's own list never shows it.
 */
export const orderColumns = (couriers: boolean, buyer = true) => `${ORDER_OWN}, m.name as merchant_name,
    ${orderCouriers(couriers, 'courier_ids')}${buyer ? ', b.role as b_role, b.display_name as b_display_name, b.phone as b_phone, b.locale as b_locale' : ''}`;
/** FROM for orderColumns: the store is `m`, the buyer `b` (leave it out with ORDER_FROM_NO_BUYER). */
export const ORDER_FROM = 'orders o join merchants m on m.id = o.merchant_id join users b on b.id = o.buyer_id';
export const ORDER_FROM_NO_BUYER = 'orders o join merchants m on m.id = o.merchant_id';

/** Which to-one relations of a parcel to read with it, and whether its times: what the page asks for. */
export interface ShipmentEmbeds {
  order?: boolean;
  dispatch?: boolean;
  courier?: boolean;
  /** createdAt, updatedAt, deliveredAt (the recipient's contact window reads the last two). */
  times?: boolean;
  /** The buyer's name and phone (`r_`), for a courier's cards: recipientFor decides what to show. */
  recipient?: boolean;
  /**
   * false: leave out the order's owners (buyer_id, merchant_id) and the join that reads them; the
   * caller sets them from the parent order it already holds (a page's read-ahead under orders).
   */
  owners?: boolean;
  /**
   * The parcel fields the page shows: only their columns are read (with the keys every row
   * carries). Absent: all columns. For a page's read-ahead, whose selection is known.
   */
  fields?: readonly string[];
}

export const ALL_SHIPMENT_EMBEDS: ShipmentEmbeds = { order: true, dispatch: true, courier: true, times: true };

/** Parcels with their order's owners, and the order (`o_`), current dispatch (`d_`) and courier (`c_`) when asked. */
export function shipmentSelect(embeds: ShipmentEmbeds, extraColumns = '', couriers = true): string {
  const joinOrder = embeds.owners !== false || embeds.order || embeds.recipient;
  const own = embeds.fields ? [SHIPMENT_KEYS, ...embeds.fields.flatMap((field) => SHIPMENT_FIELD_COLUMNS[field] ?? [])].join(', ') : SHIPMENT_OWN;
  const columns = [embeds.owners === false ? own : `${own}, o.buyer_id, o.merchant_id`];
  if (embeds.times) columns.push(SHIPMENT_TIMES);
  const from = [joinOrder ? 'shipments s join orders o on o.id = s.order_id' : 'shipments s'];
  if (embeds.order) {
    columns.push(`o.order_no as o_order_no, o.shipping_address as o_shipping_address, o.created_at as o_created_at,
    (select m.name from merchants m where m.id = o.merchant_id) as o_merchant_name, ${orderCouriers(couriers, 'o_courier_ids')}`);
  }
  if (embeds.dispatch) {
    columns.push(`d.courier_id as d_courier_id, d.channel as d_channel, d.pickup_at as d_pickup_at, d.pickup_address as d_pickup_address,
    d.note as d_note, d.dispatched_by_id as d_dispatched_by_id, d.created_at as d_created_at`);
    from.push('left join dispatches d on d.id = s.current_dispatch_id');
  }
  if (embeds.courier) {
    columns.push('c.role as c_role, c.display_name as c_display_name, c.phone as c_phone, c.locale as c_locale');
    from.push('left join users c on c.id = s.courier_id');
  }
  if (embeds.recipient) {
    columns.push('rb.display_name as r_display_name, rb.phone as r_phone');
    from.push('join users rb on rb.id = o.buyer_id');
  }
  return `select ${columns.join(', ')}${extraColumns} from ${from.join(' ')}`;
}

/** Lines with their order's owners and, for couriers, the couriers of the parcels carrying them. */
const lineColumns = (couriers: boolean) => `${LINE_OWN}, l.unit_price_cents * l.quantity as line_total_cents, o.buyer_id, o.merchant_id, ${
  couriers
    ? `array(select s.courier_id from shipment_items i join shipments s on s.id = i.shipment_id
           where i.line_id = l.id and s.courier_id is not null)::text[] as courier_ids`
    : 'null::text[] as courier_ids'
}`;
const LINE_FROM = 'order_lines l join orders o on o.id = l.order_id';

type Raw = Record<string, any>;

function userRow(id: string, u: Raw): UserRow {
  return { id, role: u.role, displayName: u.displayName, maskedPhone: maskPhone(u.phone), locale: u.locale };
}

/** Prefixes of orderColumns' embedded rows: the buyer. */
export const ORDER_EMBEDS = 'b';
/** Builds an order row from selectSplitRows(…, ORDER_EMBEDS, toOrderRow). */
export function toOrderRow(own: Raw, embedded: EmbeddedRows): OrderRow {
  if (embedded.b) own.buyerRow = userRow(own.buyerId, embedded.b);
  return own as OrderRow;
}

/** Prefixes of shipmentSelect's embedded rows: order, dispatch, courier, recipient. */
export const SHIPMENT_EMBEDS = 'odcr';
/** Builds a parcel row from selectSplitRows(…, SHIPMENT_EMBEDS, toShipmentRow). */
export function toShipmentRow(own: Raw, embedded: EmbeddedRows): ShipmentRow {
  const { o: order, d: dispatch, c: courier, r: recipient } = embedded;
  if (recipient) own.recipientRow = { id: own.buyerId, displayName: recipient.displayName, phone: recipient.phone } as ContactRow;
  if (order) own.orderRow = Object.assign(order, { id: own.orderId, buyerId: own.buyerId, merchantId: own.merchantId }) as unknown as OrderRow;
  if (dispatch) own.dispatchRow = own.currentDispatchId ? (Object.assign(dispatch, { id: own.currentDispatchId, shipmentId: own.id }) as unknown as DispatchRow) : null;
  if (courier) own.courierRow = own.courierId ? userRow(own.courierId, courier) : null;
  return own as ShipmentRow;
}

export async function readShipmentRows(em: EntityManager, ids: readonly string[], couriers = true): Promise<ShipmentRow[]> {
  return selectSplitRows(em, `${shipmentSelect(ALL_SHIPMENT_EMBEDS, '', couriers)} where s.id = any(?::uuid[])`, [unique(ids)], SHIPMENT_EMBEDS, toShipmentRow);
}

/**
 * A parcel as a live event pushes it: the row with its to-one relations and its timeline, items
 * and dispatches, read once per event per process (5 statements, whatever the number of
 * subscribers); each subscriber's fields then apply the access rules to it in memory.
 */
export async function readShipmentSnapshot(em: EntityManager, id: string): Promise<ShipmentRow | null> {
  const [shipment] = await readShipmentRows(em, [id]);
  if (!shipment) return null;
  const reads = createReads(em);
  const [events, items, dispatches] = await Promise.all([reads.eventsByShipment([id]), reads.itemsByShipment([id]), reads.dispatchesByShipment([id])]);
  shipment.readAhead = { events, items, dispatches };
  return shipment;
}

export async function readOrderRows(em: EntityManager, ids: readonly string[], couriers = true): Promise<OrderRow[]> {
  return selectSplitRows(em, `select ${orderColumns(couriers)} from ${ORDER_FROM} where o.id = any(?::uuid[])`, [unique(ids)], ORDER_EMBEDS, toOrderRow);
}

async function readUserRows(em: EntityManager, ids: readonly string[]): Promise<UserRow[]> {
  const rows = await selectRows<Raw>(em, 'select id, role, display_name, phone, locale from users where id = any(?::uuid[])', [unique(ids)]);
  return rows.map((row) => userRow(row.id, row));
}

// --- per-request loaders ---

export interface ShipmentLoaders {
  order: DataLoader<string, OrderRow | undefined>;
  shipment: DataLoader<string, ShipmentRow | undefined>;
  /** Per set of embedded relations (see ShipmentEmbeds). */
  shipmentsByOrder(embeds: ShipmentEmbeds): DataLoader<string, ShipmentRow[]>;
  line: DataLoader<string, OrderLineRow | undefined>;
  linesByOrder: DataLoader<string, OrderLineRow[]>;
  eventsByShipment: DataLoader<string, TrackingEventRow[]>;
  dispatch: DataLoader<string, DispatchRow | undefined>;
  dispatchesByShipment: DataLoader<string, DispatchRow[]>;
  itemsByShipment: DataLoader<string, ShipmentItemRow[]>;
  user: DataLoader<string, UserRow | undefined>;
  /** Name and full phone, for the contact rules that decide whether to show it (recipientFor). */
  contact: DataLoader<string, ContactRow | undefined>;
}

/** A user's full contact: only for code that applies the contact window before answering. */
export interface ContactRow {
  id: string;
  displayName: string;
  phone: string;
}

/**
 * The batch reads behind the loaders: one statement for any number of parent ids. A page's
 * read-ahead calls them directly (one call for all its rows, no promise per key); fields that are
 * not read ahead go through the loaders, which batch their keys into the same calls.
 */
export interface ShipmentReads {
  orders(ids: readonly string[]): Promise<OrderRow[]>;
  shipments(ids: readonly string[]): Promise<ShipmentRow[]>;
  shipmentsByOrder(embeds: ShipmentEmbeds, orderIds: readonly string[]): Promise<ShipmentRow[]>;
  lines(ids: readonly string[]): Promise<OrderLineRow[]>;
  linesByOrder(orderIds: readonly string[]): Promise<OrderLineRow[]>;
  /**
   * The same lines without their order's owners or couriers, for callers that set them from the
   * order; with `fields`, only the columns of those OrderLine fields (and the keys and total).
   */
  bareLinesByOrder(orderIds: readonly string[], fields?: readonly string[]): Promise<OrderLineRow[]>;
  eventsByShipment(shipmentIds: readonly string[]): Promise<TrackingEventRow[]>;
  dispatches(ids: readonly string[]): Promise<DispatchRow[]>;
  dispatchesByShipment(shipmentIds: readonly string[]): Promise<DispatchRow[]>;
  itemsByShipment(shipmentIds: readonly string[]): Promise<ShipmentItemRow[]>;
  users(ids: readonly string[]): Promise<UserRow[]>;
  contacts(ids: readonly string[]): Promise<ContactRow[]>;
}

const perRequest = new WeakMap<object, { loaders: ShipmentLoaders; reads: ShipmentReads }>();

/**
 * The loaders of one request (or one subscription): each batches the keys asked for in the same
 * tick into one statement. They keep no cache (`cache: false`): a subscription executes many
 * times with one context, and every answer must come from the database as it is now.
 */
export function shipmentLoaders(ctx: AuthedContext): ShipmentLoaders {
  return forRequest(ctx).loaders;
}

function forRequest(ctx: AuthedContext): { loaders: ShipmentLoaders; reads: ShipmentReads } {
  let found = perRequest.get(ctx);
  if (!found) {
    const reads = createReads(ctx.db, ctx.user.role === Role.COURIER);
    let loaders: ShipmentLoaders | undefined;
    // The loaders only when a field needs one: a page read ahead never does.
    found = {
      reads,
      get loaders() {
        return (loaders ??= createLoaders(reads));
      },
    };
    perRequest.set(ctx, found);
  }
  return found;
}

/** `couriers`: whether the viewer is a courier (see orderCouriers); a live event's snapshot reads them for anyone. */
function createReads(em: EntityManager, couriers = true): ShipmentReads {
  const LINE_COLUMNS = lineColumns(couriers);
  return {
    orders: (ids) => readOrderRows(em, ids, couriers),
    shipments: (ids) => readShipmentRows(em, ids, couriers),
    shipmentsByOrder: (embeds, ids) =>
      selectSplitRows(
        em,
        `${shipmentSelect(embeds, '', couriers)} where s.order_id = any(?::uuid[]) order by s.created_at, s.waybill_no`,
        [unique(ids)],
        SHIPMENT_EMBEDS,
        toShipmentRow,
      ),
    lines: (ids) => selectRows<OrderLineRow>(em, `select ${LINE_COLUMNS} from ${LINE_FROM} where l.id = any(?::uuid[])`, [unique(ids)]),
    linesByOrder: (ids) =>
      selectRows<OrderLineRow>(em, `select ${LINE_COLUMNS} from ${LINE_FROM} where l.order_id = any(?::uuid[]) order by l.position, l.id`, [unique(ids)]),
    bareLinesByOrder: (ids, fields) =>
      selectRows<OrderLineRow>(
        em,
        `select ${fields ? lineColumnsFor(fields) : LINE_OWN}, l.unit_price_cents * l.quantity as line_total_cents from order_lines l
          where l.order_id = any(?::uuid[]) order by l.position, l.id`,
        [unique(ids)],
      ),
    eventsByShipment: (ids) =>
      selectSplitRows(
          em,
          `select ${EVENT_COLUMNS}, r.role as r_role, r.display_name as r_display_name, r.phone as r_phone, r.locale as r_locale
             from tracking_events e join users r on r.id = e.recorded_by_id
            where e.shipment_id = any(?::uuid[]) order by e.occurred_at, e.created_at, e.id`,
          [unique(ids)],
        'r',
        (own, embedded) => {
          own.recordedByRow = userRow(own.recordedById, embedded.r!);
          return own as TrackingEventRow;
        },
      ),
    dispatches: (ids) => selectRows<DispatchRow>(em, `select ${DISPATCH_COLUMNS} from dispatches d where d.id = any(?::uuid[])`, [unique(ids)]),
    dispatchesByShipment: (ids) =>
      selectRows<DispatchRow>(em, `select ${DISPATCH_COLUMNS} from dispatches d where d.shipment_id = any(?::uuid[]) order by d.created_at, d.id`, [unique(ids)]),
    itemsByShipment: (ids) =>
      selectSplitRows(
        em,
        `select i.id as i_id, i.shipment_id as i_shipment_id, i.line_id as i_line_id, i.quantity as i_quantity, ${LINE_COLUMNS}
           from shipment_items i join ${LINE_FROM} on l.id = i.line_id
          where i.shipment_id = any(?::uuid[]) order by i.id`,
        [unique(ids)],
        'i',
        (own, embedded) => Object.assign(embedded.i!, { lineRow: own as OrderLineRow }) as unknown as ShipmentItemRow,
      ),
    users: (ids) => readUserRows(em, ids),
    contacts: (ids) => selectRows<ContactRow>(em, 'select id, display_name, phone from users where id = any(?::uuid[])', [unique(ids)]),
  };
}

function createLoaders(reads: ShipmentReads): ShipmentLoaders {
  return {
    order: byId(reads.orders),
    shipment: byId(reads.shipments),
    shipmentsByOrder: variants((embeds: ShipmentEmbeds) =>
      byParent(
        (ids) => reads.shipmentsByOrder(embeds, ids),
        (row) => row.orderId,
      ),
    ),
    line: byId(reads.lines),
    linesByOrder: byParent(reads.linesByOrder, (row) => row.orderId),
    eventsByShipment: byParent(reads.eventsByShipment, (row) => row.shipmentId),
    dispatch: byId(reads.dispatches),
    dispatchesByShipment: byParent(reads.dispatchesByShipment, (row) => row.shipmentId),
    itemsByShipment: byParent(reads.itemsByShipment, (row) => row.shipmentId),
    user: byId(reads.users),
    contact: byId(reads.contacts),
  };
}

// --- reading a page's lists ahead ---
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
  const { reads } = forRequest(ctx);
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
  const { reads } = forRequest(ctx);
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

function settled<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/** One loader per variant (its key is the variant's JSON), made when first asked for. */
function variants<V extends object, L>(make: (variant: V) => L): (variant: V) => L {
  const made = new Map<string, L>();
  return (variant) => {
    const flags = variant as Record<string, unknown>;
    const key = `${+!!flags.order}${+!!flags.dispatch}${+!!flags.courier}${+!!flags.times}${+!!flags.recipient}${+(flags.owners !== false)}${(flags.fields as string[] | undefined)?.join() ?? '*'}`;
    let loader = made.get(key);
    if (!loader) made.set(key, (loader = make(variant)));
    return loader;
  };
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/** One row per id (undefined when missing). Without a cache DataLoader may pass a key twice. */
function byId<T extends { id: string }>(read: (ids: string[]) => Promise<T[]>): DataLoader<string, T | undefined> {
  return new DataLoader(
    async (keys) => {
      const rows = await read(unique(keys));
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => byKey.get(key));
    },
    { cache: false },
  );
}

/** The rows under each parent id, in the statement's order. */
function byParent<T>(read: (ids: string[]) => Promise<T[]>, parentOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(
    async (keys) => {
      const groups = groupBy(await read(unique(keys)), parentOf);
      return keys.map((key) => groups.get(key) ?? []);
    },
    { cache: false },
  );
}

/**
 * The row of a shipment entity whose order is loaded, for payloads that come as entities (a
 * subscription event read through the ORM): the relation fields read rows only.
 */
export function asShipmentRow(shipment: Shipment | ShipmentRow): ShipmentRow {
  if (!(shipment instanceof Shipment)) return shipment;
  const order = shipment.order.getEntity();
  return {
    id: shipment.id,
    orderId: order.id,
    buyerId: order.buyer.id,
    merchantId: order.merchant.id,
    waybillNo: shipment.waybillNo,
    carrier: shipment.carrier,
    status: shipment.status,
    courierId: shipment.courier?.id ?? null,
    currentDispatchId: shipment.currentDispatch?.id ?? null,
    declaredWeightGrams: shipment.declaredWeightGrams,
    version: shipment.version,
    createdAt: shipment.createdAt,
    updatedAt: shipment.updatedAt,
    deliveredAt: shipment.deliveredAt,
  };
}
