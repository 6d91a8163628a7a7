import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, windowedConnection, type PageArgs } from '../common/pagination.js';
import { selectRows } from '../common/sql.js';
import { liveFeed } from '../realtime/live.js';
import { NotificationTopic } from './notification.topics.js';
import { Notification } from './notification.entity.js';
import type { NotificationConnection } from './notification.types.js';

/** A row as read (plain, not an entity): the list's and the live feed's shape. */
export type NotificationRow = Notification & { recipientId: string };

/** The goods a notification names (`goods.item_title`, `goods.item_count`): the parcel's items `s`, else the order's `o`. */
export const NOTIFICATION_GOODS = `left join lateral (
     select (array_agg(ol.title order by ol.position))[1] as item_title, count(*)::int as item_count
       from order_lines ol
      where ol.order_id = o.id
        and (s.id is null or exists (select 1 from shipment_items si where si.shipment_id = s.id and si.line_id = ol.id))
   ) goods on o.id is not null`;

/**
 * A notification with the words that name what it is about: the store, and the first item with the
 * number of items of the parcel (or, for a complaint or an order's chat, of the order). One
 * statement whatever the page size: joins and one lateral aggregate, no per-row reads.
 */
const NOTIFICATION_ROW = `n.*, m.name as store_name, goods.item_title, goods.item_count
   from notifications n
   left join threads t on t.id = n.thread_id
   left join shipments s on s.id = coalesce(n.shipment_id, t.shipment_id)
   left join complaints c on c.id = n.complaint_id
   left join orders o on o.id = coalesce(s.order_id, c.order_id, t.order_id, n.order_id)
   left join merchants m on m.id = o.merchant_id
   ${NOTIFICATION_GOODS}`;

/** The new notification, read once per event per process (the key is its recipient). */
const notificationFeed = liveFeed<NotificationRow>(NotificationTopic.NOTIFICATION_ADDED, async (em, event) => {
  const [row] = await selectRows<NotificationRow>(em, `select ${NOTIFICATION_ROW} where n.id = ? and n.recipient_id = ?`, [event.id, event.key]);
  return row ?? null;
});

export class NotificationService {
  constructor(private readonly ctx: AuthedContext) {}

  /** One statement for the page, the total and the unread count (plain rows, no entities). */
  async list(page: PageArgs): Promise<NotificationConnection> {
    const window = pageWindow(page);
    const { db, user } = this.ctx;
    const unread = 'select count(*) from notifications u where u.recipient_id = ? and u.read_at is null';
    const rows = await selectRows<Notification & { totalCount?: string; unreadCount?: string }>(
      db,
      `select count(*) over () as total_count, (${unread}) as unread_count, ${NOTIFICATION_ROW}
        where n.recipient_id = ? order by n.created_at desc, n.id desc limit ? offset ?`,
      [user.id, user.id, window.limit + 1, window.offset],
    );
    const unreadCount = rows.length > 0 ? Number(rows[0]!.unreadCount) : Number((await selectRows<{ count: string }>(db, unread, [user.id]))[0]!.count);
    for (const row of rows) delete row.unreadCount;
    const connection = await windowedConnection(rows, window, async () =>
      Number((await selectRows<{ count: string }>(db, 'select count(*) from notifications where recipient_id = ?', [user.id]))[0]!.count),
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
  subscribe(): AsyncIterable<NotificationRow> {
    const userId = this.ctx.user.id;
    return this.ctx.deps.live.follow(notificationFeed, userId, (notification) => (notification.recipientId === userId ? notification : null));
  }
}
