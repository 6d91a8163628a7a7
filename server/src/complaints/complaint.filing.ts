import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatSystemEvent, ComplaintChannel, ComplaintStatus as S, COMPLAINT_LIMITS, ErrorCode, filedDetail, OPEN_COMPLAINT_STATES, Role, ShipmentStatus, ThreadKind } from '@parceldesk/shared';
import { createHash } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { Order } from '../shipments/order.entity.js';
import type { ComplaintContext } from './complaint.deps.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintFiling } from './complaint-filing.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import { Complaint, type SlaPolicy } from './complaint.entity.js';
import { claimedOutsideOpenCasesOf, claimedQuantities, deliveredQuantities, deliveredQuantitiesOf } from './complaint.queries.js';
import { publishComplaint } from './complaint.topics.js';
import { ComplaintQueueEventKind, type ComplaintFilingOptions, type FileComplaintInput, type FileComplaintPayload, type ThreadFilingOptions } from './complaint.types.js';
import { Evidence } from './evidence.entity.js';
// complaints/ may use chat/ (DESIGN §3): a case opened from a support thread.
import { appendSystemMessage } from '../chat/chat.service.js';
import { photosOfAuthorIn, photosSentIn } from '../chat/message.store.js';
import { loadThreadAccess } from '../chat/thread.access.js';
import { Thread as ThreadEntity } from '../chat/thread.entity.js';

/** How many of the buyer's latest orders the agent picks from when filing from a thread. */
const THREAD_FILING_ORDERS = 10;

export function slaPolicy(config: ComplaintContext['deps']['config']): SlaPolicy {
  return { firstResponseMs: config.complaints.firstResponseHours * 3600_000, resolutionMs: config.complaints.resolutionHours * 3600_000 };
}

/**
 * Filing a case: what may be claimed (asked before filing), then the filing itself, idempotent per
 * filer and key, joining the order's open case when there is one.
 */
export class FilingService {
  constructor(private readonly ctx: ComplaintContext) {}

  /** Lines the buyer may still claim, and parcels that may yet arrive (told before filing). */
  async filingOptions(orderId: string): Promise<ComplaintFilingOptions> {
    const { em, user } = this.ctx;
    const order = isUuid(orderId) ? await em.findOne(Order, orderId, { populate: ['lines', 'shipments'] }) : null;
    if (!order || order.buyer.id !== user.id) throw notFound('Order');
    return (await this.optionsFor([order]))[0]!;
  }

