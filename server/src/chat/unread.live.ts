import type { AuthedContext } from '../common/context.js';
import { liveFeed } from '../realtime/live.js';
import { ChatTopic } from './chat.topics.js';
import { readUnread, type UnreadRows } from './unread.queries.js';
import type { UnreadSummary } from './unread.types.js';

interface UnreadEvent {
  userId: string;
  threadId: string;
  rows: UnreadRows;
}

/**
 * One read per event per process: the key is the user whose count may have changed (the other
 * side of a new message, or a reader on any of their devices), so the statement is that user's
 * counts, shared by all their open pages. Counts come from the access rule, so a thread the user
 * may no longer see (a re-dispatched parcel) simply drops out.
 */
const unreadFeed = liveFeed<UnreadEvent>(ChatTopic.UNREAD_CHANGED, async (em, event) => ({
  userId: event.key,
  threadId: event.id,
  rows: await readUnread(em, event.key),
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
    return this.ctx.deps.live.follow(unreadFeed, userId, (event) => (event.userId === userId ? toSummary(event.rows, event.threadId) : null));
  }
}
