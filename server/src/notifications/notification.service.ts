import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, windowedConnection, type PageArgs } from '../common/pagination.js';
import { selectRows } from '../common/sql.js';
import { Topic, type RealtimeEvent } from '../realtime/pubsub.js';
import { Notification } from './notification.entity.js';
import type { NotificationConnection } from './notification.types.js';

export class NotificationService {
  constructor(private readonly ctx: AuthedContext) {}

  /** One statement for the page, the total and the unread count (plain rows, no entities). */
  async list(page: PageArgs): Promise<NotificationConnection> {
    const window = pageWindow(page);
    const { em, user } = this.ctx;
    const unread = 'select count(*) from notifications u where u.recipient_id = ? and u.read_at is null';
    const rows = await selectRows<Notification & { totalCount?: string; unreadCount?: string }>(
      em,
      `select n.id, n.kind, n.shipment_id, n.waybill_no, n.detail, n.created_at, n.read_at,
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

  subscribe(): AsyncIterable<RealtimeEvent> {
    return this.ctx.deps.realtime.subscribe(Topic.NOTIFICATION_ADDED, this.ctx.user.id);
  }

  /** The pushed notification, read fresh (see shipment.live.ts for why a fork). */
  async load(event: RealtimeEvent): Promise<Notification> {
    return this.ctx.em.fork().findOneOrFail(Notification, { id: event.id, recipient: this.ctx.user.id });
  }
}