  /**
   * What an agent needs to open a case from a buyer's support thread: the buyer's latest orders
   * (the one asked about first) with what is claimable, and the photos the buyer sent there that
   * no case holds yet. A fixed number of statements whatever the number of orders.
   */
  async threadFilingOptions(threadId: string): Promise<ThreadFilingOptions> {
    const { em } = this.ctx;
    const thread = await supportThreadOf(em, threadId);
    const askedAbout = (await em.findOne(ThreadEntity, thread.id, { fields: ['order'] }))?.order?.id ?? null;
    const orders = await em.find(Order, { buyer: thread.buyerId }, { populate: ['lines', 'shipments'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: THREAD_FILING_ORDERS });
    orders.sort((a, b) => Number(b.id === askedAbout) - Number(a.id === askedAbout));
    const options = await this.optionsFor(orders);
    const sent = await photosOfAuthorIn(em, thread.id, thread.buyerId);
    const free = sent.length ? await em.find(Evidence, { id: { $in: sent }, complaint: null }, { orderBy: { createdAt: 'asc' } }) : [];
    return { threadId: thread.id, orders: options.filter((o) => o.lines.some((l) => l.claimableQuantity > 0) || o.openComplaint), photos: free };
  }

  /** Per order: each line's delivered, claimed and claimable units, parcels on the way, the open case. */
  private async optionsFor(orders: Order[]): Promise<ComplaintFilingOptions[]> {
    const { em } = this.ctx;
    const ids = orders.map((o) => o.id);
    const [open, shipped, claimed] = ids.length
      ? await Promise.all([
          em.find(Complaint, { order: { $in: ids }, status: { $in: OPEN_COMPLAINT_STATES } }),
          deliveredQuantitiesOf(em, ids),
          claimedOutsideOpenCasesOf(em, ids),
        ])
      : [[], new Map<string, number>(), new Map<string, number>()];
    return orders.map((order) => ({
      order,
      lines: order.lines.getItems().map((line) => {
        const shippedQuantity = shipped.get(line.id) ?? 0;
        const claimedQuantity = claimed.get(line.id) ?? 0;
        return { line, shippedQuantity, claimedQuantity, claimableQuantity: Math.max(0, shippedQuantity - claimedQuantity) };
      }),
      parcelsOnTheWay: order.shipments.getItems().filter((s) => s.status !== ShipmentStatus.DELIVERED),
      openComplaint: open.find((c) => c.order.id === order.id) ?? null,
    }));
  }

  /**
   * Files a case, or joins the order's open one. Idempotent per filer and key: the filing row's
   * unique (filer, key) index decides between concurrent retries; losers read the winner's case.
   * A buyer files PLATFORM (站内投诉); an agent files CUSTOMER_SERVICE (客服反馈) for the buyer of
   * a support thread, passing its threadId.
   */
  async fileComplaint(input: FileComplaintInput): Promise<FileComplaintPayload> {
    const { user } = this.ctx;
    const channel = input.threadId ? ComplaintChannel.CUSTOMER_SERVICE : ComplaintChannel.PLATFORM;
    if (input.threadId && user.role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Only agents file from a support thread');
    if (!input.threadId && user.role !== Role.BUYER) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'threadId: agents file for a buyer from the buyer’s support thread', { field: 'threadId' });
    }
    const fingerprint = fingerprintOf(input, channel);
    for (let attempt = 0; attempt < 4; attempt++) {
      const previous = await this.ctx.em.fork().findOne(ComplaintFiling, { filedBy: user.id, idempotencyKey: input.idempotencyKey });
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new DomainError(ErrorCode.CONFLICT, 'This idempotencyKey was used for a different complaint; make a new key for new content', { field: 'idempotencyKey' });
        }
        return { complaint: await this.ctx.em.findOneOrFail(Complaint, previous.complaint.id, { populate: ['order'] }), joinedExisting: previous.joined };
      }
      try {
        const result = await this.fileOnce(input, channel, fingerprint);
        // The buyer reads in the thread that a case was opened (or joined), with its number. Only
        // the request whose filing committed gets here (retries answer from the filing above), so
        // it is written once; it goes through chat's own send statement, after the commit.
        if (result.threadId) {
          const event = result.joinedExisting ? ChatSystemEvent.COMPLAINT_JOINED : ChatSystemEvent.COMPLAINT_OPENED;
          // The case stands either way; a lost note in the chat is logged, not an error for the agent.
          await appendSystemMessage(this.ctx.em, result.threadId, event, result.complaint.caseNo).catch((error: unknown) =>
            this.ctx.logger.error({ err: error, complaintId: result.complaint.id }, 'case message in the support thread failed'),
          );
        }
        await publishComplaint(this.ctx.deps.realtime, result.complaint.id, result.joinedExisting ? ComplaintQueueEventKind.UPDATED : ComplaintQueueEventKind.NEW);
        this.ctx.deps.outbox.kick();
        // The case as the filing's own transaction committed it, its order loaded (no read back).
        return { complaint: result.complaint, joinedExisting: result.joinedExisting };
      } catch (error) {
        // Another request filed with this key, or opened this order's case, first: read theirs.
        if (error instanceof UniqueConstraintViolationException || error instanceof OptimisticLockError) continue;
        // A retry racing the first submission can find its photos already attached (NOT_FOUND):
        // if that submission has committed meanwhile, answer with it instead.
        if (await this.ctx.em.fork().count(ComplaintFiling, { filedBy: user.id, idempotencyKey: input.idempotencyKey })) continue;
        throw error;
      }
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The order’s case is changing right now; try again');
  }

  /**
   * Files or joins inside the caller's transaction, for a filing that comes with other writes (a
   * review tagged arrived short, channel REVIEW): the caller commits both or neither, retries on a
   * unique violation, and publishes with publishComplaint after the commit.
   */
  async fileInTransaction(em: EntityManager, input: FileComplaintInput, channel: ComplaintChannel): Promise<FileComplaintPayload> {
    return this.fileOnce(input, channel, fingerprintOf(input, channel), em);
  }

  /** One filing in its own transaction, or in `within` (the caller's). */
  private async fileOnce(
    input: FileComplaintInput,
    channel: ComplaintChannel,
    fingerprint: string,
    within?: EntityManager,
  ): Promise<FileComplaintPayload & { threadId: string | null }> {
    const user = this.ctx.user;
    // From a support thread the case is the thread's buyer's; otherwise the caller's. Read before the
    // transaction: its prepared statement takes a pooled connection of its own, and inside, every
    // concurrent filing would hold one connection while waiting for a second (a pool deadlock).
    const thread = input.threadId ? await supportThreadOf(within ?? this.ctx.em, input.threadId) : null;
    const work = async (em: EntityManager): Promise<FileComplaintPayload & { threadId: string | null }> => {
      const filer = em.getReference(User, user.id);
      const buyerId = thread ? thread.buyerId : user.id;
      const buyer = em.getReference(User, buyerId);
      const order = isUuid(input.orderId) ? await em.findOne(Order, input.orderId, { populate: ['lines'] }) : null;
      if (!order || order.buyer.id !== buyerId) throw notFound('Order');
      const evidence = thread ? await this.threadPhotos(em, thread.id, buyerId, input.evidenceIds) : await ownUnattachedEvidence(em, user.id, input.evidenceIds);
      // The buyer proves it with photos; an agent may file on what the buyer said in the chat.
      if (!thread && evidence.length < COMPLAINT_LIMITS.evidenceMinPerFiling) throw badInput('evidenceIds', `attach 1 to ${COMPLAINT_LIMITS.evidenceMaxPerComplaint} photos`);

      const open = await em.findOne(Complaint, { order: order.id, status: { $in: OPEN_COMPLAINT_STATES } }, { populate: ['items'] });
      const wanted = await this.checkQuantities(em, order, input, open);
      const description = input.description.trim();
      const complaint = open ?? new Complaint({ order, buyer, channel, description, sla: slaPolicy(this.ctx.deps.config), threadId: thread?.id ?? null });
      if (open) {
        open.addChannel(channel);
        if (thread && !open.threadId) open.threadId = thread.id;
        for (const [line, quantity] of wanted) {
          const existing = open.items.getItems().find((i) => i.line.id === line.id);
          if (existing) existing.quantityMissing = Math.max(existing.quantityMissing, quantity);
          else em.persist(new ComplaintItem({ complaint: open, line, quantityMissing: quantity }));
        }
        // A touch of the version makes two simultaneous joins of one case conflict instead of racing.
        open.updatedAt = new Date();
        em.persist(new ComplaintEvent({ complaint: open, actor: filer, kind: ComplaintEventKind.JOINED, detail: `${channel}: ${description}`.slice(0, 500) }));
      } else {
        em.persist(complaint);
        for (const [line, quantity] of wanted) em.persist(new ComplaintItem({ complaint, line, quantityMissing: quantity }));
        em.persist(new ComplaintEvent({ complaint, actor: filer, kind: ComplaintEventKind.FILED, toStatus: S.SUBMITTED, detail: channel }));
        // Acknowledged at once, with the case number and the first-response promise.
        const hours = this.ctx.deps.config.complaints.firstResponseHours;
        queueNotification(em, { recipient: buyer, kind: NotificationKind.COMPLAINT_FILED, complaintId: complaint.id, detail: filedDetail(complaint.caseNo, hours) });
      }
      for (const photo of evidence) photo.attachTo(complaint);
      em.persist(new ComplaintFiling({ complaint, filedBy: filer, idempotencyKey: input.idempotencyKey, fingerprint, channel, joined: open !== null }));
      await em.flush();
      return { complaint, joinedExisting: open !== null, threadId: thread?.id ?? null };
    };
    return within ? work(within) : this.ctx.em.fork().transactional(work);
  }

  /** Photos the thread's buyer sent in that thread and no case holds yet; anything else is NOT_FOUND. */
  private async threadPhotos(em: EntityManager, threadId: string, buyerId: string, ids: string[]): Promise<Evidence[]> {
    const unique = [...new Set(ids)];
    if (unique.length > COMPLAINT_LIMITS.evidenceMaxPerComplaint) throw badInput('evidenceIds', `at most ${COMPLAINT_LIMITS.evidenceMaxPerComplaint} photos`);
    if (unique.length === 0) return [];
    if (unique.some((id) => !isUuid(id))) throw notFound('Evidence');
    const sent = new Set(await photosSentIn(em, threadId, buyerId, unique));
    const rows = await em.find(Evidence, { id: { $in: [...sent] }, uploader: buyerId, complaint: null });
    if (rows.length !== unique.length) throw notFound('Evidence');
    return rows;
  }

  /** Missing units per line: at least 1, at most what was delivered minus what other cases claim. */
  private async checkQuantities(em: EntityManager, order: Order, input: FileComplaintInput, open: Complaint | null) {
    const lines = new Map(order.lines.getItems().map((l) => [l.id, l]));
    const [shipped, claimed] = await Promise.all([deliveredQuantities(em, order.id), claimedQuantities(em, order.id, open?.id ?? null)]);
    const wanted = new Map<NonNullable<ReturnType<typeof lines.get>>, number>();
    input.missingItems.forEach((item, index) => {
      const line = lines.get(item.orderLineId);
      const field = `missingItems.${index}`;
      if (!line) throw badInput(`${field}.orderLineId`, 'is not a line of this order');
      if ([...wanted.keys()].includes(line)) throw badInput(`${field}.orderLineId`, `"${line.title}" is listed twice`);
      const max = Math.max(0, (shipped.get(line.id) ?? 0) - (claimed.get(line.id) ?? 0));
      if (item.quantityMissing < 1) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field}.quantityMissing: "${line.title}" needs at least 1 missing unit`, { field: `${field}.quantityMissing`, orderLineId: line.id });
      }
      if (item.quantityMissing > max) {
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `${field}.quantityMissing: "${line.title}" can have at most ${max} missing (delivered ${shipped.get(line.id) ?? 0}, already claimed ${claimed.get(line.id) ?? 0})`,
          { field: `${field}.quantityMissing`, orderLineId: line.id, max },
        );
      }
      wanted.set(line, item.quantityMissing);
    });
    return wanted;
  }
}

/** Photos `uploaderId` uploaded and has not attached yet; anything else is NOT_FOUND. */
export async function ownUnattachedEvidence(em: EntityManager, uploaderId: string, ids: string[]): Promise<Evidence[]> {
  const unique = [...new Set(ids)];
  if (unique.length > COMPLAINT_LIMITS.evidenceMaxPerComplaint) throw badInput('evidenceIds', `at most ${COMPLAINT_LIMITS.evidenceMaxPerComplaint} photos`);
  if (unique.some((id) => !isUuid(id))) throw notFound('Evidence');
  // attachedAt: a photo already used by a review is that review's.
  const rows = unique.length ? await em.find(Evidence, { id: { $in: unique }, uploader: uploaderId, complaint: null, attachedAt: null }) : [];
  if (rows.length !== unique.length) throw notFound('Evidence');
  return rows;
}

/** The support thread an agent files from; a courier thread or a missing id alike is NOT_FOUND. */
async function supportThreadOf(em: EntityManager, threadId: string) {
  const thread = await loadThreadAccess(em, threadId);
  if (!thread || thread.kind !== ThreadKind.SUPPORT) throw notFound('Thread');
  return thread;
}

/** The content of a filing, so the same key with other content is told apart from a retry. */
function fingerprintOf(input: FileComplaintInput, channel: ComplaintChannel): string {
  const content = {
    orderId: input.orderId,
    channel,
    items: [...input.missingItems].map((i) => [i.orderLineId, i.quantityMissing]).sort(),
    description: input.description.trim(),
    evidence: [...new Set(input.evidenceIds)].sort(),
    // Only when given, so the fingerprints of form filings stay what they were.
    ...(input.threadId ? { threadId: input.threadId } : {}),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
