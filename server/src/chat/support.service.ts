import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatSystemEvent, ErrorCode, MessageKind, Role, SUPPORT_WAIT, ThreadKind } from '@parceldesk/shared';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { selectRows } from '../common/sql.js';
import type { ChatContext } from './chat.deps.js';
import { ChatTopic } from './chat.topics.js';
import type { Thread } from './chat.types.js';
import { toThread } from './chat.views.js';
import { appendMessage } from './message.store.js';
import { findAccessibleThread, type ThreadAccessRow } from './thread.access.js';
import { findThreadViews } from './thread.queries.js';

/**
 * What agents do to a support conversation besides answering it (issue 17.8): close it (the
 * buyer's next message reopens it, see ChatService.sendMessage) and assign it to an agent.
 * Everyone but agents is refused by the resolver (FORBIDDEN); a courier thread, a missing or a
 * malformed id is NOT_FOUND to an agent, like any thread they may not see.
 */
export class SupportService {
  constructor(private readonly ctx: ChatContext) {}

  /**
   * Closes the conversation with a SYSTEM message naming the agent, in ONE statement (the close and
   * its message are written together or not at all). Closing a closed one is INVALID_TRANSITION.
   */
  async close(threadId: string): Promise<Thread> {
    const { db, user } = this.ctx;
    const thread = await this.supportThread(threadId);
    if (thread.closedAt) throw alreadyClosed();
    const closed = await appendMessage(db, {
      threadId: thread.id,
      kind: MessageKind.SYSTEM,
      authorId: null,
      authorRole: null,
      body: user.displayName,
      systemEvent: ChatSystemEvent.SUPPORT_CLOSED,
      closes: true,
    });
    // Another agent closed it between the read above and the statement.
    if (closed === null) throw alreadyClosed();
    return this.view(thread.id);
  }

  /** Assigns it to an agent (`assigneeId`; none: the one asking). Another role or an unknown id is BAD_USER_INPUT. */
  async assign(threadId: string, assigneeId: string | null | undefined): Promise<Thread> {
    const { db, user, deps } = this.ctx;
    const thread = await this.supportThread(threadId);
    const agentId = assigneeId ?? user.id;
    if (assigneeId && !(isUuid(assigneeId) && (await isAgent(db, assigneeId)))) throw badInput('assigneeId', 'is not an agent');
    await db.getConnection().execute('update threads set assignee_id = ? where id = ?', [agentId, thread.id]);
    // The desks' support queues show the new assignee.
    await deps.realtime.publish(ChatTopic.SUPPORT_QUEUE_CHANGED, 'all', thread.id);
    return this.view(thread.id);
  }

  private async supportThread(threadId: string): Promise<ThreadAccessRow> {
    const thread = await findAccessibleThread(this.ctx.db, this.ctx.user, threadId);
    if (thread.kind !== ThreadKind.SUPPORT) throw notFound('Thread');
    return thread;
  }

  private async view(id: string): Promise<Thread> {
    const [row] = await findThreadViews(this.ctx.db, this.ctx.user.id, { by: 'id', id });
    if (!row) throw notFound('Thread');
    return toThread(row, this.ctx.user);
  }
}

const alreadyClosed = () => new DomainError(ErrorCode.INVALID_TRANSITION, 'This conversation is already closed');

async function isAgent(db: EntityManager, userId: string): Promise<boolean> {
  const rows = await selectRows<{ role: Role }>(db, 'select role from users where id = ?', [userId]);
  return rows[0]?.role === Role.AGENT;
}

/**
 * The expected wait, in whole minutes: the median time from the last acknowledged buyers' messages
 * to the first agent answer after each (the latest `waitSample` of `waitWindowDays` days; the
 * partial index `messages_system_event_created_at` finds them), bounded; the default without history.
 */
export async function expectedWaitMinutes(db: EntityManager): Promise<number> {
  const rows = await selectRows<{ seconds: number | null }>(
    db,
    `select percentile_cont(0.5) within group (order by extract(epoch from answer.created_at - ack.created_at))::float8 as seconds
       from (select thread_id, seq, created_at from messages
              where system_event = 'SUPPORT_ACKNOWLEDGED' and created_at > now() - make_interval(days => ?)
              order by created_at desc limit ?) ack
       cross join lateral (select m.created_at from messages m join users u on u.id = m.author_id
                            where m.thread_id = ack.thread_id and m.seq > ack.seq and u.role = 'AGENT'
                            order by m.seq limit 1) answer`,
    [SUPPORT_WAIT.waitWindowDays, SUPPORT_WAIT.waitSample],
  );
  const seconds = rows[0]?.seconds;
  if (seconds == null) return SUPPORT_WAIT.waitDefaultMinutes;
  return Math.min(SUPPORT_WAIT.waitMaxMinutes, Math.max(SUPPORT_WAIT.waitMinMinutes, Math.round(seconds / 60)));
}

/** The automatic answer to a buyer's first message (or the one reopening the conversation): the expected wait. */
export async function acknowledgeBuyer(db: EntityManager, threadId: string, buyerId: string): Promise<void> {
  const minutes = await expectedWaitMinutes(db);
  await appendMessage(db, {
    threadId,
    kind: MessageKind.SYSTEM,
    authorId: null,
    authorRole: null,
    body: String(minutes),
    systemEvent: ChatSystemEvent.SUPPORT_ACKNOWLEDGED,
    // Answers what the buyer just wrote: no unread badge for it.
    readBy: buyerId,
  });
}
