import { OptimisticLockError } from '@mikro-orm/core';
import { ErrorCode, Role, ShipmentStatus, LIMITS, maskPhone } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { ShipmentContext } from './shipment.deps.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, windowedConnection, type Connection, type PageArgs } from '../common/pagination.js';
import { selectRows, selectSplitRows } from '../common/sql.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { ShipmentTopic } from './shipment.topics.js';
import { auditContactReveal } from './contact-reveal.audit.js';
import { Dispatch } from './dispatch.entity.js';
import { raisePickupAlert } from './pickup-alert.raise.js';
import { findMerchantOrders } from './order.queries.js';
import type { SelectionTree } from '../common/selection.js';
import { canViewOrder, canViewShipment, findVisibleShipment, holdsParcel } from './shipment.access.js';
import {
  ALL_SHIPMENT_EMBEDS,
  orderColumns,
  ORDER_FROM,
  ORDER_FROM_NO_BUYER,
  shipmentSelect,
  ORDER_EMBEDS,
  toOrderRow,
  SHIPMENT_EMBEDS,
  toShipmentRow,
  type ContactRow,
  type OrderRow,
  type ShipmentRow,
} from './shipment.reads.js';
import { shipmentLoaders } from './shipment.loaders.js';
import { readAheadOrders, readAheadShipments } from './shipment.read-ahead.js';
import { viewerOf } from './viewer.js';
import { Shipment } from './shipment.entity.js';
import type { CourierContact, CourierLoad, DispatchShipmentInput, MerchantOrdersFilter, RecipientContact, RecordTrackingEventInput } from './shipment.types.js';
import { TrackingEvent } from './tracking-event.entity.js';

/** Parcels a courier still holds. */
const ACTIVE_STATES = [ShipmentStatus.DISPATCHED, ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.EXCEPTION];

/** Buyer notifications per status (DISPATCHED is sent by dispatchShipment). */
const NOTIFY_ON: Partial<Record<ShipmentStatus, NotificationKind>> = {
  OUT_FOR_DELIVERY: NotificationKind.SHIPMENT_OUT_FOR_DELIVERY,
  DELIVERED: NotificationKind.SHIPMENT_DELIVERED,
  EXCEPTION: NotificationKind.SHIPMENT_EXCEPTION,
};

/** A pickup time a few seconds old is the form's own clock, not the past. */
const PICKUP_GRACE_MS = 60_000;

export class ShipmentService {
  constructor(private readonly ctx: ShipmentContext) {}

  // --- reads: plain rows (shipment.reads.ts), checked by the rules of shipment.access.ts ---

  /** `asked`: what the page selects (its relations are read ahead for all rows at once). */
  async myOrders(page: PageArgs, asked?: SelectionTree): Promise<Connection<OrderRow>> {
    const window = pageWindow(page);
    const { db, user } = this.ctx;
    // The buyer is the viewer: joined only if the page asks for the field.
    const buyer = !!asked?.edges?.node?.buyer;
    const rows = await selectSplitRows(
      db,
      `select ${orderColumns(false, buyer)}, count(*) over () as total_count from ${buyer ? ORDER_FROM : ORDER_FROM_NO_BUYER}
        where o.buyer_id = ? order by o.created_at desc, o.id desc limit ? offset ?`,
      [user.id, window.limit + 1, window.offset],
      ORDER_EMBEDS,
      toOrderRow,
    );
    const connection = await windowedConnection(rows, window, () => countWhere(db, 'orders', 'buyer_id = ?', [user.id]));
    await readAheadOrders(this.ctx, nodesOf(connection), asked?.edges?.node);
    return connection;
  }

  async order(id: string): Promise<OrderRow> {
    const order = isUuid(id) ? await shipmentLoaders(this.ctx).order.load(id) : undefined;
    const viewer = viewerOf(this.ctx);
    if (!order || !canViewOrder(viewer, order)) throw notFound('Order');
    return order;
  }

