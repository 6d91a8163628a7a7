import { OptimisticLockError, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ComplaintStatus as S, COMPLAINT_LIMITS, decisionDetail, ErrorCode, OPEN_COMPLAINT_STATES, ResolutionKind, Role } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { SelectionTree } from '../common/selection.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { Order } from '../shipments/order.entity.js';
import { ShipmentItem } from '../shipments/shipment-item.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { actionsFor, findVisibleComplaint } from './complaint.access.js';
import type { ComplaintContext } from './complaint.deps.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Complaint } from './complaint.entity.js';
import { ownUnattachedEvidence } from './complaint.filing.js';
import { refundedCents } from './complaint.queries.js';
import { readComplaintCase, type ComplaintRow } from './complaint.reads.js';
import { publishComplaint } from './complaint.topics.js';
import { ComplaintQueueEventKind, type ResolveComplaintInput } from './complaint.types.js';
import { Evidence } from './evidence.entity.js';
import { applyDispute, standingReshipment } from './case-remedies.js';

/** The queue event of a change on the timeline. */
function queueKindOf(event: ComplaintEventKind): ComplaintQueueEventKind {
  if (event === ComplaintEventKind.ASSIGNED) return ComplaintQueueEventKind.ASSIGNED;
  if (event === ComplaintEventKind.RESOLVED) return ComplaintQueueEventKind.RESOLVED;
  return ComplaintQueueEventKind.UPDATED;
}

/**
 * A case's life after filing: assignment, notes, requests for photos, the decision and the buyer's
 * answer. Each is one change through `change` (access check, versioned flush, timeline, events).
 */
export class DecisionService {
  constructor(private readonly ctx: ComplaintContext) {}

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
      const actions = actionsFor(this.ctx.user, complaint);
      if (!actions.includes(internal ? 'ADD_INTERNAL_NOTE' : 'ADD_PUBLIC_REPLY')) {
        throw new DomainError(ErrorCode.INVALID_TRANSITION, `No replies on a ${complaint.status} complaint`, { from: complaint.status });
      }
      em.persist(new ComplaintNote({ complaint, author: em.getReference(User, this.ctx.user.id), body: body.trim(), internal }));
      if (role === Role.AGENT && !internal) complaint.markResponded(now);
      else if (role === Role.BUYER && complaint.status === S.AWAITING_BUYER) complaint.transition(S.IN_REVIEW, now);
      else complaint.updatedAt = now;
      // The buyer hears of the agent's and the store's public answers.
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
      queueNotification(em, { recipient: em.getReference(User, complaint.buyer.id), kind: NotificationKind.COMPLAINT_EVIDENCE_REQUESTED, complaintId: complaint.id, detail: message.trim().slice(0, 500) });
      return { kind: ComplaintEventKind.EVIDENCE_REQUESTED, toStatus: S.AWAITING_BUYER, detail: message.trim().slice(0, 500) };
    });
  }

  async attachEvidence(id: string, evidenceIds: string[], asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    if (evidenceIds.length === 0) throw badInput('evidenceIds', 'attach at least one photo');
    return this.change(id, asked, null, async (complaint, em, now) => {
      if (complaint.buyer.id !== this.ctx.user.id) throw notFound('Complaint');
      this.requireOpen(complaint, 'add evidence to');
      const photos = await ownUnattachedEvidence(em, this.ctx.user.id, evidenceIds);
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
      // The outcome in words: the amount, the new waybill, or the reason.
      const value = input.kind === ResolutionKind.REFUND ? refund : input.kind === ResolutionKind.RESHIP ? complaint.reshipment!.getEntity().waybillNo : complaint.resolutionReason;
      queueNotification(em, { recipient: em.getReference(User, complaint.buyer.id), kind: NotificationKind.COMPLAINT_DECIDED, complaintId: complaint.id, detail: decisionDetail(input.kind, value) });
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
