import type { EntityManager } from '@mikro-orm/postgresql';
import { maskPhone, type DispatchChannel, type Role, type ShipmentStatus } from '@parceldesk/shared';
import { selectRows, selectSplitRows, type EmbeddedRows } from '../common/sql.js';
import { Shipment } from './shipment.entity.js';
import type { OrderAccess, OrderLineAccess, ShipmentAccess } from './shipment.access.js';

/*
 * The read side of shipments: plain rows selected with SQL (this file: their shapes and
 * statements), batched per request by loaders (shipment.loaders.ts) and read ahead for a page's
 * lists (shipment.read-ahead.ts), never hydrated into entities (writes keep MikroORM's unit of
 * work in shipment.service.ts). Each row
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

/** A user's full contact: only for code that applies the contact window before answering. */
export interface ContactRow {
  id: string;
  displayName: string;
  phone: string;
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
export const SHIPMENT_FIELD_COLUMNS: Record<string, string> = {
  waybillNo: 's.waybill_no',
  carrier: 's.carrier',
  statusBeforeException: 's.status_before_exception',
  declaredWeightGrams: 's.declared_weight_grams',
  version: 's.version',
};
const SHIPMENT_TIMES = 's.created_at, s.updated_at, s.delivered_at';
export const LINE_OWN = 'l.id, l.order_id, l.position, l.title, l.sku, l.unit_price_cents, l.quantity, l.unit_weight_grams';
export const LINE_FIELD_COLUMNS: Record<string, string> = {
  title: 'l.title',
  sku: 'l.sku',
  unitPriceCents: 'l.unit_price_cents',
  quantity: 'l.quantity',
  unitWeightGrams: 'l.unit_weight_grams',
};
/** A line's keys and the columns of the asked fields (the total is added by the statement). */
export function lineColumnsFor(fields: readonly string[]): string {
  return ['l.id, l.order_id', ...fields.flatMap((field) => LINE_FIELD_COLUMNS[field] ?? [])].join(', ');
}
export const EVENT_COLUMNS = `e.id, e.shipment_id, e.status, e.location, e.note, e.measured_weight_grams, e.received_by, e.pickup_code,
    e.occurred_at, e.recorded_by_id, e.created_at`;
export const DISPATCH_COLUMNS = `d.id, d.shipment_id, d.courier_id, d.channel, d.pickup_at, d.pickup_address, d.note, d.dispatched_by_id,
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
export const lineColumns = (couriers: boolean) => `${LINE_OWN}, l.unit_price_cents * l.quantity as line_total_cents, o.buyer_id, o.merchant_id, ${
  couriers
    ? `array(select s.courier_id from shipment_items i join shipments s on s.id = i.shipment_id
           where i.line_id = l.id and s.courier_id is not null)::text[] as courier_ids`
    : 'null::text[] as courier_ids'
}`;
export const LINE_FROM = 'order_lines l join orders o on o.id = l.order_id';

type Raw = Record<string, any>;

export function userRow(id: string, u: Raw): UserRow {
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

export async function readOrderRows(em: EntityManager, ids: readonly string[], couriers = true): Promise<OrderRow[]> {
  return selectSplitRows(em, `select ${orderColumns(couriers)} from ${ORDER_FROM} where o.id = any(?::uuid[])`, [unique(ids)], ORDER_EMBEDS, toOrderRow);
}

export async function readUserRows(em: EntityManager, ids: readonly string[]): Promise<UserRow[]> {
  const rows = await selectRows<Raw>(em, 'select id, role, display_name, phone, locale from users where id = any(?::uuid[])', [unique(ids)]);
  return rows.map((row) => userRow(row.id, row));
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

/** Each id once, for `= any(?)`. */
export function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