  async shipment(id: string, asked?: SelectionTree): Promise<ShipmentRow> {
    const shipment = isUuid(id) ? await shipmentLoaders(this.ctx).shipment.load(id) : undefined;
    const viewer = viewerOf(this.ctx);
    if (!shipment || !canViewShipment(viewer, shipment)) throw notFound('Shipment');
    await readAheadShipments(this.ctx, [shipment], asked);
    return shipment;
  }

  async merchantOrders(filter: MerchantOrdersFilter | undefined, page: PageArgs, asked?: SelectionTree): Promise<Connection<OrderRow>> {
    const window = pageWindow(page);
    const { merchantId } = viewerOf(this.ctx);
    if (!merchantId) throw notFound('Store');
    const search = filter?.search?.trim();
    if (search && search.length > 64) throw badInput('search', 'must be at most 64 characters');
    const { rows, countAll } = await findMerchantOrders(this.ctx.db, merchantId, { status: filter?.status, search }, window);
    const connection = await windowedConnection(rows, window, countAll);
    await readAheadOrders(this.ctx, nodesOf(connection), asked?.edges?.node);
    return connection;
  }

  /** Every courier with how many parcels they hold now: one grouped query. */
  async couriers(): Promise<CourierLoad[]> {
    const em = this.ctx.em;
    const couriers = await em.find(User, { role: Role.COURIER }, { orderBy: { displayName: 'asc', id: 'asc' } });
    const rows = await em.getConnection().execute<{ courier_id: string; count: string }[]>(
      `select courier_id, count(*) as count from shipments
        where courier_id is not null and status in (${ACTIVE_STATES.map(() => '?').join(', ')})
        group by courier_id`,
      ACTIVE_STATES,
    );
    const load = new Map(rows.map((r) => [r.courier_id, Number(r.count)]));
    // The full number: merchants call couriers (PHONE is the default channel).
    return couriers.map((courier) => ({ courier, phone: courier.phone, activeParcels: load.get(courier.id) ?? 0 }));
  }

  async myDeliveries(active: boolean | undefined, page: PageArgs, asked?: SelectionTree): Promise<Connection<ShipmentRow>> {
    const window = pageWindow(page);
    const { db, user } = this.ctx;
    const where = active === undefined ? 's.courier_id = ?' : `s.courier_id = ? and ${active ? '' : 'not '}(s.status = any(?::shipment_status[]))`;
    const params = active === undefined ? [user.id] : [user.id, ACTIVE_STATES];
    // The page is chosen (and counted) on the parcels alone; the joins and the per-row subqueries of
    // the embeds then run for the page's rows only, not for every parcel the courier holds
    // (a busy courier's list spent ~6 ms of PostgreSQL on rows it then cut away).
    const rows = await selectSplitRows(
      db,
      `${shipmentSelect({ ...ALL_SHIPMENT_EMBEDS, recipient: !!asked?.edges?.node?.recipient }, ', page.total_count')}
        join (select s.id, count(*) over () as total_count from shipments s where ${where}
               order by s.updated_at desc, s.id desc limit ? offset ?) page on page.id = s.id
        order by s.updated_at desc, s.id desc`,
      [...params, window.limit + 1, window.offset],
      SHIPMENT_EMBEDS,
      toShipmentRow,
    );
    const connection = await windowedConnection(rows, window, () => countWhere(db, 'shipments s', where, params));
    await readAheadShipments(this.ctx, nodesOf(connection), asked?.edges?.node);
    return connection;
  }

  /**
   * The courier's name and phone for the buyer of the parcel. The full number is shown from
   * dispatch until 24 h after delivery, and showing it is audited (once per viewer per window).
   */
  async courierContact(shipmentId: string): Promise<CourierContact | null> {
    const { em, user } = this.ctx;
    const shipment = await findVisibleShipment(em, viewerOf(this.ctx), shipmentId);
    if (!shipment.courier) return null;
    const courier = await shipment.courier.loadOrFail();
    const window = contactWindow(shipment);
    if (window.open) await auditContactReveal(this.ctx, shipment, courier);
    return {
      courierId: courier.id,
      displayName: courier.displayName,
      phone: window.open ? courier.phone : courier.maskedPhone,
      masked: !window.open,
      revealedUntil: window.open ? window.until : null,
    };
  }

