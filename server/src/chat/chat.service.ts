import { QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CHAT_LIMITS, ErrorCode, MessageKind, Role, ThreadKind, type ChatSystemEvent } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { ChatContext } from './chat.deps.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, toConnection, type Connection, type PageArgs } from '../common/pagination.js';
import { ChatTopic } from './chat.topics.js';
import { Order } from '../shipments/order.entity.js';
import { findVisibleShipment } from '../shipments/shipment.access.js';
import type { Shipment } from '../shipments/shipment.entity.js';
import type { Message, MessagePage, OpenThreadInput, SendMessageInput, Thread } from './chat.types.js';
import { forViewer, toMessage, toThread } from './chat.views.js';
import { photoUrls } from './chat-photos.js';
import { appendMessage, findByClientMessageId, readMessages } from './message.store.js';
import { reachOffline, recipientsOf, remindUnread } from './offline-reach.js';
import { findAccessibleThread, isReadOnlyFor, type ThreadAccessRow } from './thread.access.js';
import { acknowledgeBuyer } from './support.service.js';
import { Thread as ThreadEntity } from './thread.entity.js';
import { countThreads, findThreadViews, type ThreadFilter } from './thread.queries.js';

export class ChatService {
  constructor(private readonly ctx: ChatContext) {}

  // --- reads ---

  myThreads(page: PageArgs): Promise<Connection<Thread>> {
    return this.list({ by: 'participant', userId: this.ctx.user.id, role: this.ctx.user.role }, page);
  }

  /** Agents: open support threads with a message, the buyer waiting longest first. */
  supportQueue(page: PageArgs): Promise<Connection<Thread>> {
    return this.list({ by: 'supportQueue' }, page);
  }

  async thread(id: string): Promise<Thread> {
    await findAccessibleThread(this.ctx.db, this.ctx.user, id);
    return this.view(id);
  }

