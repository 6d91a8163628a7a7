import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Merchant } from '../shipments/merchant.entity.js';
import { merchantOf } from '../shipments/shipment.access.js';
import { Complaint } from './complaint.entity.js';
import type { Evidence } from './evidence.entity.js';

/**
 * Who may see a complaint: its buyer, agents, and the store of its order. Anyone else, like a
 * missing id, gets NOT_FOUND. Couriers never see complaints.
 */
export function canViewComplaint(viewer: User, complaint: Complaint, merchant: Merchant | null): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return complaint.buyer.id === viewer.id;
    case Role.AGENT:
      return true;
    case Role.MERCHANT:
      return merchant !== null && complaint.order.getEntity().merchant.id === merchant.id;
    case Role.COURIER:
      return false;
  }
}

/** A photo: its uploader always; once attached, whoever may see the complaint. */
export async function canViewEvidence(em: EntityManager, viewer: User, evidence: Evidence): Promise<boolean> {
  if (evidence.uploader.id === viewer.id) return true;
  const complaint = evidence.complaint?.getEntity();
  if (!complaint) return false;
  return canViewComplaint(viewer, complaint, await merchantOf(em, viewer));
}

export async function findVisibleComplaint(em: EntityManager, viewer: User, id: string): Promise<Complaint> {
  const complaint = isUuid(id) ? await em.findOne(Complaint, id, { populate: ['order'] }) : null;
  if (!complaint || !canViewComplaint(viewer, complaint, await merchantOf(em, viewer))) throw notFound('Complaint');
  return complaint;
}
