// The baseline's inbox: a user's notifications, conversation list and one conversation's messages
// (see baseline-resolvers.ts).
import { CHAT_LIMITS } from '@parceldesk/shared';
import { NOTIFICATION_GOODS } from '../../dist/notifications/notification.service.js';
import { connection, window, type BaselineContext, type PageArgs, type Resolver } from './baseline-page.js';

/** Which threads a participant lists: the buyer's own, a courier's for parcels they hold, an agent's support threads. */
function threadScope(user: { id: string; role: string }): string {
  if (user.role === 'COURIER') return `t.kind = 'COURIER' and s.courier_id = $1`;
  if (user.role === 'AGENT') return `t.kind = 'SUPPORT' and t.last_agent_id = $1`;
  return 't.buyer_id = $1';
}

/** Writing stops 72 h after a courier thread's parcel is delivered, and when a support thread closes. */
function threadReadOnlyFrom(t: { kind: string; status: string | null; delivered_at: Date | null; closed_at: Date | null }): Date | null {
  if (t.kind === 'SUPPORT') return t.closed_at;
  if (t.status !== 'DELIVERED' || !t.delivered_at) return null;
  return new Date(t.delivered_at.getTime() + CHAT_LIMITS.readOnlyHoursAfterDelivery * 3600_000);
}

/** A message row (`m_`/`u_` columns) as the API answers it; clientMessageId only for its author. */
function messageOf(ctx: BaselineContext, m: any) {
  const author = m.author_id && m.kind === 'TEXT' ? { id: m.author_id, displayName: m.author_name ?? '', role: m.author_role } : null;
  return {
    id: m.id,
    threadId: m.thread_id,
    seq: m.seq,
    kind: m.kind,
    author,
    body: m.body,
    systemEvent: m.system_event,
    createdAt: m.created_at,
    clientMessageId: author?.id === ctx.user!.id ? m.client_message_id : null,
  };
}