  async messages(threadId: string, args: { afterSeq?: number | null; beforeSeq?: number | null; first?: number | null }): Promise<MessagePage> {
    const limit = args.first ?? CHAT_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > CHAT_LIMITS.pageMax) throw badInput('first', `must be between 1 and ${CHAT_LIMITS.pageMax}`);
    if (args.afterSeq != null && args.beforeSeq != null) throw badInput('beforeSeq', 'give afterSeq or beforeSeq, not both');
    for (const [field, value] of [['afterSeq', args.afterSeq], ['beforeSeq', args.beforeSeq]] as const) {
      if (value != null && (!Number.isInteger(value) || value < 0)) throw badInput(field, 'must be a seq (0 or more)');
    }
    await findAccessibleThread(this.ctx.db, this.ctx.user, threadId);
    const { rows, hasMore } = await readMessages(this.ctx.db, threadId, { afterSeq: args.afterSeq, beforeSeq: args.beforeSeq, limit });
    return { nodes: rows.map((row) => forViewer(toMessage(row), this.ctx.user)), hasMore };
  }

  // --- changes ---

  /** The parcel's courier thread (made if missing) or the buyer's open support thread (made if none). */
  async openThread(input: OpenThreadInput): Promise<Thread> {
    const { em, user } = this.ctx;
    if (input.kind === ThreadKind.COURIER) {
      const shipment = await findVisibleShipment(em, user, input.shipmentId!);
      if (!shipment.courier) throw new DomainError(ErrorCode.CONFLICT, 'The parcel has no courier yet');
      const id = await ensureCourierThread(em, shipment);
      return this.view(id);
    }
    if (user.role !== Role.BUYER) throw new DomainError(ErrorCode.FORBIDDEN, 'Only buyers open support threads');
    let order: Order | null = null;
    if (input.orderId) {
      order = isUuid(input.orderId) ? await em.findOne(Order, input.orderId) : null;
      if (!order || order.buyer.id !== user.id) throw notFound('Order');
    }
    const id = await ensureSupportThread(em, user, order);
    return this.view(id);
  }

  /**
   * Idempotent on clientMessageId: a retry returns the first message; the same id with another
   * body is CONFLICT. Nothing is stored on any refusal.
   */
  async sendMessage(input: SendMessageInput): Promise<Message> {
    const { em, user, deps } = this.ctx;
    const thread = await findAccessibleThread(em, user, input.threadId);
    const body = input.body?.trim() ?? '';
    const photoId = input.photoId ?? null;
    const clientMessageId = input.clientMessageId.trim();
    if (isReadOnlyFor(thread, user)) throw new DomainError(ErrorCode.CONFLICT, 'This conversation is closed');
    await deps.chatLimiter.consumeSend(user.id, thread.id);
    // A photo must be the sender's own upload, not sent before (a foreign id is NOT_FOUND).
    if (photoId && !(await this.photoSendableOrSent(thread.id, clientMessageId, photoId))) throw new DomainError(ErrorCode.NOT_FOUND, 'Photo not found', { field: 'photoId' });
    const appended = await appendMessage(em, { threadId: thread.id, kind: MessageKind.TEXT, authorId: user.id, authorRole: user.role, body, clientMessageId, photoId });
    if (appended === null) throw notFound('Thread');
    if (appended === 'open-elsewhere') throw new DomainError(ErrorCode.CONFLICT, 'Another support conversation is open; write there');
    if (appended === 'photo-used') throw new DomainError(ErrorCode.CONFLICT, 'This photo was already sent', { field: 'photoId' });
    if (appended === 'duplicate') {
      const first = await findByClientMessageId(em, thread.id, user.id, clientMessageId);
      if (!first) throw new DomainError(ErrorCode.CONFLICT, 'Message could not be stored; retry');
      if (first.body !== body || first.photoId !== photoId) throw new DomainError(ErrorCode.CONFLICT, 'clientMessageId was already used for another message', { field: 'clientMessageId' });
      return toMessage(first);
    }
    // The buyer's first message, or the one reopening a closed conversation, is acknowledged with
    // the expected wait (a SYSTEM message after it, before this answer: the buyer sees both).
    if (thread.kind === ThreadKind.SUPPORT && user.role === Role.BUYER && (appended.seq === 1 || thread.closedAt)) await acknowledgeBuyer(em, thread.id, user.id);
    this.reachOfflineLater(thread, appended.seq, body || (photoId ? '[图片]' : ''));
    return {
      id: appended.id,
      threadId: thread.id,
      seq: appended.seq,
      kind: MessageKind.TEXT,
      author: { id: user.id, displayName: user.displayName, role: user.role },
      body,
      systemEvent: null,
      photo: photoId ? { id: photoId, ...photoUrls(photoId) } : null,
      createdAt: new Date(appended.createdAt),
      clientMessageId,
    };
  }

  /** A retry of a photo message finds its photo already sent by itself: that is still fine. */
  private async photoSendableOrSent(threadId: string, clientMessageId: string, photoId: string): Promise<boolean> {
    const { em, user, deps } = this.ctx;
    if (!isUuid(photoId)) return false;
    if (await deps.chatPhotos.isSendable(em, user.id, photoId)) return true;
    const first = await findByClientMessageId(em, threadId, user.id, clientMessageId);
    return first?.photoId === photoId;
  }

  async markThreadRead(threadId: string, upToSeq: number): Promise<Thread> {
    const { em, user, deps } = this.ctx;
    if (!Number.isInteger(upToSeq) || upToSeq < 0) throw badInput('upToSeq', 'must be a seq (0 or more)');
    await findAccessibleThread(em, user, threadId);
    // Never past the last message, never backwards.
    const moved = await em.getConnection().execute<unknown[]>(
      `insert into thread_reads (thread_id, user_id, last_read_seq, updated_at)
         select t.id, ?, least(?, t.last_seq), now() from threads t where t.id = ?
       on conflict (thread_id, user_id) do update set last_read_seq = excluded.last_read_seq, updated_at = now()
         where thread_reads.last_read_seq < excluded.last_read_seq
       returning 1`,
      [user.id, upToSeq, threadId],
    );
    if (moved.length > 0) {
      // The other side sees how far it was read; the reader's other devices clear their badges.
      await Promise.all([
        deps.realtime.publish(ChatTopic.THREAD_ACTIVITY, threadId, `READ:${user.id}`),
        deps.realtime.publish(ChatTopic.UNREAD_CHANGED, user.id, threadId),
      ]);
    }
    return this.view(threadId);
  }

  async setTyping(threadId: string): Promise<boolean> {
    const { em, user, deps } = this.ctx;
    const thread = await findAccessibleThread(em, user, threadId);
    if (isReadOnlyFor(thread, user)) return false;
    if (await deps.chatLimiter.allowTyping(user.id, threadId)) {
      await deps.realtime.publish(ChatTopic.THREAD_ACTIVITY, threadId, `TYPING:${user.id}`);
    }
    return true;
  }

  // --- helpers ---

  private async list(filter: ThreadFilter, page: PageArgs): Promise<Connection<Thread>> {
    const window = pageWindow(page);
    const [rows, total] = await Promise.all([
      findThreadViews(this.ctx.db, this.ctx.user.id, filter, window),
      countThreads(this.ctx.db, filter),
    ]);
    return toConnection(rows.map((row) => toThread(row, this.ctx.user)), window, total);
  }

  private async view(id: string): Promise<Thread> {
    const [row] = await findThreadViews(this.ctx.db, this.ctx.user.id, { by: 'id', id });
    if (!row) throw notFound('Thread');
    return toThread(row, this.ctx.user);
  }

  /** Runs after the answer: the send's latency does not wait for notifications. */
  private reachOfflineLater(thread: ThreadAccessRow, seq: number, body: string): void {
    const { user, deps, logger, em } = this.ctx;
    const failed = (error: unknown) => logger.error({ err: error, threadId: thread.id }, 'chat notification failed');
    // In order per thread: the first message that finds someone offline is the one notified.
    deps.chatTasks.trackInOrder(thread.id, () =>
      reachOffline(() => em.fork(), deps, thread, { id: user.id, role: user.role }, body)
        .then((offline) => {
          // Online elsewhere in the app (not reading this thread): a notification row too, if the
          // message is still unread a moment later (the open thread marks it read at once).
          const online = recipientsOf(thread, user).filter((id) => !offline.includes(id));
          if (online.length === 0 || deps.config.chatRemindMs <= 0) return;
          deps.chatTasks.later(deps.config.chatRemindMs, () =>
            remindUnread(() => em.fork(), deps, thread, online, seq, body).catch(failed),
          );
        })
        .catch(failed),
    );
  }
}

