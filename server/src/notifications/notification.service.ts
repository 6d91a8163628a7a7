import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, toConnection, type PageArgs } from '../common/pagination.js';
import { Topic, type RealtimeEvent } from '../realtime/pubsub.js';
import { Notification } from './notification.entity.js';
import type { NotificationConnection } from './notification.types.js';

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

  subscribe(): AsyncIterable<RealtimeEvent> {
    return this.ctx.deps.realtime.subscribe(Topic.NOTIFICATION_ADDED, this.ctx.user.id);
  }

  /** The pushed notification, read fresh (see shipment.live.ts for why a fork). */
  async load(event: RealtimeEvent): Promise<Notification> {
    return this.ctx.em.fork().findOneOrFail(Notification, { id: event.id, recipient: this.ctx.user.id });
  }
}
