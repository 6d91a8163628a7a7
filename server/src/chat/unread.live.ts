import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedContext } from '../common/context.js';
import { liveFeed } from '../realtime/live.js';
import type { RealtimeEvent } from '../realtime/pubsub.js';
import { ChatTopic } from './chat.topics.js';
import { applyNotice, noticeOf, threadOfEvent } from './unread.notice.js';
import { readUnread, readUnreadOf, type UnreadRows } from './unread.queries.js';
import type { UnreadSummary } from './unread.types.js';

interface UnreadEvent {
  userId: string;
  /** Made once per event and handed as is to every subscription of the user (each device). */
  summary: UnreadSummary;
}

/**
 * The feed's reads, together: while one statement is out, the users whose counts another event
 * asks for wait, and then go in ONE statement (readUnreadOf), however many they are, up to
 * BATCH_MAX. Alone (a quiet moment) a read goes at once as before; under load (many messages a
 * second, the database slower) the number of statements stops growing with the events, which is
 * what kept the badges' tail long (issue 18's bench). A user's events are handled one after
 * another by the live hub, so at most one read per user waits here: bounded by the users followed
 * in this process.
 */
const BATCH_MAX = 200;

class UnreadReads {
  private readonly waiting = new Map<string, { resolve(rows: UnreadRows): void; reject(error: unknown): void }[]>();
  private running = false;

  read(em: EntityManager, userId: string): Promise<UnreadRows> {
    return new Promise((resolve, reject) => {
      const callers = this.waiting.get(userId) ?? [];
      callers.push({ resolve, reject });
      this.waiting.set(userId, callers);
      if (!this.running) void this.drain(em);
    });
  }

  private async drain(em: EntityManager): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size > 0) {
        const batch = [...this.waiting].slice(0, BATCH_MAX);
        for (const [userId] of batch) this.waiting.delete(userId);
        try {
          const rows = await readUnreadOf(em, batch.map(([userId]) => userId));
          for (const [userId, callers] of batch) for (const caller of callers) caller.resolve(rows.get(userId) ?? { total: 0, threadCount: 0, threads: [] });
        } catch (error) {
          for (const [, callers] of batch) for (const caller of callers) caller.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

const reads = new UnreadReads();

/**
 * Each followed user's counts as last read or made here, so that a message's notice can make the
 * next ones without a statement (unread.notice.ts). Read again from the database at least every
 * KNOWN_MS (whatever a notice cannot tell, such as a re-dispatched parcel leaving the courier's
 * list, is right again by then), on every read event, and whenever a notice cannot be applied.
 * Bounded: entries untouched for KNOWN_MS go (a user who stopped following), and the least
 * recently touched past KNOWN_MAX users.
 */
const KNOWN_MS = 30_000;
const KNOWN_MAX = 10_000;
const known = new Map<string, { rows: UnreadRows; readAt: number; touched: number }>();

function remember(userId: string, rows: UnreadRows, readAt: number): void {
  const now = Date.now();
  known.delete(userId);
  known.set(userId, { rows, readAt, touched: now });
  // Least recently touched first (each update goes to the end).
  for (const [oldest, entry] of known) {
    if (known.size <= KNOWN_MAX && entry.touched > now - KNOWN_MS) break;
    known.delete(oldest);
  }
}

async function countsAfter(em: EntityManager, event: RealtimeEvent): Promise<UnreadRows> {
  const userId = event.key;
  const notice = noticeOf(event);
  const held = known.get(userId);
  if (notice && held && Date.now() - held.readAt < KNOWN_MS) {
    const rows = applyNotice(held.rows, notice);
    if (rows) {
      remember(userId, rows, held.readAt);
      return rows;
    }
  }
  const readAt = Date.now();
  const rows = await reads.read(em, userId);
  remember(userId, rows, readAt);
  return rows;
}

/**
 * At most one read per event per process: the key is the user whose count may have changed (the
 * other side of a new message, or a reader on any of their devices), so the counts are that
 * user's, shared by all their open pages; a message's own notice usually makes them without a
 * read. Counts come from the access rule, so a thread the user may no longer see (a re-dispatched
 * parcel) simply drops out.
 */
const unreadFeed = liveFeed<UnreadEvent>(ChatTopic.UNREAD_CHANGED, async (em, event) => ({
  userId: event.key,
  summary: toSummary(await countsAfter(em, event), threadOfEvent(event)),
}));

export function toSummary(rows: UnreadRows, changedThreadId: string | null = null): UnreadSummary {
  return {
    total: rows.total,
    threadCount: rows.threadCount,
    threads: rows.threads.map((t) => ({ ...t, lastAt: t.lastAt === null ? null : new Date(t.lastAt) })),
    changedThreadId,
  };
}

export class UnreadService {
  constructor(private readonly ctx: AuthedContext) {}

  async summary(): Promise<UnreadSummary> {
    return toSummary(await readUnread(this.ctx.db, this.ctx.user.id));
  }

  /** The signed-in user's counts after each change; the feed's key is the user, checked again per event. */
  follow(): AsyncIterable<UnreadSummary> {
    const userId = this.ctx.user.id;
    return this.ctx.deps.live.follow(unreadFeed, userId, (event) => (event.userId === userId ? event.summary : null));
  }
}
