import { OptimisticLockError, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ChatSystemEvent,
  decisionDetail,
  filedDetail,
  ComplaintChannel,
  ComplaintStatus as S,
  complaintActions,
  COMPLAINT_LIMITS,
  ErrorCode,
  OPEN_COMPLAINT_STATES,
  ResolutionKind,
  Role,
  ShipmentStatus,
  ThreadKind,
  type ComplaintAction,
} from '@parceldesk/shared';
import { createHash, randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { pageWindow, toConnection, type Connection, type PageArgs } from '../common/pagination.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { Topic } from '../realtime/pubsub.js';
import { Order } from '../shipments/order.entity.js';
import { merchantOf } from '../shipments/shipment.access.js';
import { ShipmentItem } from '../shipments/shipment-item.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import type { SelectionTree } from '../common/selection.js';
import { findVisibleComplaint, seesInternal } from './complaint.access.js';
import { caseKeys, readCaseSignals, readComplaintCase, readComplaintQueue, type ComplaintRow } from './complaint.reads.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintFiling } from './complaint-filing.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Complaint, type SlaPolicy } from './complaint.entity.js';
import { claimedOutsideOpenCasesOf, claimedQuantities, deliveredQuantities, deliveredQuantitiesOf, refundedCents } from './complaint.queries.js';
import {
  ComplaintQueueEventKind,
  type ComplaintFilingOptions,
  type ComplaintQueueFilter,
  type ComplaintSignals,
  type FileComplaintInput,
  type FileComplaintPayload,
  type ResolveComplaintInput,
  type ThreadFilingOptions,
} from './complaint.types.js';
import { Evidence } from './evidence.entity.js';
import { applyDispute, standingReshipment } from './case-remedies.js';
// complaints/ may use chat/ (DESIGN §3): a case opened from a support thread.
import { appendSystemMessage, ChatService } from '../chat/chat.service.js';
import type { Thread } from '../chat/chat.types.js';
import { photosOfAuthorIn, photosSentIn } from '../chat/message.store.js';
import { loadThreadAccess } from '../chat/thread.access.js';
import { Thread as ThreadEntity } from '../chat/thread.entity.js';

/** How many of the buyer's latest orders the agent picks from when filing from a thread. */
const THREAD_FILING_ORDERS = 10;

export function slaPolicy(config: AuthedContext['deps']['config']): SlaPolicy {
  return { firstResponseMs: config.complaints.firstResponseHours * 3600_000, resolutionMs: config.complaints.resolutionHours * 3600_000 };
}

/**
 * Publishes a case's change to its followers and to the agents' queue (after commit). The queue
 * event's id is `<kind>:<complaint id>`, so agents learn what happened without another lookup.
 */
export async function publishComplaint(realtime: AuthedContext['deps']['realtime'], complaintId: string, kind: ComplaintQueueEventKind = ComplaintQueueEventKind.UPDATED): Promise<void> {
  await realtime.publish(Topic.COMPLAINT_UPDATED, complaintId);
  await realtime.publish(Topic.COMPLAINT_QUEUE, 'agents', `${kind}:${complaintId}`);
}

/** The queue event of a change on the timeline. */
function queueKindOf(event: ComplaintEventKind): ComplaintQueueEventKind {
  if (event === ComplaintEventKind.ASSIGNED) return ComplaintQueueEventKind.ASSIGNED;
  if (event === ComplaintEventKind.RESOLVED) return ComplaintQueueEventKind.RESOLVED;
  return ComplaintQueueEventKind.UPDATED;
}

export class ComplaintService {
  constructor(private readonly ctx: AuthedContext) {}

  // --- reads ---

  /** One case with what `asked` (the selection) shows of it, read as plain rows. */
  complaint(id: string, asked: SelectionTree): Promise<ComplaintRow> {
    return readComplaintCase(this.ctx, id, asked);
  }

  async myComplaints(page: PageArgs): Promise<Connection<Complaint>> {
    const window = pageWindow(page);
    const [rows, total] = await this.ctx.em.findAndCount(Complaint, { buyer: this.ctx.user.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: window.limit + 1, offset: window.offset });
    return toConnection(rows, window, total);
  }

