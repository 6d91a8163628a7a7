import type { EntityManager } from '@mikro-orm/postgresql';
import type { ThreadKind } from '@parceldesk/shared';
import { prepared, runPrepared } from '../db/prepared.js';

/** Most threads one answer lists (the total still counts them all). */
export const UNREAD_THREADS_MAX = 100;

/** One thread with messages after the user's read marker. */
export interface UnreadThreadRow {
  threadId: string;
  kind: ThreadKind;
  shipmentId: string | null;
  orderId: string | null;
  waybillNo: string | null;
  unreadCount: number;
  lastSeq: number;
  lastAuthorName: string | null;
  lastBody: string | null;
  lastAt: Date | string | null;
}

export interface UnreadRows {
  total: number;
  threadCount: number;
  threads: UnreadThreadRow[];
}

/**
 * Users' unread chat counts in ONE statement whatever the number of threads (and of users asked
 * about: the live feed reads every user with a waiting event at once), from what exists: each
 * thread's `last_seq` minus the user's read marker (no second counter that could drift).
 * The threads are the ones the access rule gives the user's role (thread.access.ts): a buyer's own,
 * the courier's by the parcel they hold now (a re-dispatch moves them), an agent's support threads
 * they answered last. Each branch of the union walks its own index. The role is read in the same
 * statement, so a live feed keyed by the user needs nothing else.
 */
const UNREAD = prepared(
  'chat_unread_of_users',
  `with u as (select id, role from users where id = any(?::uuid[])),
    mine as (
      select u.id as user_id, t.* from u join threads t on u.role = 'BUYER' and t.buyer_id = u.id
      union all
      select u.id, t.* from u join shipments s on u.role = 'COURIER' and s.courier_id = u.id join threads t on t.shipment_id = s.id and t.kind = 'COURIER'
      union all
      select u.id, t.* from u join threads t on u.role = 'AGENT' and t.kind = 'SUPPORT' and t.last_agent_id = u.id
    ),
    unread as (
      select mine.*, mine.last_seq - coalesce(r.last_read_seq, 0) as unread_count,
             row_number() over (partition by mine.user_id order by mine.last_message_at desc nulls last, mine.id) as place
        from mine left join thread_reads r on r.thread_id = mine.id and r.user_id = mine.user_id
       where mine.last_seq > coalesce(r.last_read_seq, 0)
    )
  select u.id as "userId",
    coalesce((select sum(x.unread_count) from unread x where x.user_id = u.id), 0)::int as total,
    (select count(*) from unread x where x.user_id = u.id)::int as "threadCount",
    coalesce((select json_agg(row order by row."lastAt" desc nulls last, row."threadId")
      from (select x.id as "threadId", x.kind, x.shipment_id as "shipmentId", coalesce(s.order_id, x.order_id) as "orderId",
                   s.waybill_no as "waybillNo", x.unread_count::int as "unreadCount", x.last_seq as "lastSeq",
                   a.display_name as "lastAuthorName", lm.body as "lastBody", x.last_message_at as "lastAt"
              from unread x
              left join shipments s on s.id = x.shipment_id
              left join messages lm on lm.thread_id = x.id and lm.seq = x.last_seq
              left join users a on a.id = lm.author_id
             where x.user_id = u.id and x.place <= ?) row), '[]'::json) as threads
  from u`,
);

export async function readUnread(em: EntityManager, userId: string): Promise<UnreadRows> {
  return (await readUnreadOf(em, [userId])).get(userId) ?? { total: 0, threadCount: 0, threads: [] };
}

/** Several users' counts in the same one statement (users that do not exist are left out). */
export async function readUnreadOf(em: EntityManager, userIds: readonly string[]): Promise<Map<string, UnreadRows>> {
  const rows = await runPrepared<UnreadRows & { userId: string }>(em, UNREAD, [userIds, UNREAD_THREADS_MAX]);
  return new Map(rows.map(({ userId, ...counts }) => [userId, counts]));
}
