import type { RealtimeEvent } from '../realtime/pubsub.js';
import { UNREAD_THREADS_MAX, type UnreadRows, type UnreadThreadRow } from './unread.queries.js';

/**
 * What a new message did to one recipient's count of its thread, carried by the message's own
 * UNREAD_CHANGED notification (message.store.ts writes it in the append statement): the thread's
 * new seq, the recipient's read marker at that moment, and the preview. With the recipient's
 * counts as last sent, the live feed makes the new counts from it without reading them again
 * (issue 18's badge latency: one statement per message per recipient was the badge's cost).
 */
export interface UnreadNotice {
  threadId: string;
  seq: number;
  read: number;
  kind: UnreadThreadRow['kind'];
  shipmentId: string | null;
  orderId: string | null;
  waybillNo: string | null;
  author: string | null;
  body: string;
  at: string;
}

/** The thread an UNREAD_CHANGED event is about: a message's notice names it as `<thread id>:<seq>`. */
export function threadOfEvent(event: RealtimeEvent): string {
  return event.id.split(':')[0]!;
}

/**
 * The notice in a realtime event; null for a read by markThreadRead (or a message whose text was
 * too long to carry). The author's own notice (their reply read what the other side wrote) has
 * `read` = `seq`: applied, it takes the thread off their counts.
 * Its id is `<thread id>:<seq>`, one per message, so that the live hub, which drops an event while
 * the same id waits, keeps every message's notice (a read's id is the thread's: repeats may go).
 */
export function noticeOf(event: RealtimeEvent): UnreadNotice | null {
  const n = event as RealtimeEvent & Partial<Omit<UnreadNotice, 'threadId'>>;
  if (typeof n.seq !== 'number' || typeof n.read !== 'number' || typeof n.body !== 'string' || typeof n.at !== 'string' || !n.kind) return null;
  return {
    threadId: threadOfEvent(event),
    seq: n.seq,
    read: n.read,
    kind: n.kind,
    shipmentId: n.shipmentId ?? null,
    orderId: n.orderId ?? null,
    waybillNo: n.waybillNo ?? null,
    author: n.author ?? null,
    body: n.body,
    at: n.at,
  };
}

/**
 * The counts after the notice, from the counts before; null when they cannot be known without a
 * read (the thread may be among those a long list left out). A notice older than what the counts
 * already hold (a read in between was read back from the database) changes nothing.
 */
export function applyNotice(rows: UnreadRows, notice: UnreadNotice): UnreadRows | null {
  const old = rows.threads.find((t) => t.threadId === notice.threadId);
  if (!old && rows.threads.length < rows.threadCount) return null;
  if (old && old.lastSeq >= notice.seq) return rows;
  const count = Math.max(0, notice.seq - notice.read);
  const others = rows.threads.filter((t) => t.threadId !== notice.threadId);
  const entry: UnreadThreadRow = {
    threadId: notice.threadId,
    kind: notice.kind,
    shipmentId: notice.shipmentId,
    orderId: notice.orderId,
    waybillNo: notice.waybillNo,
    unreadCount: count,
    lastSeq: notice.seq,
    lastAuthorName: notice.author,
    lastBody: notice.body,
    lastAt: notice.at,
  };
  // The newest activity first, as the statement orders them.
  const threads = count > 0 ? [entry, ...others] : others;
  const threadCount = rows.threadCount - (old ? 1 : 0) + (count > 0 ? 1 : 0);
  // A list cut at its cap no longer knows the threads past it: the next change reads them again.
  return { total: rows.total - (old?.unreadCount ?? 0) + count, threadCount, threads: threads.slice(0, UNREAD_THREADS_MAX) };
}
