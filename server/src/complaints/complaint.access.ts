import type { EntityManager } from '@mikro-orm/postgresql';
import { complaintActions, Role, type ComplaintAction } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Merchant } from '../shipments/merchant.entity.js';
import { canViewShipment, merchantOf, shipmentAccessOf, viewerFor } from '../shipments/shipment.access.js';
import type { Viewer } from '../shipments/viewer.js';
import { threadOfPhoto } from '../chat/message.store.js';
import { canAccessThread, loadThreadAccess } from '../chat/thread.access.js';
import { Complaint } from './complaint.entity.js';
import type { Evidence } from './evidence.entity.js';

/**
 * What the viewer may do on a case now. The case reached this viewer through an access check: a
 * buyer or merchant seeing it is its party.
 */
export function actionsFor(viewer: Pick<User, 'role'>, complaint: Pick<Complaint, 'status' | 'disputes' | 'respondedAt'>): ComplaintAction[] {
  return complaintActions({
    role: viewer.role,
    status: complaint.status,
    isParty: true,
    disputes: complaint.disputes,
    responded: complaint.respondedAt !== null,
  });
}

/** A case's parties, as the access rule needs them: its buyer and its order's store. */
export interface ComplaintOwners {
  buyerId: string;
  /** The store of the case's order. */
  merchantId: string;
}

/**
 * Who may see a complaint: its buyer, agents, and the store of its order. Anyone else, like a
 * missing id, gets NOT_FOUND. Couriers never see complaints. The one rule, for rows and entities.
 */
export function mayViewComplaint(viewer: Pick<Viewer, 'id' | 'role' | 'merchantId'>, complaint: ComplaintOwners): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return complaint.buyerId === viewer.id;
    case Role.AGENT:
      return true;
    case Role.MERCHANT:
      return viewer.merchantId !== null && complaint.merchantId === viewer.merchantId;
    case Role.COURIER:
      return false;
  }
}

/** The rule for an entity whose order is loaded. */
export function canViewComplaint(viewer: Pick<User, 'id' | 'role'>, complaint: Complaint, merchant: Merchant | null): boolean {
  const owners = { buyerId: complaint.buyer.id, merchantId: complaint.order.getEntity().merchant.id };
  return mayViewComplaint({ id: viewer.id, role: viewer.role, merchantId: merchant?.id ?? null }, owners);
}

/** Internal notes, internal timeline steps and the signals: agents only. */
export function seesInternal(viewer: Pick<User, 'role'>): boolean {
  return viewer.role === Role.AGENT;
}

/**
 * A photo: its uploader always; once attached, whoever may see the complaint; once sent in a
 * chat message, whoever may read that thread (its participants, and agents for SUPPORT).
 */
export async function canViewEvidence(em: EntityManager, viewer: Pick<User, 'id' | 'role'>, evidence: Evidence): Promise<boolean> {
  if (evidence.uploader.id === viewer.id) return true;
  const complaint = evidence.complaint?.getEntity();
  if (complaint && canViewComplaint(viewer, complaint, await merchantOf(em, viewer))) return true;
  // A courier's photo of a parcel (issue 20): whoever may see the parcel (its buyer, its store, its courier now, agents).
  const parcel = evidence.shipment ? await evidence.shipment.load({ populate: ['order'] }) : null;
  if (parcel) return canViewShipment(await viewerFor(em, viewer), shipmentAccessOf(parcel));
  const threadId = await threadOfPhoto(em, evidence.id);
  const thread = threadId ? await loadThreadAccess(em, threadId) : null;
  return thread !== null && canAccessThread(viewer, thread);
}

/** A case number as people see it (`C` + date + 6 hex), e.g. in a support thread's SYSTEM message. */
export const CASE_NO = /^C\d{8}[0-9A-F]{6}$/;

/** By id, or by case number (the support thread's message names the case by its number). */
export async function findVisibleComplaint(em: EntityManager, viewer: Pick<User, 'id' | 'role'>, id: string): Promise<Complaint> {
  const where = isUuid(id) ? { id } : CASE_NO.test(id) ? { caseNo: id } : null;
  const complaint = where ? await em.findOne(Complaint, where, { populate: ['order'] }) : null;
  if (!complaint || !canViewComplaint(viewer, complaint, await merchantOf(em, viewer))) throw notFound('Complaint');
  return complaint;
}