  /** The store's cases, newest first: merchants read and reply, never decide. */
  async merchantComplaints(page: PageArgs): Promise<Connection<Complaint>> {
    const window = pageWindow(page);
    const merchant = await merchantOf(this.ctx.em, this.ctx.user);
    if (!merchant) throw notFound('Store');
    const [rows, total] = await this.ctx.em.findAndCount(Complaint, { order: { merchant: merchant.id } }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: window.limit + 1, offset: window.offset });
    return toConnection(rows, window, total);
  }

  /** Agents' queue, the most urgent SLA first; paused and decided cases (no due time) last. */
  /** `asked`: what the page selects (its relations are read ahead for all rows at once). */
  complaintQueue(filter: ComplaintQueueFilter | undefined, page: PageArgs, asked?: SelectionTree): Promise<Connection<ComplaintRow>> {
    return readComplaintQueue(this.ctx, filter, pageWindow(page), asked);
  }

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

  /** CUSTOMER_SERVICE: the thread the case came from, for those who may read it (agents, its buyer). */
  async thread(complaint: Pick<Complaint, 'threadId'>): Promise<Thread | null> {
    if (!complaint.threadId) return null;
    try {
      return await new ChatService(this.ctx).thread(complaint.threadId);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    }
  }

  /** Agents only (null for anyone else): read ahead with the case, or read now. */
  signals(complaint: Complaint | ComplaintRow): ComplaintSignals | null | Promise<ComplaintSignals> {
    if (!seesInternal(this.ctx.user)) return null;
    const ahead = complaint instanceof Complaint ? undefined : complaint.readAhead?.signals;
    return ahead ?? readCaseSignals(this.ctx.db, caseKeys(complaint));
  }

  allowedActions(complaint: Pick<Complaint, 'status' | 'disputes' | 'respondedAt'>): ComplaintAction[] {
    // The complaint reached this viewer through an access check: a buyer or merchant seeing it is its party.
    return complaintActions({
      role: this.ctx.user.role,
      status: complaint.status,
      isParty: true,
      disputes: complaint.disputes,
      responded: complaint.respondedAt !== null,
    });
  }

  // --- filing ---

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
        return { complaint: await this.ctx.em.findOneOrFail(Complaint, result.complaint.id, { populate: ['order'] }), joinedExisting: result.joinedExisting };
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
    const work = async (em: EntityManager): Promise<FileComplaintPayload & { threadId: string | null }> => {
      const filer = em.getReference(User, user.id);
      // From a support thread the case is the thread's buyer's; otherwise the caller's.
      const thread = input.threadId ? await supportThreadOf(em, input.threadId) : null;
      const buyerId = thread ? thread.buyerId : user.id;
      const buyer = em.getReference(User, buyerId);
      const order = isUuid(input.orderId) ? await em.findOne(Order, input.orderId, { populate: ['lines'] }) : null;
      if (!order || order.buyer.id !== buyerId) throw notFound('Order');
      const evidence = thread ? await this.threadPhotos(em, thread.id, buyerId, input.evidenceIds) : await this.ownUnattachedEvidence(em, input.evidenceIds);
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

  /** Photos the caller uploaded and has not attached yet; anything else is NOT_FOUND. */
  private async ownUnattachedEvidence(em: EntityManager, ids: string[]): Promise<Evidence[]> {
    const unique = [...new Set(ids)];
    if (unique.length > COMPLAINT_LIMITS.evidenceMaxPerComplaint) throw badInput('evidenceIds', `at most ${COMPLAINT_LIMITS.evidenceMaxPerComplaint} photos`);
    if (unique.some((id) => !isUuid(id))) throw notFound('Evidence');
    // attachedAt: a photo already used by a review is that review's.
    const rows = unique.length ? await em.find(Evidence, { id: { $in: unique }, uploader: this.ctx.user.id, complaint: null, attachedAt: null }) : [];
    if (rows.length !== unique.length) throw notFound('Evidence');
    return rows;
  }

  // --- the case's life ---

  async assign(id: string, assigneeId: string | null | undefined, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, null, async (complaint, em, now) => {
      const assignee = assigneeId ? (isUuid(assigneeId) ? await em.findOne(User, assigneeId) : null) : em.getReference(User, this.ctx.user.id);
      if (!assignee || (assigneeId && assignee.role !== Role.AGENT)) throw badInput('assigneeId', 'is not an agent');
      this.requireOpen(complaint, 'assign');
      if (complaint.status === S.SUBMITTED) complaint.transition(S.IN_REVIEW, now);
      complaint.assignee = ref(em.getReference(User, assignee.id));
      return { kind: ComplaintEventKind.ASSIGNED, detail: assignee.id };
    });
  }

  async addNote(id: string, body: string, internal: boolean, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    const role = this.ctx.user.role;
    if (internal && role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Only agents write internal notes');
    return this.change(id, asked, null, async (complaint, em, now) => {
      const actions = this.allowedActions(complaint);
      if (!actions.includes(internal ? 'ADD_INTERNAL_NOTE' : 'ADD_PUBLIC_REPLY')) {
        throw new DomainError(ErrorCode.INVALID_TRANSITION, `No replies on a ${complaint.status} complaint`, { from: complaint.status });
      }
      em.persist(new ComplaintNote({ complaint, author: em.getReference(User, this.ctx.user.id), body: body.trim(), internal }));
      if (role === Role.AGENT && !internal) complaint.markResponded(now);
      else if (role === Role.BUYER && complaint.status === S.AWAITING_BUYER) complaint.transition(S.IN_REVIEW, now);
      else complaint.updatedAt = now;
      if (!internal && role !== Role.BUYER) {
        queueNotification(em, { recipient: em.getReference(User, complaint.buyer.id), kind: NotificationKind.COMPLAINT_REPLIED, complaintId: complaint.id, detail: body.trim().slice(0, 200) });
      }
      return { kind: ComplaintEventKind.NOTE_ADDED, detail: internal ? 'internal' : role, internal };
    });
  }

  async requestMoreEvidence(id: string, message: string, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, null, async (complaint, em, now) => {
      if (complaint.status === S.SUBMITTED) complaint.transition(S.IN_REVIEW, now);
      complaint.transition(S.AWAITING_BUYER, now);
      complaint.markResponded(now);
      em.persist(new ComplaintNote({ complaint, author: em.getReference(User, this.ctx.user.id), body: message.trim(), internal: false }));
      queueNotification(em, { recipient: await complaint.buyer.loadOrFail(), kind: NotificationKind.COMPLAINT_EVIDENCE_REQUESTED, complaintId: complaint.id, detail: message.trim().slice(0, 500) });
      return { kind: ComplaintEventKind.EVIDENCE_REQUESTED, toStatus: S.AWAITING_BUYER, detail: message.trim().slice(0, 500) };
    });
  }

  async attachEvidence(id: string, evidenceIds: string[], asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    if (evidenceIds.length === 0) throw badInput('evidenceIds', 'attach at least one photo');
    return this.change(id, asked, null, async (complaint, em, now) => {
      if (complaint.buyer.id !== this.ctx.user.id) throw notFound('Complaint');
      this.requireOpen(complaint, 'add evidence to');
      const photos = await this.ownUnattachedEvidence(em, evidenceIds);
      const already = await em.count(Evidence, { complaint: complaint.id });
      const cap = COMPLAINT_LIMITS.evidenceMaxPerComplaint * 2;
      if (already + photos.length > cap) throw badInput('evidenceIds', `a case holds at most ${cap} photos`);
      for (const photo of photos) photo.attachTo(complaint, now);
      // The buyer answered the request: back to the agents, clocks running again.
      if (complaint.status === S.AWAITING_BUYER) complaint.transition(S.IN_REVIEW, now);
      else complaint.updatedAt = now;
      return { kind: ComplaintEventKind.EVIDENCE_ADDED, toStatus: complaint.status, detail: photos.map((p) => p.kind).join(',') };
    });
  }

  async resolve(id: string, input: ResolveComplaintInput, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, input.expectedVersion, async (complaint, em, now) => {
      if (complaint.status === S.SUBMITTED) complaint.transition(S.IN_REVIEW, now);
      const order = await em.findOneOrFail(Order, complaint.order.id, { populate: ['lines'] });
      let refund: number | null = null;
      if (input.kind === ResolutionKind.REFUND) {
        const paid = order.lines.getItems().reduce((sum, l) => sum + l.lineTotalCents, 0);
        // A parcel standing from the disputed decision already remedies what it carries.
        const standing = await standingReshipment(em, complaint);
        const elsewhere = Math.max(0, paid - (await refundedCents(em, order.id, complaint.id)));
        const refundable = standing ? Math.min(elsewhere, Math.max(0, standing.claimedCents - standing.coveredCents)) : elsewhere;
        if (input.refundCents! > refundable) {
          throw new DomainError(ErrorCode.BAD_USER_INPUT, `refundCents: at most ${refundable} (paid ${paid}, refunded before ${paid - refundable})`, { field: 'refundCents', max: refundable });
        }
        refund = input.refundCents!;
      }
      const standing = input.kind === ResolutionKind.RESHIP ? await standingReshipment(em, complaint) : null;
      complaint.decide({ kind: input.kind, refundCents: refund, reason: input.reason?.trim() || null, at: now });
      // One parcel per missing unit: a parcel already on its way from the disputed decision is reused.
      if (input.kind === ResolutionKind.RESHIP) {
        const parcel = standing ? (standing.uncovered.size ? await this.reship(em, complaint, order, standing.uncovered) : standing.parcel) : await this.reship(em, complaint, order);
        complaint.reshipment = ref(parcel);
      }
      const value = input.kind === ResolutionKind.REFUND ? refund : input.kind === ResolutionKind.RESHIP ? complaint.reshipment!.getEntity().waybillNo : complaint.resolutionReason;
      queueNotification(em, { recipient: await complaint.buyer.loadOrFail(), kind: NotificationKind.COMPLAINT_DECIDED, complaintId: complaint.id, detail: decisionDetail(input.kind, value) });
      return { kind: ComplaintEventKind.RESOLVED, toStatus: complaint.status, detail: refund != null ? `${input.kind}:${refund}` : input.kind };
    });
  }

  /** 缺货补寄: a new parcel for the missing units, waiting on the merchant's board for manual dispatch. */
  private async reship(em: EntityManager, complaint: Complaint, order: Order, only?: Map<string, number>): Promise<Shipment> {
    const claimed = await em.find(ComplaintItem, { complaint: complaint.id }, { populate: ['line'] });
    // `only`: the units a parcel standing from an earlier decision does not carry yet.
    const items = claimed.map((i) => ({ line: i.line.getEntity(), quantity: only ? (only.get(i.line.id) ?? 0) : i.quantityMissing })).filter((i) => i.quantity > 0);
    const first = await em.findOne(Shipment, { order: order.id }, { orderBy: { createdAt: 'asc' } });
    const declaredWeightGrams = items.reduce((g, i) => g + i.quantity * i.line.unitWeightGrams, 0);
    const parcel = new Shipment({ order, waybillNo: `RS${Date.now().toString().slice(-8)}${randomUUID().slice(0, 4).toUpperCase()}`, carrier: first?.carrier ?? '优选同城配送', declaredWeightGrams });
    em.persist(parcel);
    for (const item of items) em.persist(new ShipmentItem({ shipment: parcel, line: item.line, quantity: item.quantity }));
    return parcel;
  }

  async respond(id: string, accept: boolean, comment: string | null | undefined, asked?: SelectionTree, reason?: string | null): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, null, async (complaint, em, now) => {
      if (complaint.buyer.id !== this.ctx.user.id) throw notFound('Complaint');
      // A dispute needs its reason; it reopens the case only while no other case of the order is open.
      const withdrawn = accept ? (complaint.respond(true, now), null) : await applyDispute(em, complaint, { reason, comment }, now);
      if (withdrawn) em.persist(new ComplaintEvent({ complaint, actor: null, kind: ComplaintEventKind.RESHIPMENT_WITHDRAWN, detail: withdrawn, at: now }));
      const text = comment?.trim();
      if (text) em.persist(new ComplaintNote({ complaint, author: em.getReference(User, this.ctx.user.id), body: text.slice(0, COMPLAINT_LIMITS.noteMaxLength), internal: false }));
      return { kind: accept ? ComplaintEventKind.ACCEPTED : ComplaintEventKind.DISPUTED, toStatus: complaint.status, detail: accept ? (text?.slice(0, 500) ?? null) : complaint.disputeReason };
    });
  }

  async withdraw(id: string, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, null, async (complaint, _em, now) => {
      if (complaint.buyer.id !== this.ctx.user.id) throw notFound('Complaint');
      complaint.transition(S.WITHDRAWN, now);
      return { kind: ComplaintEventKind.WITHDRAWN, toStatus: S.WITHDRAWN };
    });
  }

  private requireOpen(complaint: Complaint, what: string): void {
    if (!OPEN_COMPLAINT_STATES.includes(complaint.status)) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `Cannot ${what} a ${complaint.status} complaint`, { from: complaint.status });
    }
  }

  /**
   * One change of a case: access check, the change, its timeline line, one flush (a versioned
   * UPDATE: a concurrent change answers CONFLICT), then the live events.
   */
  private async change(
    id: string,
    asked: SelectionTree | undefined,
    expectedVersion: number | null | undefined,
    work: (complaint: Complaint, em: EntityManager, now: Date) => Promise<{ kind: ComplaintEventKind; toStatus?: S | null; detail?: string | null; internal?: boolean }>,
  ): Promise<Complaint | ComplaintRow> {
    const { em, user } = this.ctx;
    const complaint = await findVisibleComplaint(em, user, id);
    if (expectedVersion != null && expectedVersion !== complaint.version) throw conflict(complaint);
    const now = new Date();
    const event = await work(complaint, em, now);
    // Every change bumps `version` (the entity's optimistic lock), so clients can keep the newer copy.
    complaint.updatedAt = now;
    em.persist(new ComplaintEvent({ complaint, actor: em.getReference(User, user.id), at: now, ...event }));
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) throw conflict(complaint);
      throw error;
    }
    await publishComplaint(this.ctx.deps.realtime, complaint.id, queueKindOf(event.kind));
    this.ctx.deps.outbox.kick();
    // The answer is the case as `complaint(id)` reads it now (the same rows and rules), when the
    // caller says what it shows; the entity otherwise.
    return asked ? readComplaintCase(this.ctx, complaint.id, asked) : complaint;
  }
}

function conflict(complaint: Complaint): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `Complaint ${complaint.caseNo} was changed by someone else; reload and try again`);
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
