import { CHAT_LIMITS, ErrorCode, Role } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { DomainError } from '../common/errors.js';
import { liveFeed } from '../realtime/live.js';
import { ChatTopic } from './chat.topics.js';
import type { Message, Thread, ThreadActivity } from './chat.types.js';
import { forViewer, toMessage, toThread } from './chat.views.js';
import { findMessageWithThread } from './message.store.js';
import { canAccessThread, findAccessibleThread, loadThreadAccess, type ThreadAccessRow } from './thread.access.js';
import { findThreadViews, type ThreadViewRow } from './thread.queries.js';

/** One read per new message per process: the message with the access facts of its thread. */
const messageFeed = liveFeed(ChatTopic.MESSAGE_ADDED, (em, event) => findMessageWithThread(em, event.id));

interface ActivityEvent {
  thread: ThreadAccessRow;
  userId: string;
  payload: ThreadActivity;
}

/**
 * One read per typing/read event per process: the thread's access facts, who it was and their read
 * marker. The expiry is stamped when the event is handled, the same for every subscriber.
 */
const activityFeed = liveFeed<ActivityEvent>(ChatTopic.THREAD_ACTIVITY, async (em, event) => {
  const [what, userId] = event.id.split(':') as ['TYPING' | 'READ', string];
  const [thread, user, read] = await Promise.all([
    loadThreadAccess(em, event.key),
    em.findOne(User, userId),
    em.getConnection().execute<{ last_read_seq: number }[]>('select last_read_seq from thread_reads where thread_id = ? and user_id = ?', [event.key, userId]),
  ]);
  if (!thread || !user) return null;
  const typing = what === 'TYPING';
  return {
    thread,
    userId,
    payload: {
      threadId: thread.id,
      user: { id: user.id, displayName: user.displayName, role: user.role },
      typing,
      typingExpiresAt: typing ? new Date(Date.now() + CHAT_LIMITS.typingSeconds * 1000) : null,
      readUpToSeq: read[0]?.last_read_seq ?? 0,
    },
  };
});

/** Stands in for the viewer in the shared read: the per-agent read marker comes from `reads`. */
const NO_VIEWER = '00000000-0000-0000-0000-000000000000';

interface QueueEvent {
  row: ThreadViewRow;
  /** Every participant's read marker of the thread, so each agent's unread count is worked out in memory. */
  reads: Map<string, number>;
}

/** One read per support-thread change per process: the thread as lists show it, with every read marker. */
const supportQueueFeed = liveFeed<QueueEvent>(ChatTopic.SUPPORT_QUEUE_CHANGED, async (em, event) => {
  const [[row], reads] = await Promise.all([
    findThreadViews(em, NO_VIEWER, { by: 'id', id: event.id }),
    em.getConnection().execute<{ user_id: string; last_read_seq: number }[]>('select user_id, last_read_seq from thread_reads where thread_id = ?', [event.id]),
  ]);
  if (!row) return null;
  return { row, reads: new Map(reads.map((read) => [read.user_id, read.last_read_seq])) };
});

/**
 * New messages of one thread. Refused at subscribe time (NOT_FOUND) for anyone who may not see
 * it; each event is read once per process and checked per subscriber in memory, so a courier the
 * parcel was taken from stops receiving at the re-dispatch.
 */
export async function followMessages(ctx: AuthedContext, threadId: string): Promise<AsyncIterable<Message>> {
  const thread = await findAccessibleThread(ctx.em.fork(), ctx.user, threadId);
  const viewer = ctx.user;
  return ctx.deps.live.follow(messageFeed, thread.id, (found) =>
    canAccessThread(viewer, found.thread) ? forViewer(toMessage(found.message), viewer) : null,
  );
}

/** Typing (expiring by itself) and read markers of the other participants. */
export async function followActivity(ctx: AuthedContext, threadId: string): Promise<AsyncIterable<ThreadActivity>> {
  const thread = await findAccessibleThread(ctx.em.fork(), ctx.user, threadId);
  const viewer = ctx.user;
  return ctx.deps.live.follow(activityFeed, thread.id, (event) =>
    event.userId !== viewer.id && canAccessThread(viewer, event.thread) ? event.payload : null,
  );
}

/** Agents: a support thread as it is after each change (a new message, an answer). */
export async function followSupportQueue(ctx: AuthedContext): Promise<AsyncIterable<Thread>> {
  if (ctx.user.role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Agents only');
  const viewer = ctx.user;
  return ctx.deps.live.follow(supportQueueFeed, 'all', ({ row, reads }) =>
    canAccessThread(viewer, row) ? toThread({ ...row, myReadSeq: reads.get(viewer.id) ?? 0 }, viewer) : null,
  );
}