/** The parcel's courier thread id, created once (a concurrent creator's row wins). */
export async function ensureCourierThread(em: EntityManager, shipment: Shipment): Promise<string> {
  const existing = await em.findOne(ThreadEntity, { shipment: shipment.id }, { fields: ['id'] });
  if (existing) return existing.id;
  const order = await shipment.order.loadOrFail();
  const thread = new ThreadEntity({ kind: ThreadKind.COURIER, buyer: await order.buyer.loadOrFail(), shipment });
  try {
    await em.fork().persistAndFlush(thread);
    return thread.id;
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return (await em.fork().findOneOrFail(ThreadEntity, { shipment: shipment.id }, { fields: ['id'] })).id;
  }
}

/**
 * The buyer's support conversation: the open one, else the latest closed one (writing in it
 * reopens it), else a new one. A buyer keeps one conversation with support.
 */
async function ensureSupportThread(em: EntityManager, buyer: Pick<User, 'id'>, order: Order | null): Promise<string> {
  const open = { kind: ThreadKind.SUPPORT, buyer: buyer.id, closedAt: null };
  const existing = await em.findOne(
    ThreadEntity,
    { kind: ThreadKind.SUPPORT, buyer: buyer.id },
    { orderBy: { closedAt: QueryOrder.DESC_NULLS_FIRST, createdAt: QueryOrder.DESC } },
  );
  if (existing) {
    if (order && existing.order?.id !== order.id) {
      existing.order = em.getReference(Order, order.id, { wrapped: true });
      await em.flush();
    }
    return existing.id;
  }
  const thread = new ThreadEntity({ kind: ThreadKind.SUPPORT, buyer: em.getReference(User, buyer.id), order });
  try {
    await em.fork().persistAndFlush(thread);
    return thread.id;
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return (await em.fork().findOneOrFail(ThreadEntity, open)).id;
  }
}

/** A SYSTEM message from a parcel event, in seq order with the rest. */
export async function appendSystemMessage(em: EntityManager, threadId: string, event: ChatSystemEvent, detail: string): Promise<void> {
  await appendMessage(em, { threadId, kind: MessageKind.SYSTEM, authorId: null, authorRole: null, body: detail, systemEvent: event });
}