  // --- changes ---

  /** 人工派单: the merchant hands a parcel to a courier, first time or again. */
  async dispatchShipment(input: DispatchShipmentInput): Promise<ShipmentRow> {
    const { em, user } = this.ctx;
    const shipment = await findVisibleShipment(em, viewerOf(this.ctx), input.shipmentId);
    checkVersion(shipment, input.expectedVersion);
    // The courier it goes to, by a plain read (the people it tells are only referenced: the
    // notifications need their ids, the outbox reads them when it sends).
    const [found] = isUuid(input.courierId) ? await selectRows<{ id: string; role: Role; displayName: string }>(em, 'select id, role, display_name from users where id = ?', [input.courierId]) : [];
    if (!found || found.role !== Role.COURIER) throw badInput('courierId', 'is not a courier');
    const courier = em.getReference(User, found.id);
    if (input.pickupAt.getTime() < Date.now() - PICKUP_GRACE_MS) throw badInput('pickupAt', 'must not be in the past');
    const previousCourierId = shipment.courier?.id ?? null;

    const dispatch = new Dispatch({
      shipment,
      courier,
      channel: input.channel,
      pickupAt: input.pickupAt,
      pickupAddress: input.pickupAddress.trim(),
      note: input.note?.trim() || null,
      dispatchedBy: em.getReference(User, user.id),
    });
    const previousCourier = shipment.courier;
    shipment.dispatchTo(dispatch);
    em.persist(dispatch);
    // The public timeline never carries the note: it is meant for the courier (DESIGN §3, audiences).
    em.persist(new TrackingEvent({ shipment, status: ShipmentStatus.DISPATCHED, recordedBy: em.getReference(User, user.id), location: dispatch.pickupAddress }));
    const order = shipment.order.getEntity();
    const about = { shipmentId: shipment.id, waybillNo: shipment.waybillNo };
    queueNotification(em, { recipient: em.getReference(User, order.buyer.id), kind: NotificationKind.SHIPMENT_DISPATCHED, ...about });
    // Couriers hear of work given and taken away, in the app and by SMS (the phone channel).
    queueNotification(em, { recipient: courier, kind: NotificationKind.COURIER_DISPATCHED, ...about, detail: dispatch.note });
    if (previousCourier && previousCourier.id !== courier.id) {
      queueNotification(em, { recipient: em.getReference(User, previousCourier.id), kind: NotificationKind.COURIER_WITHDRAWN, ...about });
    }
    await this.commit(shipment, { previousCourierId, note: dispatch.note, courierName: found.displayName });
    return this.shipment(shipment.id);
  }

  /** A courier's scan: picked up (with the weight), in transit, out for delivery, delivered, exception. */
  async recordTrackingEvent(input: RecordTrackingEventInput): Promise<ShipmentRow> {
    const { em, user } = this.ctx;
    const shipment = await findVisibleShipment(em, viewerOf(this.ctx), input.shipmentId);
    checkVersion(shipment, input.expectedVersion);
    const now = new Date();
    const location = input.location?.trim() || (await defaultLocation(input.status, shipment));
    shipment.transitionTo(input.status, now);
    const event = new TrackingEvent({
      shipment,
      status: input.status,
      recordedBy: em.getReference(User, user.id),
      occurredAt: now,
      location,
      note: input.note?.trim() || null,
      measuredWeightGrams: input.measuredWeightGrams ?? null,
      receivedBy: input.receivedBy ?? null,
      pickupCode: input.pickupCode?.trim() || null,
    });
    em.persist(event);
    // Prevention at pickup: a parcel light on the courier's scale warns its store now.
    if (input.status === ShipmentStatus.PICKED_UP && event.measuredWeightGrams != null) await raisePickupAlert(em, shipment, event.measuredWeightGrams);
    const kind = NOTIFY_ON[input.status];
    if (kind) {
      // Referenced, not read: the notification needs the id, the outbox reads the buyer when it sends.
      const buyer = em.getReference(User, shipment.order.getEntity().buyer.id);
      queueNotification(em, { recipient: buyer, kind, shipmentId: shipment.id, waybillNo: shipment.waybillNo, detail: event.note });
    }
    await this.commit(shipment, { previousCourierId: null, note: event.note });
    return this.shipment(shipment.id);
  }

