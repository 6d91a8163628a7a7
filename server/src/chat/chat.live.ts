import { CHAT_LIMITS, Role } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { DomainError } from '../common/errors.js';
import { Topic } from '../realtime/pubsub.js';
import type { Message, Thread, ThreadActivity } from './chat.types.js';
import { forViewer, toMessage, toThread } from './chat.views.js';
import { SharedReads } from './event-reads.js';
import { findMessageWithThread } from './message.store.js';
import { canAccessThread, findAccessibleThread, loadThreadAccess } from './thread.access.js';
import { findThreadViews } from './thread.queries.js';
import { ErrorCode } from '@parceldesk/shared';

const messageReads = new SharedReads<Awaited<ReturnType<typeof findMessageWithThread>>>();

/**
 * New messages of one thread. Refused at subscribe time (NOT_FOUND) for anyone who may not see
 * it; each event is read once per process and checked per subscriber, so a courier the parcel
 * was taken from stops receiving at the re-dispatch.
 */
export async function followMessages(ctx: AuthedContext, threadId: string): Promise<AsyncIterable<Message>> {
  await findAccessibleThread(ctx.em.fork(), ctx.user, threadId);
  const events = ctx.deps.realtime.subscribe(Topic.MESSAGE_ADDED, threadId);
  return (async function* () {
    for await (const event of events) {
      const found = await messageReads.get(event.id, () => findMessageWithThread(ctx.em.fork(), event.id));
      if (found && canAccessThread(ctx.user, found.thread)) yield forViewer(toMessage(found.message), ctx.user);
    }
  })();
}

/** Typing (expiring by itself) and read markers of the other participants. */
export async function followActivity(ctx: AuthedContext, threadId: string): Promise<AsyncIterable<ThreadActivity>> {
  await findAccessibleThread(ctx.em.fork(), ctx.user, threadId);
  const events = ctx.deps.realtime.subscribe(Topic.THREAD_ACTIVITY, threadId);
  return (async function* () {
    for await (const event of events) {
      const [what, userId] = event.id.split(':') as ['TYPING' | 'READ', string];
      if (userId === ctx.user.id) continue;
      const em = ctx.em.fork();
      const thread = await loadThreadAccess(em, threadId);
      if (!thread || !canAccessThread(ctx.user, thread)) continue;
      const [user, read] = await Promise.all([
        em.findOne(User, userId),
        em.getConnection().execute<{ last_read_seq: number }[]>('select last_read_seq from thread_reads where thread_id = ? and user_id = ?', [threadId, userId]),
      ]);
      if (!user) continue;
      const typing = what === 'TYPING';
      yield {
        threadId,
        user: { id: user.id, displayName: user.displayName, role: user.role },
        typing,
        typingExpiresAt: typing ? new Date(Date.now() + CHAT_LIMITS.typingSeconds * 1000) : null,
        readUpToSeq: read[0]?.last_read_seq ?? 0,
      };
    }
  })();
}

/** Agents: a support thread as it is after each change (a new message, an answer). */
export async function followSupportQueue(ctx: AuthedContext): Promise<AsyncIterable<Thread>> {
  if (ctx.user.role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Agents only');
  const events = ctx.deps.realtime.subscribe(Topic.SUPPORT_QUEUE_CHANGED, 'all');
  return (async function* () {
    for await (const event of events) {
      const [row] = await findThreadViews(ctx.em.fork(), ctx.user.id, { by: 'id', id: event.id });
      if (row && canAccessThread(ctx.user, row)) yield toThread(row, ctx.user);
    }
  })();
}
