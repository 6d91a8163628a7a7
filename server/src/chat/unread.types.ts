import { ThreadKind } from '@parceldesk/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A thread with messages the signed-in user has not read', simpleResolvers: true })
export class UnreadThread {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ThreadKind)
  kind!: ThreadKind;

  @Field(() => ID, { nullable: true, description: 'COURIER threads: the parcel (a delivery card shows the count)' })
  shipmentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The order: the parcel’s, or the one a support thread is about' })
  orderId!: string | null;

  @Field(() => String, { nullable: true })
  waybillNo!: string | null;

  @Field(() => Int, { description: 'Messages after the user’s read marker' })
  unreadCount!: number;

  @Field(() => Int, { description: 'The seq of the newest message' })
  lastSeq!: number;

  @Field(() => String, { nullable: true, description: 'Who wrote the newest message (null for a parcel event)' })
  lastAuthorName!: string | null;

  @Field(() => String, { nullable: true, description: 'The newest message’s text (empty for a photo)' })
  lastBody!: string | null;

  @Field(() => Date, { nullable: true })
  lastAt!: Date | null;
}

@ObjectType({ description: 'Unread chat counts of the signed-in user, from the read markers', simpleResolvers: true })
export class UnreadSummary {
  @Field(() => Int, { description: 'Unread messages across all the user’s threads' })
  total!: number;

  @Field(() => Int, { description: 'Threads with unread messages' })
  threadCount!: number;

  @Field(() => [UnreadThread], { description: 'Those threads, newest activity first (at most 100)' })
  threads!: UnreadThread[];

  @Field(() => ID, { nullable: true, description: 'unreadChanged: the thread whose message or read caused this answer' })
  changedThreadId!: string | null;
}