  /**
   * One flush = one transaction: the versioned UPDATE of the shipment, its event and its
   * notifications commit together. A concurrent change of the same version makes the UPDATE
   * match no row; MikroORM rolls back and we answer CONFLICT.
   */
  private async commit(shipment: Shipment, change: { previousCourierId: string | null; note: string | null; courierName?: string }): Promise<void> {
    try {
      await this.ctx.em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) throw conflict(shipment);
      throw error;
    }
    const order = shipment.order.getEntity();
    await this.ctx.deps.realtime.publishAll([
      { topic: ShipmentTopic.SHIPMENT_UPDATED, key: shipment.id, id: shipment.id },
      { topic: ShipmentTopic.STORE_SHIPMENT_UPDATED, key: order.merchant.id, id: shipment.id },
    ]);
    this.ctx.deps.outbox.kick();
    await this.ctx.deps.shipmentEvents.emit({ shipmentId: shipment.id, status: shipment.status, courierId: shipment.courier?.id ?? null, ...change });
  }
}

/** Counts the rows of a list when its page came back empty (past the end). */
async function countWhere(em: ShipmentContext['em'], from: string, where: string, params: unknown[]): Promise<number> {
  const [row] = await selectRows<{ total: string }>(em, `select count(*) as total from ${from} where ${where}`, params);
  return Number(row?.total ?? 0);
}

function conflict(shipment: Shipment): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `Parcel ${shipment.waybillNo} was changed by someone else; reload and try again`);
}

function checkVersion(shipment: Shipment, expected: number | null | undefined): void {
  if (expected != null && expected !== shipment.version) throw conflict(shipment);
}

/**
 * Whether the buyer sees the courier's full number now: from dispatch while the parcel is on its
 * way, and for 24 h after delivery (`until`, unknown before delivery).
 */
export function contactWindow(shipment: Pick<Shipment, 'status' | 'deliveredAt' | 'updatedAt'>, now = new Date()): { open: boolean; until: Date | null } {
  if (shipment.status === ShipmentStatus.CREATED) return { open: false, until: null };
  if (shipment.status !== ShipmentStatus.DELIVERED) return { open: true, until: null };
  const deliveredAt = shipment.deliveredAt ?? shipment.updatedAt;
  const until = new Date(deliveredAt.getTime() + LIMITS.courierContactHoursAfterDelivery * 3600_000);
  return { open: until > now, until };
}

/**
 * The recipient as the courier holding the parcel sees them: name and phone, the number in full
 * under the same rule as the buyer's view of the courier (contactWindow). Null for anyone else.
 */
export function recipientFor(ctx: ShipmentContext, shipment: ShipmentRow): RecipientContact | null | Promise<RecipientContact | null> {
  if (!holdsParcel(ctx.user, shipment)) return null;
  const ahead = shipment.readAhead?.recipient;
  // Batched per request: a courier's list asks for the recipient of every card at once.
  if (ahead === undefined) return shipmentLoaders(ctx).contact.load(shipment.buyerId).then((buyer) => recipientOf(shipment, buyer ?? null));
  return recipientOf(shipment, ahead);
}

function recipientOf(shipment: ShipmentRow, buyer: ContactRow | null): RecipientContact | null {
  if (!buyer) return null;
  const { open } = contactWindow(shipment);
  return { name: buyer.displayName, phone: open ? buyer.phone : maskPhone(buyer.phone), masked: !open };
}

function nodesOf<T>(connection: Connection<T>): T[] {
  return connection.edges.map((edge) => edge.node);
}

/** Where a scan happened when the courier names no place: pickup at the pickup address, delivery at the door. */
async function defaultLocation(status: ShipmentStatus, shipment: Shipment): Promise<string | null> {
  if (status === ShipmentStatus.PICKED_UP) return (await shipment.currentDispatch?.load())?.pickupAddress ?? null;
  if (status === ShipmentStatus.DELIVERED) return shipment.order.getEntity().shippingAddress;
  return null;
}
