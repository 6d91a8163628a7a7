import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatSystemEvent, MessageKind, Role } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { prepared, runPrepared } from '../db/prepared.js';
import { selectRows } from '../common/sql.js';
import { REALTIME_CHANNEL } from '../realtime/pubsub.js';
import { ChatTopic } from './chat.topics.js';
import type { ThreadAccessRow } from './thread.access.js';

/** A message as every reader gets it: plain columns, author name joined in. */
export interface MessageRow {
  id: string;
  threadId: string;
  seq: number;
  kind: MessageKind;
  authorId: string | null;
  authorName: string | null;
  authorRole: Role | null;
  body: string;
  systemEvent: ChatSystemEvent | null;
  clientMessageId: string | null;
  photoId: string | null;
  createdAt: Date;
}

const MESSAGE_COLUMNS = `m.id, m.thread_id as "threadId", m.seq, m.kind, m.author_id as "authorId", u.display_name as "authorName",
  u.role as "authorRole", m.body, m.system_event as "systemEvent", m.client_message_id as "clientMessageId", m.photo_id as "photoId",
  m.created_at as "createdAt"`;

export interface NewMessage {
  threadId: string;
  kind: MessageKind;
  authorId: string | null;
  /** The author's role decides the support queue bookkeeping (who waits, who answered). */
  authorRole: Role | null;
  body: string;
  systemEvent?: ChatSystemEvent | null;
  clientMessageId?: string | null;
  photoId?: string | null;
  /** SUPPORT: this (system) message closes the conversation; nothing is written if it is closed already. */
  closes?: boolean;
  /** Whose read marker moves to this message (and who is not told of an unread change): the author unless given. */
  readBy?: string | null;
}

/** The append (see appendMessage), prepared once per pooled connection. */
const APPEND = prepared(
  'chat_append_message',
  `
    with t as (
      update threads set
        last_seq = last_seq + 1,
        last_message_at = now(),
        waiting_since = case when ?::boolean or ?::boolean then null when ?::boolean then coalesce(waiting_since, now()) else waiting_since end,
        last_agent_id = case when ?::boolean then ?::uuid else last_agent_id end,
        closed_at = case when ?::boolean then now() when ?::boolean then null else closed_at end
      where id = ? and (not ?::boolean or closed_at is null)
      returning id, kind, last_seq, buyer_id, shipment_id, order_id, last_agent_id
    ), m as (
      insert into messages (id, thread_id, seq, kind, author_id, body, system_event, client_message_id, photo_id, created_at)
      select ?::uuid, t.id, t.last_seq, ?::message_kind, ?::uuid, ?, ?::chat_system_event, ?, ?::uuid, now() from t
      returning id, seq, created_at, author_id, body
    ), r as (
      insert into thread_reads (thread_id, user_id, last_read_seq, updated_at)
      select t.id, ?::uuid, t.last_seq, now() from t where ?::uuid is not null
      on conflict (thread_id, user_id) do update
        set last_read_seq = greatest(thread_reads.last_read_seq, excluded.last_read_seq), updated_at = excluded.updated_at
    ), before as (
      select coalesce(r0.last_read_seq, 0) as read_seq from t left join thread_reads r0 on r0.thread_id = t.id and r0.user_id = ?::uuid
    )
    select m.id, m.seq, m.created_at as "createdAt",
      pg_notify(?, json_build_object('topic', ?::text, 'key', t.id, 'id', m.id)::text) as n1,
      case when t.kind = 'SUPPORT' then pg_notify(?, json_build_object('topic', ?::text, 'key', 'all', 'id', t.id)::text) end as n2,
      (select count(pg_notify(?, json_build_object('topic', ?::text, 'key', who.id, 'id', t.id || ':' || t.last_seq,
                'seq', t.last_seq, 'read', coalesce(rr.last_read_seq, 0), 'kind', t.kind, 'shipmentId', t.shipment_id,
                'orderId', coalesce(sh.order_id, t.order_id), 'waybillNo', sh.waybill_no,
                'author', (select a.display_name from users a where a.id = m.author_id),
                'body', case when octet_length(m.body) <= 1500 then m.body end, 'at', m.created_at)::text))
         from (select t.buyer_id union select s.courier_id from shipments s where s.id = t.shipment_id and t.kind = 'COURIER'
               union select t.last_agent_id where t.kind = 'SUPPORT') who(id)
         left join thread_reads rr on rr.thread_id = t.id and rr.user_id = who.id
         left join shipments sh on sh.id = t.shipment_id
        where who.id is not null and who.id is distinct from ?::uuid) as n3,
      case when ?::uuid is not null and before.read_seq < t.last_seq - 1
        then pg_notify(?, json_build_object('topic', ?::text, 'key', ?::uuid, 'id', t.id || ':' || t.last_seq,
               'seq', t.last_seq, 'read', t.last_seq, 'kind', t.kind, 'body', '', 'at', m.created_at)::text) end as n4
    from m, t, before`,
);

