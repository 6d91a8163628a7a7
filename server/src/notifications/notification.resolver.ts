import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext } from '../common/context.js';
import { PageArgs } from '../common/pagination.js';
import { Notification } from './notification.entity.js';
import { NotificationService, type NotificationRow } from './notification.service.js';
import { NotificationConnection } from './notification.types.js';

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: 'The signed-in user’s notifications, newest first, with the unread count' })
  myNotifications(@Args() page: PageArgs, @Ctx() ctx: AuthedContext) {
    return new NotificationService(ctx).list(page);
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Marks these notifications read (all when ids is omitted); answers how many changed' })
  markNotificationsRead(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | undefined, @Ctx() ctx: AuthedContext) {
    return new NotificationService(ctx).markRead(ids ?? undefined);
  }

  @Authorized()
  @Subscription(() => Notification, {
    description: 'Each new notification of the signed-in user',
    subscribe: ({ context }) => new NotificationService(context as AuthedContext).subscribe(),
  })
  // Typed as the plain row on purpose: with the entity class here type-graphql would construct one.
  notificationAdded(@Root() notification: NotificationRow) {
    return notification;
  }
}
