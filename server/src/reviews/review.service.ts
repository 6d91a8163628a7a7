import { OptimisticLockError, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ComplaintChannel, ErrorCode, maskReviewerName, roundedAverage, ShipmentStatus } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { ReviewContext } from './review.deps.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, toConnection, type PageArgs } from '../common/pagination.js';
import { selectRows } from '../common/sql.js';
import { FilingService } from '../complaints/complaint.filing.js';
import { publishComplaint } from '../complaints/complaint.topics.js';
import type { Complaint } from '../complaints/complaint.entity.js';
import { ComplaintQueueEventKind } from '../complaints/complaint.types.js';
import { Evidence } from '../complaints/evidence.entity.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { DeliveryChannel } from '../notifications/outbox-message.entity.js';
import { Order } from '../shipments/order.entity.js';
import type { OrderRow } from '../shipments/shipment.reads.js';
import { viewerOf } from '../shipments/viewer.js';
import { canListStoreReviews, canReplyToReview, canViewReviewPhotos, isReviewParty, type ReviewAccess } from './review.access.js';
import { reviewLoaders } from './review.loaders.js';
import { ReviewPhoto } from './review-photo.entity.js';
import { Review } from './review.entity.js';
import type { PostReviewInput, PostReviewPayload, ReviewConnection, ReviewReply } from './review.types.js';

const alreadyReviewed = () => new DomainError(ErrorCode.CONFLICT, 'This order already has a review');

export function reviewAccessOf(review: Review): ReviewAccess {
  return { buyerId: review.buyer.id, merchantId: review.merchant.id, arrivedShort: review.arrivedShort };
}

export class ReviewService {
  constructor(private readonly ctx: ReviewContext) {}

  // --- writes ---