/**
 * Appends a message in ONE statement, atomic in autocommit: bump the thread's last_seq (the row
 * lock orders concurrent senders), insert the message with that seq, move the author's read
 * marker, and pg_notify its id (sent at commit), and the unread change to the other side (the
 * buyer, the parcel's courier or the support thread's agent), carrying what the message did to
 * their count of this thread (the new seq, their read marker, the preview: unread.notice.ts), so
 * the badge goes out without reading their counts again. The author's own message never
 * raises their count; when writing also read messages they had not read yet (a reply from their
 * other device), the author's devices are told too, so their badges clear: that notice says the
 * author has read up to the new seq, so it also clears the thread without reading the author's
 * counts again (issue 18's bench: a courier's reply read their whole list back each time, and the
 * next badges of that courier waited behind the read). One round trip keeps the send's tail latency low
 * (STACK.md measured p99 17-35 ms against 50-270 ms for a five-round-trip transaction).
 *
 * A reused clientMessageId violates the (thread, author, clientMessageId) unique key: the whole
 * statement rolls back, seq included, and the caller gets `duplicate` to look the first one up.
 * A photo already sent violates the photo's unique key: `photo-used`. Returns null when the thread
 * is gone (or, for a closing message, already closed).
 *
 * Support conversations: a closing message sets `closed_at` in the same statement; a buyer's
 * message clears it (the buyer reopens the conversation by writing). Should the buyer hold another
 * open support conversation (the partial unique index), the reopening is refused: `open-elsewhere`.
 */
export async function appendMessage(
  em: EntityManager,
  message: NewMessage,
): Promise<{ id: string; seq: number; createdAt: Date } | 'duplicate' | 'photo-used' | 'open-elsewhere' | null> {
  const isAgent = message.authorRole === 'AGENT';
  const isBuyer = message.authorRole === 'BUYER';
  const closes = message.closes === true;
  const readBy = message.readBy === undefined ? message.authorId : message.readBy;
  const params = [
    isAgent, closes, isBuyer, isAgent, message.authorId, closes, isBuyer,
    message.threadId, closes,
    randomUUID(), message.kind, message.authorId, message.body, message.systemEvent ?? null, message.clientMessageId ?? null, message.photoId ?? null,
    readBy, readBy,
    readBy,
    REALTIME_CHANNEL, ChatTopic.MESSAGE_ADDED, REALTIME_CHANNEL, ChatTopic.SUPPORT_QUEUE_CHANGED,
    REALTIME_CHANNEL, ChatTopic.UNREAD_CHANGED, readBy,
    readBy, REALTIME_CHANNEL, ChatTopic.UNREAD_CHANGED, readBy,
  ];
  try {
    const rows = await runPrepared<{ id: string; seq: number; createdAt: Date }>(em, APPEND, params);
    return rows[0] ?? null;
  } catch (error) {
    // Prepared statements surface the driver's error (MikroORM converts only its own queries).
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23505' && pgError.constraint === 'messages_thread_id_author_id_client_message_id_unique') return 'duplicate';
    if (pgError.code === '23505' && pgError.constraint === 'messages_photo_id_unique') return 'photo-used';
    if (pgError.code === '23505' && pgError.constraint === 'threads_open_support_per_buyer') return 'open-elsewhere';
    throw error;
  }
}

