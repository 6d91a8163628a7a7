import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import type { Evidence } from '../complaints/evidence.entity.js';
import { viewerFor } from '../shipments/shipment.access.js';
import type { Viewer } from '../shipments/viewer.js';
import { ReviewPhoto } from './review-photo.entity.js';

/**
 * Who may see what of a review, as pure functions over plain facts (like shipment.access.ts).
 *
 * Reviews are the marketplace's public word on a store (DESIGN §1: buyers write them, stores
 * answer them): any buyer may read a store's reviews. A merchant reads their own store's only,
 * agents read all, couriers none. What stays with the parties (the reviewer, the store, agents):
 * the order, the case an arrived-short review opened, and the photos of an arrived-short review,
 * which are that case's evidence (a waybill label shows an address) rather than a public picture.
 */
export interface ReviewAccess {
  buyerId: string;
  merchantId: string;
  arrivedShort: boolean;
}

export function canListStoreReviews(viewer: Viewer, merchantId: string): boolean {
  switch (viewer.role) {
    case Role.BUYER:
    case Role.AGENT:
      return true;
    case Role.MERCHANT:
      return viewer.merchantId === merchantId;
    default:
      return false;
  }
}

export function canViewReview(viewer: Viewer, review: ReviewAccess): boolean {
  return canListStoreReviews(viewer, review.merchantId);
}

/** The reviewer, the reviewed store and agents. */
export function isReviewParty(viewer: Viewer, review: Pick<ReviewAccess, 'buyerId' | 'merchantId'>): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return review.buyerId === viewer.id;
    case Role.MERCHANT:
      return viewer.merchantId === review.merchantId;
    case Role.AGENT:
      return true;
    default:
      return false;
  }
}

export function canViewReviewPhotos(viewer: Viewer, review: ReviewAccess): boolean {
  return isReviewParty(viewer, review) || (canViewReview(viewer, review) && !review.arrivedShort);
}

/** Only the reviewed store answers, and only its owner: anyone else finds no such review. */
export function canReplyToReview(viewer: Viewer, review: Pick<ReviewAccess, 'merchantId'>): boolean {
  return viewer.role === Role.MERCHANT && viewer.merchantId === review.merchantId;
}

/** For GET /evidence/:id: a photo shown with a review is served to whoever may see it there. */
export async function canViewReviewPhoto(em: EntityManager, user: Pick<User, 'id' | 'role'>, evidence: Evidence): Promise<boolean> {
  const photo = await em.findOne(ReviewPhoto, { evidence: evidence.id }, { populate: ['review'] });
  if (!photo) return false;
  const review = photo.review.getEntity();
  return canViewReviewPhotos(await viewerFor(em, user), { buyerId: review.buyer.id, merchantId: review.merchant.id, arrivedShort: review.arrivedShort });
}
