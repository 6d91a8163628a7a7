import type { EntityManager } from '@mikro-orm/postgresql';
import { maskPhone, type DispatchChannel, type Role, type ShipmentStatus } from '@parceldesk/shared';
import DataLoader from 'dataloader';
import type { AuthedContext } from '../common/context.js';
import { groupBy, selectRows } from '../common/sql.js';
import { Shipment } from './shipment.entity.js';
import type { OrderAccess, OrderLineAccess, ShipmentAccess } from './shipment.access.js';

/*
 * The read side of shipments: plain rows selected with SQL, batched per request by loaders, never
 * hydrated into entities (writes keep MikroORM's unit of work in shipment.service.ts). Each row
 * carries what the access rules of shipment.access.ts need, so checking it costs no statement.
 * Column names map to camelCase properties, the same names as the GraphQL fields of the entity
 * classes, so plain rows answer those fields directly.
 */

export interface OrderRow extends OrderAccess {
  id: string;
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

/** Orders with the couriers holding one of their parcels now (the courier rule). */
export const ORDER_COLUMNS = `o.*, (select m.name from merchants m where m.id = o.merchant_id) as merchant_name,
    array(select s.courier_id from shipments s where s.order_id = o.id and s.courier_id is not null)::text[] as courier_ids`;
const ORDER_SELECT = `select ${ORDER_COLUMNS} from orders o`;

/** Parcels with their order's owners; FROM `shipments s join orders o`. */
export const SHIPMENT_COLUMNS = 's.*, o.buyer_id, o.merchant_id';
const SHIPMENT_SELECT = `select ${SHIPMENT_COLUMNS} from shipments s join orders o on o.id = s.order_id`;

const LINE_SELECT = `select l.*, l.unit_price_cents * l.quantity as line_total_cents, o.buyer_id, o.merchant_id,
    array(select s.courier_id from shipment_items i join shipments s on s.id = i.shipment_id
           where i.line_id = l.id and s.courier_id is not null)::text[] as courier_ids
  from order_lines l join orders o on o.id = l.order_id`;

export async function readShipmentRows(em: EntityManager, ids: readonly string[]): Promise<ShipmentRow[]> {
  return selectRows<ShipmentRow>(em, `${SHIPMENT_SELECT} where s.id = any(?::uuid[])`, [unique(ids)]);
}

export async function readOrderRows(em: EntityManager, ids: readonly string[]): Promise<OrderRow[]> {
  return selectRows<OrderRow>(em, `${ORDER_SELECT} where o.id = any(?::uuid[])`, [unique(ids)]);
}

async function readUserRows(em: EntityManager, ids: readonly string[]): Promise<UserRow[]> {
  const rows = await selectRows<{ id: string; role: Role; displayName: string; phone: string; locale: string }>(
    em,
    'select id, role, display_name, phone, locale from users where id = any(?::uuid[])',
    [unique(ids)],
  );
  return rows.map(({ phone, ...user }) => ({ ...user, maskedPhone: maskPhone(phone) }));
}

// --- per-request loaders ---

export interface ShipmentLoaders {
  order: DataLoader<string, OrderRow | undefined>;
  shipment: DataLoader<string, ShipmentRow | undefined>;
  shipmentsByOrder: DataLoader<string, ShipmentRow[]>;
  line: DataLoader<string, OrderLineRow | undefined>;
  linesByOrder: DataLoader<string, OrderLineRow[]>;
  eventsByShipment: DataLoader<string, TrackingEventRow[]>;
  dispatch: DataLoader<string, DispatchRow | undefined>;
  dispatchesByShipment: DataLoader<string, DispatchRow[]>;
  itemsByShipment: DataLoader<string, ShipmentItemRow[]>;
  user: DataLoader<string, UserRow | undefined>;
}

const loaders = new WeakMap<object, ShipmentLoaders>();

/**
 * The loaders of one request (or one subscription): each batches the keys asked for in the same
 * tick into one statement. They keep no cache (`cache: false`): a subscription executes many
 * times with one context, and every answer must come from the database as it is now.
 */
export function shipmentLoaders(ctx: AuthedContext): ShipmentLoaders {
  let found = loaders.get(ctx);
  if (!found) {
    found = createLoaders(ctx.em);
    loaders.set(ctx, found);
  }
  return found;
}

function createLoaders(em: EntityManager): ShipmentLoaders {
  return {
    order: byId((ids) => readOrderRows(em, ids)),
    shipment: byId((ids) => readShipmentRows(em, ids)),
    shipmentsByOrder: byParent(
      (ids) => selectRows<ShipmentRow>(em, `${SHIPMENT_SELECT} where s.order_id = any(?::uuid[]) order by s.created_at, s.waybill_no`, [ids]),
      (row) => row.orderId,
    ),
    line: byId((ids) => selectRows<OrderLineRow>(em, `${LINE_SELECT} where l.id = any(?::uuid[])`, [ids])),
    linesByOrder: byParent(
      (ids) => selectRows<OrderLineRow>(em, `${LINE_SELECT} where l.order_id = any(?::uuid[]) order by l.position, l.id`, [ids]),
      (row) => row.orderId,
    ),
    eventsByShipment: byParent(
      (ids) =>
        selectRows<TrackingEventRow>(
          em,
          'select * from tracking_events where shipment_id = any(?::uuid[]) order by occurred_at, created_at, id',
          [ids],
        ),
      (row) => row.shipmentId,
    ),
    dispatch: byId((ids) => selectRows<DispatchRow>(em, 'select * from dispatches where id = any(?::uuid[])', [ids])),
    dispatchesByShipment: byParent(
      (ids) => selectRows<DispatchRow>(em, 'select * from dispatches where shipment_id = any(?::uuid[]) order by created_at, id', [ids]),
      (row) => row.shipmentId,
    ),
    itemsByShipment: byParent(
      (ids) => selectRows<ShipmentItemRow>(em, 'select * from shipment_items where shipment_id = any(?::uuid[]) order by id', [ids]),
      (row) => row.shipmentId,
    ),
    user: byId((ids) => readUserRows(em, ids)),
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
