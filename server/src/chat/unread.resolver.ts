import { Role } from '@parceldesk/shared';
import { Authorized, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext } from '../common/context.js';
import { UnreadService } from './unread.live.js';
import { UnreadSummary } from './unread.types.js';

const PEOPLE = [Role.BUYER, Role.COURIER, Role.AGENT];

@Resolver(() => UnreadSummary)
export class UnreadResolver {
  @Authorized(...PEOPLE)
  @Query(() => UnreadSummary, { description: 'Unread chat messages per thread and in total (one statement whatever the number of threads)' })
  myUnread(@Ctx() ctx: AuthedContext) {
    return new UnreadService(ctx).summary();
  }

  @Authorized(...PEOPLE)
  @Subscription(() => UnreadSummary, {
    description: 'The counts again after each message to the user and each read on any of their devices; after a reconnect fetch myUnread',
    subscribe: ({ context }) => new UnreadService(context as AuthedContext).follow(),
  })
  unreadChanged(@Root() summary: UnreadSummary) {
    return summary;
  }
}
