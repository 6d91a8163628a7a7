import { postReviewSchema, reviewReplySchema } from '@parceldesk/shared';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/pagination.js';
import { MissingItemInput } from '../complaints/complaint.types.js';
import { Review } from './review.entity.js';

@InputType({ description: '在线评价: one review per delivered order' })
export class PostReviewInput {
  static schema = postReviewSchema;

  @Field(() => ID)
  orderId!: string;

  @Field(() => Int, { description: '1 to 5 stars' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'At most 500 characters after trimming' })
  body?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Photos from POST /uploads/evidence, at most 9; an arrived-short review needs at least one' })
  evidenceIds?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'The 少件 tag: opens the order’s short-shipment case (channel REVIEW) or joins the open one' })
  arrivedShort?: boolean | null;

  @Field(() => [MissingItemInput], { nullable: true, description: 'With arrivedShort: the lines and how many of each are missing' })
  missingItems?: MissingItemInput[] | null;
}

@InputType()
export class ReviewReplyInput {
  static schema = reviewReplySchema;

  @Field({ description: 'Public; at most 500 characters' })
  body!: string;
}

@ObjectType({ description: 'The store’s public answer' })
export class ReviewReply {
  @Field()
  body!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'A store’s reviews, newest first, with the average over all of them' })
export class ReviewConnection extends ConnectionType(Review) {
  @Field(() => Float, { nullable: true, description: 'Average stars to one decimal; null without reviews' })
  averageRating!: number | null;
}

@ObjectType()
export class PostReviewPayload {
  @Field(() => Review)
  review!: Review;

  @Field({ description: 'The arrived-short tag joined a case already open on the order' })
  joinedExistingComplaint!: boolean;
}
