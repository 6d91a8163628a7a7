import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, windowedConnection, type PageArgs } from '../common/pagination.js';
import { selectRows } from '../common/sql.js';
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

  /** One statement for the page, the total and the unread count (plain rows, no entities). */
  async list(page: PageArgs): Promise<NotificationConnection> {
    const window = pageWindow(page);
    const { em, user } = this.ctx;
    const unread = 'select count(*) from notifications u where u.recipient_id = ? and u.read_at is null';
    const rows = await selectRows<Notification & { totalCount?: string; unreadCount?: string }>(
      em,
      `select n.*,
              count(*) over () as total_count, (${unread}) as unread_count
         from notifications n where n.recipient_id = ? order by n.created_at desc, n.id desc limit ? offset ?`,
      [user.id, user.id, window.limit + 1, window.offset],
    );
    const unreadCount = rows.length > 0 ? Number(rows[0]!.unreadCount) : Number((await selectRows<{ count: string }>(em, unread, [user.id]))[0]!.count);
    for (const row of rows) delete row.unreadCount;
    const connection = await windowedConnection(rows, window, async () =>
      Number((await selectRows<{ count: string }>(em, 'select count(*) from notifications where recipient_id = ?', [user.id]))[0]!.count),
    );
    return { ...(connection as NotificationConnection), unreadCount };
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
