import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { Merchant } from './merchant.entity.js';
import { Shipment } from './shipment.entity.js';
import type { Viewer } from './viewer.js';

/**
 * Who may see what, once per type, as pure functions over plain rows. Root fields, relation
 * fields (`shipment { order { shipments { events } } }`), mutation answers and subscription
 * payloads all ask these, so a path through a relation can never show more than the root would.
 * Whatever a viewer may not see answers NOT_FOUND (roots) or is left out (lists), exactly like
 * something that does not exist.
 *
 * - buyers: their own orders and everything in them;
 * - merchants: their store's orders;
 * - agents: everything, read-only (they do not follow live updates);
 * - couriers: the parcels they hold now, and of those parcels' orders only what concerns them:
 *   the order's address and number, their own parcels, the lines their parcels carry; an earlier
 *   courier's dispatch note stays hidden from them.
 */

/** The people of an order: who bought it, which store sold it. */
export interface OrderOwners {
  buyerId: string;
  merchantId: string;
}

/**
 * An order row for the rules: its owners and the couriers holding one of its parcels now (null when
 * not read: reads skip them for viewers who are no courier, see shipment.reads.ts).
 */
export interface OrderAccess extends OrderOwners {
  courierIds: readonly string[] | null;
}

/** A parcel row for the rules: its order's owners and its courier now. */
export interface ShipmentAccess extends OrderOwners {
  courierId: string | null;
}

/** An order line row for the rules: its order's owners and the couriers of parcels carrying it (null when not read). */
export interface OrderLineAccess extends OrderOwners {
  courierIds: readonly string[] | null;
}

/** The couriers of a row for the courier rule; a row read without them is a bug, never a pass. */
function couriersOf(row: { courierIds: readonly string[] | null }): readonly string[] {
  if (!row.courierIds) throw new Error('access rule: a courier viewer was given a row read without its couriers');
  return row.courierIds;
}

function ownsOrder(viewer: Viewer, order: OrderOwners): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return order.buyerId === viewer.id;
    case Role.MERCHANT:
      return viewer.merchantId !== null && order.merchantId === viewer.merchantId;
    case Role.AGENT:
      return true;
    default:
      return false;
  }
}

export function canViewOrder(viewer: Viewer, order: OrderAccess): boolean {
  if (viewer.role === Role.COURIER) return couriersOf(order).includes(viewer.id);
  return ownsOrder(viewer, order);
}

export function canViewShipment(viewer: Viewer, shipment: ShipmentAccess): boolean {
  if (viewer.role === Role.COURIER) return shipment.courierId === viewer.id;
  return ownsOrder(viewer, shipment);
}

/** The courier holding the parcel now (they see its recipient's contact while it is on its way). */
export function holdsParcel(viewer: Pick<Viewer, 'id' | 'role'>, shipment: Pick<ShipmentAccess, 'courierId'>): boolean {
  return viewer.role === Role.COURIER && shipment.courierId === viewer.id;
}

/** Live updates go to the people of the parcel only: its buyer, its store, its courier. */
export function canFollowShipment(viewer: Viewer, shipment: ShipmentAccess): boolean {
  return viewer.role !== Role.AGENT && canViewShipment(viewer, shipment);
}

export function canViewOrderLine(viewer: Viewer, line: OrderLineAccess): boolean {
  if (viewer.role === Role.COURIER) return couriersOf(line).includes(viewer.id);
  return ownsOrder(viewer, line);
}

/** A parcel's timeline belongs to whoever may see the parcel. */
export function canViewTrackingEvent(viewer: Viewer, shipment: ShipmentAccess): boolean {
  return canViewShipment(viewer, shipment);
}

/**
 * A parcel's dispatches belong to whoever may see the parcel (its courier now sees the earlier
 * hand-overs too); what an earlier courier was told is their note's audience (canReadDispatchNote).
 */
export function canViewDispatch(viewer: Viewer, _dispatch: { courierId: string }, shipment: ShipmentAccess): boolean {
  return canViewShipment(viewer, shipment);
}

/** The access facts of a loaded shipment entity (its order populated): writes check the same rules. */
export function shipmentAccessOf(shipment: Shipment): ShipmentAccess {
  const order = shipment.order.getEntity();
  return { buyerId: order.buyer.id, merchantId: order.merchant.id, courierId: shipment.courier?.id ?? null };
}

/** A shipment entity with its order loaded, for writes (MikroORM unit of work + optimistic lock). */
export async function loadShipment(em: EntityManager, id: string): Promise<Shipment | null> {
  if (!isUuid(id)) return null;
  return em.findOne(Shipment, id, { populate: ['order'] });
}

/** The store a MERCHANT user runs (null for other roles). */
export async function merchantOf(em: EntityManager, user: Pick<User, 'id' | 'role'>): Promise<Merchant | null> {
  if (user.role !== Role.MERCHANT) return null;
  return em.findOne(Merchant, { owner: user.id });
}

/** The rules' viewer for a signed-in user (callers that hold a User rather than a Viewer). */
export async function viewerFor(em: EntityManager, who: Viewer | Pick<User, 'id' | 'role'>): Promise<Viewer> {
  if ('merchantId' in who) return who;
  return { id: who.id, role: who.role, merchantId: (await merchantOf(em, who))?.id ?? null };
}

/** The shipment entity to change, if the viewer may see it; NOT_FOUND otherwise. */
export async function findVisibleShipment(em: EntityManager, who: Viewer | Pick<User, 'id' | 'role'>, id: string, forFollow = false): Promise<Shipment> {
  const viewer = await viewerFor(em, who);
  const shipment = await loadShipment(em, id);
  const allowed = shipment && (forFollow ? canFollowShipment : canViewShipment)(viewer, shipmentAccessOf(shipment));
  if (!allowed) throw notFound('Shipment');
  return shipment;
}

/**
 * A dispatch note (给派件员的话) is for the courier it was written to and for the store; agents
 * read it for complaints. Buyers and other couriers get null. Callers have already checked that the
 * viewer may see the parcel.
 */
export function canReadDispatchNote(viewer: Pick<Viewer, 'id' | 'role'> | null | undefined, dispatch: { courierId: string }): boolean {
  switch (viewer?.role) {
    case Role.MERCHANT:
    case Role.AGENT:
      return true;
    case Role.COURIER:
      return dispatch.courierId === viewer.id;
    default:
      return false;
  }
}
