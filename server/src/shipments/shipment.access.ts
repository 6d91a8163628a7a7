import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import type { Dispatch } from './dispatch.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { Merchant } from './merchant.entity.js';
import { Order } from './order.entity.js';
import { Shipment } from './shipment.entity.js';

/**
 * Who may see what (issue: buyers their orders, couriers the parcels dispatched to them,
 * merchants their store's orders, agents everything, read-only). Whatever a viewer may not see
 * answers NOT_FOUND, exactly like an id that does not exist.
 */
export function canViewOrder(viewer: User, order: Order, merchant: Merchant | null): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return order.buyer.id === viewer.id;
    case Role.MERCHANT:
      return merchant !== null && order.merchant.id === merchant.id;
    case Role.AGENT:
      return true;
    case Role.COURIER:
      return false;
  }
}

export function canViewShipment(viewer: User, shipment: Shipment, merchant: Merchant | null): boolean {
  if (viewer.role === Role.COURIER) return shipment.courier?.id === viewer.id;
  return canViewOrder(viewer, shipment.order.getEntity(), merchant);
}

/** Live updates go to the people of the parcel only: its buyer, its store, its courier. */
export function canFollowShipment(viewer: User, shipment: Shipment, merchant: Merchant | null): boolean {
  return viewer.role !== Role.AGENT && canViewShipment(viewer, shipment, merchant);
}

/** The store a MERCHANT user runs (null for other roles). */
export async function merchantOf(em: EntityManager, user: User): Promise<Merchant | null> {
  if (user.role !== Role.MERCHANT) return null;
  return em.findOne(Merchant, { owner: user.id });
}

/** A shipment with its order loaded, for access checks. */
export async function loadShipment(em: EntityManager, id: string): Promise<Shipment | null> {
  if (!isUuid(id)) return null;
  return em.findOne(Shipment, id, { populate: ['order'] });
}

export async function findVisibleShipment(em: EntityManager, viewer: User, id: string, forFollow = false): Promise<Shipment> {
  const shipment = await loadShipment(em, id);
  const merchant = await merchantOf(em, viewer);
  const allowed = shipment && (forFollow ? canFollowShipment : canViewShipment)(viewer, shipment, merchant);
  if (!allowed) throw notFound('Shipment');
  return shipment;
}

/**
 * A dispatch note (给派件员的话) is for the courier it was written to and for the store; agents
 * read it for complaints. Buyers and other couriers get null. Callers have already checked that the
 * viewer may see the parcel.
 */
export function canReadDispatchNote(viewer: User | null | undefined, dispatch: Dispatch): boolean {
  switch (viewer?.role) {
    case Role.MERCHANT:
    case Role.AGENT:
      return true;
    case Role.COURIER:
      return dispatch.courier.id === viewer.id;
    default:
      return false;
  }
}
