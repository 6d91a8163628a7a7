import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { AuthedContext } from '../common/context.js';
import type { Evidence } from '../complaints/evidence.entity.js';
import { ReviewPhoto } from './review-photo.entity.js';
import { Review } from './review.entity.js';

export interface ReviewLoaders {
  /** The review of each order (or null): one statement for every order on the page. */
  byOrder: DataLoader<string, Review | null>;
  /** The photos of each review, in the order they were posted: one statement per page. */
  photos: DataLoader<string, Evidence[]>;
}

const loaders = new WeakMap<object, ReviewLoaders>();

/** Per request (or subscription), without a cache: every answer comes from the database as it is now. */
export function reviewLoaders(ctx: AuthedContext): ReviewLoaders {
  let found = loaders.get(ctx);
  if (!found) {
    found = createLoaders(ctx.em);
    loaders.set(ctx, found);
  }
  return found;
}

function createLoaders(em: EntityManager): ReviewLoaders {
  return {
    byOrder: new DataLoader(
      async (orderIds) => {
        const rows = await em.find(Review, { order: { $in: [...orderIds] } });
        const byOrder = new Map(rows.map((r) => [r.order.id, r]));
        return orderIds.map((id) => byOrder.get(id) ?? null);
      },
      { cache: false },
    ),
    photos: new DataLoader(
      async (reviewIds) => {
        const rows = await em.find(ReviewPhoto, { review: { $in: [...reviewIds] } }, { populate: ['evidence'], orderBy: { position: 'asc' } });
        return reviewIds.map((id) => rows.filter((p) => p.review.id === id).map((p) => p.evidence.getEntity()));
      },
      { cache: false },
    ),
  };
}