  /**
   * A buyer reviews their own delivered order, once. Tagged arrived short, the same transaction
   * files through the complaint service (channel REVIEW): a new case, or the order's open one
   * joined. Either everything is written or nothing is.
   */
  async postReview(input: PostReviewInput): Promise<PostReviewPayload> {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const result = await this.postOnce(input);
        if (result.complaint) await publishComplaint(this.ctx.deps.realtime, result.complaint.id, result.joined ? ComplaintQueueEventKind.UPDATED : ComplaintQueueEventKind.NEW);
        // The review as just committed (no read back: nothing else wrote it since).
        return { review: result.review, joinedExistingComplaint: result.joined };
      } catch (error) {
        // A second post of this order, or a case opened on it meanwhile: the next attempt sees
        // which (CONFLICT for a review, joining for a case).
        if (error instanceof UniqueConstraintViolationException || error instanceof OptimisticLockError) continue;
        throw error;
      }
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The order is changing right now; try again');
  }

  private postOnce(input: PostReviewInput): Promise<{ review: Review; complaint: Complaint | null; joined: boolean }> {
    const user = this.ctx.user;
    return this.ctx.em.fork().transactional(async (em) => {
      const order = isUuid(input.orderId) ? await em.findOne(Order, input.orderId, { populate: ['shipments'] }) : null;
      if (!order || order.buyer.id !== user.id) throw notFound('Order');
      if (await em.count(Review, { order: order.id })) throw alreadyReviewed();
      const parcels = order.shipments.getItems();
      if (parcels.length === 0 || parcels.some((p) => p.status !== ShipmentStatus.DELIVERED)) {
        throw new DomainError(ErrorCode.INVALID_TRANSITION, 'An order can be reviewed once every parcel is delivered', {
          from: parcels.find((p) => p.status !== ShipmentStatus.DELIVERED)?.status ?? 'NO_PARCELS',
        });
      }
      const photos = await this.ownUnusedPhotos(em, input.evidenceIds ?? []);
      const body = input.body ?? '';
      const review = new Review({ order, buyer: em.getReference(User, user.id), rating: input.rating, body, arrivedShort: Boolean(input.arrivedShort) });
      em.persist(review);

      let filed: { complaint: Complaint; joinedExisting: boolean } | null = null;
      if (input.arrivedShort) {
        filed = await new FilingService(this.ctx).fileInTransaction(
          em,
          {
            orderId: order.id,
            missingItems: input.missingItems ?? [],
            description: body ? `${input.rating}★ ${body}` : `${input.rating}★`,
            evidenceIds: photos.map((p) => p.id),
            // One review per order, so one filing per order from reviews.
            idempotencyKey: `review:${order.id}`,
          },
          ComplaintChannel.REVIEW,
        );
        review.complaint = ref(filed.complaint);
      }
      photos.forEach((evidence, position) => {
        evidence.markAttached();
        em.persist(new ReviewPhoto({ review, evidence, position }));
      });
      await em.flush();
      return { review, complaint: filed?.complaint ?? null, joined: filed?.joinedExisting ?? false };
    });
  }

  /** The complaint form's rule for photos: the caller's own uploads, used nowhere yet; else NOT_FOUND. */
  private async ownUnusedPhotos(em: EntityManager, ids: string[]): Promise<Evidence[]> {
    const unique = [...new Set(ids)];
    if (unique.some((id) => !isUuid(id))) throw notFound('Evidence');
    if (unique.length === 0) return [];
    const rows = await em.find(Evidence, { id: { $in: unique }, uploader: this.ctx.user.id, complaint: null, attachedAt: null });
    if (rows.length !== unique.length) throw notFound('Evidence');
    return unique.map((id) => rows.find((r) => r.id === id)!);
  }

  /** The reviewed store answers once; any other caller finds no such review. */
  async replyToReview(id: string, body: string): Promise<Review> {
    const { em, user } = this.ctx;
    const viewer = viewerOf(this.ctx);
    const review = isUuid(id) ? await em.findOne(Review, id) : null;
    if (!review || !canReplyToReview(viewer, reviewAccessOf(review))) throw notFound('Review');
    review.reply(em.getReference(User, user.id), body);
    // The buyer hears of it (in the app only), in the same unit of work as the reply; their open
    // review page follows its notifications and shows the reply at once.
    queueNotification(
      em,
      { recipient: em.getReference(User, review.buyer.id), kind: NotificationKind.REVIEW_REPLIED, orderId: review.order.id, detail: review.replyBody?.slice(0, 100) ?? null },
      [DeliveryChannel.IN_APP],
    );
    try {
      await em.flush();
    } catch (error) {
      // Two replies at once: the version check lets one through.
      if (error instanceof OptimisticLockError) throw new DomainError(ErrorCode.CONFLICT, 'The store has already replied to this review');
      throw error;
    }
    this.ctx.deps.outbox.kick();
    return review;
  }

  // --- reads ---

  /**
   * A store's reviews, newest first, with the average of all of them. Merchants read their own
   * store (merchantId may be left out); buyers and agents name the store. Fixed statements per
   * page: the store and its totals, the page with its reviewers, then one for the page's photos.
   */
  async merchantReviews(merchantId: string | null | undefined, page: PageArgs): Promise<ReviewConnection> {
    const viewer = viewerOf(this.ctx);
    const storeId = merchantId ?? viewer.merchantId;
    if (!storeId) throw badInput('merchantId', 'name the store');
    if (!isUuid(storeId) || !canListStoreReviews(viewer, storeId)) throw notFound('Store');
    const window = pageWindow(page);
    const [totals] = await selectRows<{ count: number; sum: number }>(
      this.ctx.em,
      `select count(r.id)::int as count, coalesce(sum(r.rating), 0)::int as sum
         from merchants m left join reviews r on r.merchant_id = m.id
        where m.id = ? group by m.id`,
      [storeId],
    );
    if (!totals) throw notFound('Store');
    const rows = await this.ctx.em.find(Review, { merchant: storeId }, { populate: ['buyer'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: window.limit + 1, offset: window.offset });
    return { ...toConnection(rows, window, totals.count), averageRating: roundedAverage(totals.sum, totals.count) };
  }

  /** Order.review: for the order's buyer, its store and agents; couriers see none. */
  async reviewOfOrder(order: Pick<Order, 'id'> | Pick<OrderRow, 'id'>): Promise<Review | null> {
    const review = await reviewLoaders(this.ctx).byOrder.load(order.id);
    if (!review) return null;
    return isReviewParty(viewerOf(this.ctx), reviewAccessOf(review)) ? review : null;
  }

  // --- fields ---

  async authorName(review: Review): Promise<string> {
    const buyer = await review.buyer.load({ dataloader: true });
    return maskReviewerName(buyer?.displayName ?? '');
  }

  reply(review: Review): ReviewReply | null {
    return review.replyBody && review.repliedAt ? { body: review.replyBody, createdAt: review.repliedAt } : null;
  }

  async photos(review: Review): Promise<Evidence[]> {
    if (!canViewReviewPhotos(viewerOf(this.ctx), reviewAccessOf(review))) return [];
    return reviewLoaders(this.ctx).photos.load(review.id);
  }

  /** What only the parties see: the order, and the case the review opened or joined. */
  async forParties<T>(review: Review, load: () => Promise<T>): Promise<T | null> {
    return isReviewParty(viewerOf(this.ctx), reviewAccessOf(review)) ? load() : null;
  }
}
