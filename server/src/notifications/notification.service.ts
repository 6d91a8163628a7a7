import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, toConnection, type PageArgs } from '../common/pagination.js';
import { liveFeed } from '../realtime/live.js';
import { Topic } from '../realtime/pubsub.js';
import { Notification } from './notification.entity.js';
import type { NotificationConnection } from './notification.types.js';

/** The new notification, read once per event per process (the key is its recipient). */
const notificationFeed = liveFeed<Notification>(Topic.NOTIFICATION_ADDED, (em, event) =>
  em.findOne(Notification, { id: event.id, recipient: event.key }),
);

export class NotificationService {
  constructor(private readonly ctx: AuthedContext) {}

  async list(page: PageArgs): Promise<NotificationConnection> {
    const window = pageWindow(page);
    const { em, user } = this.ctx;
    const [items, total] = await em.findAndCount(
      Notification,
      { recipient: user.id },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: window.limit + 1, offset: window.offset },
    );
    const unreadCount = await em.count(Notification, { recipient: user.id, readAt: null });
    return { ...toConnection(items, window, total), unreadCount };
  }

  /** Marks the given notifications (or all, without ids) read; answers how many changed. */
  async markRead(ids: string[] | undefined): Promise<number> {
    const { em, user } = this.ctx;
    const where = ids === undefined ? {} : { id: { $in: ids.filter(isUuid) } };
    return em.nativeUpdate(Notification, { recipient: user.id, readAt: null, ...where }, { readAt: new Date() });
  }

  /** The signed-in user's new notifications (the feed's key is the recipient, so no other check). */
  subscribe(): AsyncIterable<Notification> {
    const userId = this.ctx.user.id;
    return this.ctx.deps.live.follow(notificationFeed, userId, (notification) => (notification.recipient.id === userId ? notification : null));
  }
}
