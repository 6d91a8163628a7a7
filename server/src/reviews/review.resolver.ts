import { Role } from '@parceldesk/shared';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ReviewContext } from './review.deps.js';
import { PageArgs } from '../common/pagination.js';
import { Complaint } from '../complaints/complaint.entity.js';
import { Evidence } from '../complaints/evidence.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Order } from '../shipments/order.entity.js';
import type { OrderRow } from '../shipments/shipment.reads.js';
import { Review } from './review.entity.js';
import { ReviewService } from './review.service.js';
import { PostReviewInput, PostReviewPayload, ReviewConnection, ReviewReply, ReviewReplyInput } from './review.types.js';

@Resolver(() => Review)
export class ReviewResolver {
  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Query(() => ReviewConnection, { description: 'A store’s reviews, newest first, with the average rating. Merchants: their own store (merchantId optional); buyers and agents name the store' })
  merchantReviews(@Arg('merchantId', () => ID, { nullable: true }) merchantId: string | null, @Args() page: PageArgs, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).merchantReviews(merchantId, page);
  }

  @Authorized(Role.BUYER)
  @Mutation(() => PostReviewPayload, { description: '在线评价: review your delivered order once; the arrived-short tag opens or joins its case (channel REVIEW)' })
  postReview(@Arg('input') input: PostReviewInput, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).postReview(input);
  }

  @Authorized(Role.MERCHANT)
  @Mutation(() => Review, { description: 'The store’s public reply, once' })
  replyToReview(@Arg('id', () => ID) id: string, @Arg('input') input: ReviewReplyInput, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).replyToReview(id, input.body);
  }

  @FieldResolver(() => String, { description: 'The reviewer as shoppers see them (买***王)' })
  authorName(@Root() review: Review, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).authorName(review);
  }

  @FieldResolver(() => ReviewReply, { nullable: true })
  reply(@Root() review: Review, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).reply(review);
  }

  @FieldResolver(() => [Evidence], { description: 'An arrived-short review’s photos are its case’s evidence: shown to the reviewer, the store and agents only' })
  photos(@Root() review: Review, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).photos(review);
  }

  @FieldResolver(() => Merchant)
  merchant(@Root() review: Review) {
    return review.merchant.load({ dataloader: true });
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The reviewer, the store and agents only' })
  order(@Root() review: Review, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).forParties(review, () => review.order.load({ dataloader: true }));
  }

  @FieldResolver(() => Complaint, { nullable: true, description: 'The case an arrived-short review opened or joined: the reviewer, the store and agents only' })
  complaint(@Root() review: Review, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).forParties(review, async () => (await review.complaint?.load({ dataloader: true })) ?? null);
  }
}

@Resolver(() => Order)
export class OrderReviewResolver {
  @FieldResolver(() => Review, { nullable: true, description: 'The buyer’s review (在线评价): for the buyer, the store and agents' })
  review(@Root() order: OrderRow | Order, @Ctx() ctx: ReviewContext) {
    return new ReviewService(ctx).reviewOfOrder(order);
  }
}