export const inboxResolvers: Record<string, Resolver> = {
  async myNotifications(_root, args: PageArgs, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const w = window(args);
    const rows = await ctx.query<any>(
      `select n.id, n.kind, n.waybill_no, n.detail, n.shipment_id, n.thread_id, n.complaint_id, n.read_at, n.created_at, count(*) over () as total,
              (select count(*) from notifications u where u.recipient_id = $1 and u.read_at is null) as unread,
              m.name as store_name, goods.item_title, goods.item_count
         from notifications n
         left join threads t on t.id = n.thread_id
         left join shipments s on s.id = coalesce(n.shipment_id, t.shipment_id)
         left join complaints c on c.id = n.complaint_id
         left join orders o on o.id = coalesce(s.order_id, c.order_id, t.order_id)
         left join merchants m on m.id = o.merchant_id
         ${NOTIFICATION_GOODS}
        where n.recipient_id = $1 order by n.created_at desc, n.id desc limit $2 offset $3`,
      [ctx.user.id, w.limit + 1, w.offset],
    );
    return {
      ...connection(rows, w, (n: any) => ({
        id: n.id,
        kind: n.kind,
        waybillNo: n.waybill_no,
        detail: n.detail,
        shipmentId: n.shipment_id,
        threadId: n.thread_id,
        complaintId: n.complaint_id,
        readAt: n.read_at,
        createdAt: n.created_at,
        storeName: n.store_name,
        itemTitle: n.item_title,
        itemCount: n.item_count,
      })),
      unreadCount: Number(rows[0]?.unread ?? 0),
    };
  },

  async myThreads(_root, args: PageArgs, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    const w = window(args);
    const rows = await ctx.query<any>(
      `select t.id, t.kind, t.shipment_id, s.waybill_no, s.status, s.delivered_at, t.order_id, o.order_no, t.last_seq, t.last_message_at,
              t.waiting_since, t.closed_at, t.buyer_id, b.display_name as buyer_name, s.courier_id, c.display_name as courier_name,
              t.last_agent_id, a.display_name as agent_name, coalesce(mine.last_read_seq, 0) as my_read_seq,
              coalesce(case when t.buyer_id = $1
                then (select max(r.last_read_seq) from thread_reads r where r.thread_id = t.id and r.user_id <> t.buyer_id
                        and (t.kind = 'SUPPORT' or r.user_id = s.courier_id))
                else (select r.last_read_seq from thread_reads r where r.thread_id = t.id and r.user_id = t.buyer_id) end, 0) as other_read_seq,
              m.id as m_id, m.seq as m_seq, m.kind as m_kind, m.author_id as m_author_id, u.display_name as m_author_name, u.role as m_author_role,
              m.body as m_body, m.system_event as m_system_event, m.client_message_id as m_client_message_id, m.created_at as m_created_at,
              count(*) over () as total
         from threads t join users b on b.id = t.buyer_id
         left join shipments s on s.id = t.shipment_id left join users c on c.id = s.courier_id
         left join orders o on o.id = t.order_id left join users a on a.id = t.last_agent_id
         left join thread_reads mine on mine.thread_id = t.id and mine.user_id = $1
         left join messages m on m.thread_id = t.id and m.seq = t.last_seq left join users u on u.id = m.author_id
        where ${threadScope(user)}
        order by coalesce(t.last_message_at, t.created_at) desc, t.id desc limit $2 offset $3`,
      [user.id, w.limit + 1, w.offset],
    );
    const now = new Date();
    return connection(rows, w, (t: any) => {
      const readOnlyFrom = threadReadOnlyFrom(t);
      return {
        id: t.id,
        kind: t.kind,
        shipmentId: t.shipment_id,
        waybillNo: t.waybill_no,
        shipmentStatus: t.status,
        orderId: t.order_id,
        orderNo: t.order_no,
        lastSeq: t.last_seq,
        unreadCount: Math.max(0, t.last_seq - t.my_read_seq),
        otherReadSeq: t.other_read_seq,
        canWrite: !(readOnlyFrom && readOnlyFrom <= now),
        closedAt: readOnlyFrom,
        waitingSince: t.waiting_since,
        lastMessageAt: t.last_message_at,
        buyer: { id: t.buyer_id, displayName: t.buyer_name },
        courier: t.kind === 'COURIER' && t.courier_id ? { id: t.courier_id, displayName: t.courier_name ?? '' } : null,
        lastAgent: t.last_agent_id ? { id: t.last_agent_id, displayName: t.agent_name ?? '' } : null,
        lastMessage: t.m_id
          ? messageOf(ctx, {
              id: t.m_id,
              thread_id: t.id,
              seq: t.m_seq,
              kind: t.m_kind,
              author_id: t.m_author_id,
              author_name: t.m_author_name,
              author_role: t.m_author_role,
              body: t.m_body,
              system_event: t.m_system_event,
              client_message_id: t.m_client_message_id,
              created_at: t.m_created_at,
            })
          : null,
      };
    });
  },

  async messages(_root, args: { threadId: string; afterSeq?: number | null; beforeSeq?: number | null; first?: number | null }, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    if (!/^[0-9a-f-]{36}$/i.test(args.threadId)) throw new Error('Thread not found');
    const [t] = await ctx.query<any>(
      'select t.kind, t.buyer_id, s.courier_id from threads t left join shipments s on s.id = t.shipment_id where t.id = $1',
      [args.threadId],
    );
    const visible =
      t &&
      ((user.role === 'BUYER' && t.buyer_id === user.id) ||
        (user.role === 'COURIER' && t.kind === 'COURIER' && t.courier_id === user.id) ||
        (user.role === 'AGENT' && t.kind === 'SUPPORT'));
    if (!visible) throw new Error('Thread not found');
    const limit = args.first ?? CHAT_LIMITS.pageDefault;
    const forward = args.afterSeq != null;
    const params: unknown[] = [args.threadId];
    if (forward) params.push(args.afterSeq);
    else if (args.beforeSeq != null) params.push(args.beforeSeq);
    params.push(limit + 1);
    const rows = await ctx.query<any>(
      `select m.id, m.thread_id, m.seq, m.kind, m.author_id, u.display_name as author_name, u.role as author_role, m.body, m.system_event,
              m.client_message_id, m.created_at
         from messages m left join users u on u.id = m.author_id
        where m.thread_id = $1 ${forward ? 'and m.seq > $2' : args.beforeSeq != null ? 'and m.seq < $2' : ''}
        order by m.seq ${forward ? 'asc' : 'desc'} limit $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return { hasMore: rows.length > limit, nodes: (forward ? page : page.reverse()).map((m) => messageOf(ctx, m)) };
  },
};
