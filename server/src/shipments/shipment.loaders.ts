import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import DataLoader from 'dataloader';
import type { AuthedContext } from '../common/context.js';
import { groupBy, selectRows, selectSplitRows } from '../common/sql.js';
import {
  DISPATCH_COLUMNS,
  EVENT_COLUMNS,
  LINE_FROM,
  LINE_OWN,
  lineColumns,
  lineColumnsFor,
  readOrderRows,
  readShipmentRows,
  readUserRows,
  SHIPMENT_EMBEDS,
  shipmentSelect,
  toShipmentRow,
  unique,
  userRow,
  type ContactRow,
  type DispatchRow,  type OrderLineRow,
  type OrderRow,
  type ShipmentEmbeds,
  type ShipmentItemRow,
  type ShipmentRow,
  type TrackingEventRow,
  type UserRow,
} from './shipment.reads.js';

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
  return requestReads(ctx).loaders;
}

/** The batch reads and loaders of one request (or subscription), made when first asked for. */
export function requestReads(ctx: AuthedContext): { loaders: ShipmentLoaders; reads: ShipmentReads } {
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