export async function findByClientMessageId(em: EntityManager, threadId: string, authorId: string, clientMessageId: string): Promise<MessageRow | null> {
  const rows = await selectRows<MessageRow>(
    em,
    `select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.author_id
      where m.thread_id = ? and m.author_id = ? and m.client_message_id = ?`,
    [threadId, authorId, clientMessageId],
  );
  return rows[0] ?? null;
}

export async function findMessage(em: EntityManager, id: string): Promise<MessageRow | null> {
  const rows = await selectRows<MessageRow>(
    em,
    `select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.author_id where m.id = ?`,
    [id],
  );
  return rows[0] ?? null;
}

/** A message with its thread's access columns, for the per-event check of subscribers. */
const MESSAGE_WITH_THREAD = prepared(
  'chat_message_with_thread',
  `select ${MESSAGE_COLUMNS}, json_build_object('id', t.id, 'kind', t.kind, 'buyerId', t.buyer_id, 'courierId', s.courier_id,
      'shipmentId', t.shipment_id, 'shipmentStatus', s.status, 'deliveredAt', s.delivered_at, 'closedAt', t.closed_at) as thread
    from messages m join threads t on t.id = m.thread_id left join shipments s on s.id = t.shipment_id
    left join users u on u.id = m.author_id where m.id = ?`,
);

export async function findMessageWithThread(em: EntityManager, id: string): Promise<{ message: MessageRow; thread: ThreadAccessRow } | null> {
  const rows = await runPrepared<MessageRow & { thread: ThreadAccessRow }>(em, MESSAGE_WITH_THREAD, [id]);
  const row = rows[0];
  if (!row) return null;
  const { thread, ...message } = row;
  return { message, thread };
}

/**
 * A window of a thread in seq order. `afterSeq`: the next `limit` after it (catch-up after a
 * reconnect). `beforeSeq`: the `limit` just before it (scrolling back). Neither: the latest.
 * One extra row is read to tell whether more exist in that direction.
 */
export async function readMessages(
  em: EntityManager,
  threadId: string,
  window: { afterSeq?: number | null; beforeSeq?: number | null; limit: number },
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const forward = window.afterSeq != null;
  const where = forward ? 'and m.seq > ?' : window.beforeSeq != null ? 'and m.seq < ?' : '';
  const params: unknown[] = [threadId];
  if (forward) params.push(window.afterSeq);
  else if (window.beforeSeq != null) params.push(window.beforeSeq);
  params.push(window.limit + 1);
  const rows = await selectRows<MessageRow>(
    em,
    `select ${MESSAGE_COLUMNS} from messages m left join users u on u.id = m.author_id
      where m.thread_id = ? ${where} order by m.seq ${forward ? 'asc' : 'desc'} limit ?`,
    params,
  );
  const hasMore = rows.length > window.limit;
  const page = rows.slice(0, window.limit);
  return { rows: forward ? page : page.reverse(), hasMore };
}

/** Of these photo ids, the ones `authorId` sent in the thread (a case opened from it may take them). */
export async function photosSentIn(em: EntityManager, threadId: string, authorId: string, photoIds: string[]): Promise<string[]> {
  const rows = await em.getConnection().execute<{ photoId: string }[]>(
    `select photo_id as "photoId" from messages where thread_id = ? and author_id = ? and photo_id in (?)`,
    [threadId, authorId, photoIds],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((r) => r.photoId);
}

/** The thread a photo was sent in, if any (who may see the photo follows who may see the thread). */
export async function threadOfPhoto(em: EntityManager, photoId: string): Promise<string | null> {
  const rows = await em.getConnection().execute<{ threadId: string }[]>(`select thread_id as "threadId" from messages where photo_id = ?`, [photoId]);
  return rows[0]?.threadId ?? null;
}

/** The photos `authorId` sent in the thread, oldest first. */
export async function photosOfAuthorIn(em: EntityManager, threadId: string, authorId: string): Promise<string[]> {
  const rows = await em.getConnection().execute<{ photoId: string }[]>(
    `select photo_id as "photoId" from messages where thread_id = ? and author_id = ? and photo_id is not null order by seq`,
    [threadId, authorId],
  );
  return rows.map((r) => r.photoId);
}
