import { OptimisticLockError, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ComplaintStatus as S, COMPLAINT_LIMITS, ErrorCode, OPEN_COMPLAINT_STATES, ResolutionKind, Role } from '@parceldesk/shared';
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
      else complaint.updatedAt = now;
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
        const refundable = Math.max(0, paid - (await refundedCents(em, order.id, complaint.id)));
        if (input.refundCents! > refundable) {
          throw new DomainError(ErrorCode.BAD_USER_INPUT, `refundCents: at most ${refundable} (paid ${paid}, refunded before ${paid - refundable})`, { field: 'refundCents', max: refundable });
        }
        refund = input.refundCents!;
      }
      complaint.decide({ kind: input.kind, refundCents: refund, reason: input.reason?.trim() || null, at: now });
      if (input.kind === ResolutionKind.RESHIP) complaint.reshipment = ref(await this.reship(em, complaint, order));
      queueNotification(em, { recipient: await complaint.buyer.loadOrFail(), kind: NotificationKind.COMPLAINT_DECIDED, complaintId: complaint.id, detail: input.kind });
      return { kind: ComplaintEventKind.RESOLVED, toStatus: complaint.status, detail: refund != null ? `${input.kind}:${refund}` : input.kind };
    });
  }

  /** 缺货补寄: a new parcel for the missing units, waiting on the merchant's board for manual dispatch. */
  private async reship(em: EntityManager, complaint: Complaint, order: Order): Promise<Shipment> {
    const items = await em.find(ComplaintItem, { complaint: complaint.id }, { populate: ['line'] });
    const first = await em.findOne(Shipment, { order: order.id }, { orderBy: { createdAt: 'asc' } });
    const declaredWeightGrams = items.reduce((g, i) => g + i.quantityMissing * i.line.getEntity().unitWeightGrams, 0);
    const parcel = new Shipment({ order, waybillNo: `RS${Date.now().toString().slice(-8)}${randomUUID().slice(0, 4).toUpperCase()}`, carrier: first?.carrier ?? '优选同城配送', declaredWeightGrams });
    em.persist(parcel);
    for (const item of items) em.persist(new ShipmentItem({ shipment: parcel, line: item.line.getEntity(), quantity: item.quantityMissing }));
    return parcel;
  }

  async respond(id: string, accept: boolean, comment: string | null | undefined, asked?: SelectionTree): Promise<Complaint | ComplaintRow> {
    return this.change(id, asked, null, async (complaint, em, now) => {
      if (complaint.buyer.id !== this.ctx.user.id) throw notFound('Complaint');
      complaint.respond(accept, now);
      const text = comment?.trim();
      if (text) em.persist(new ComplaintNote({ complaint, author: em.getReference(User, this.ctx.user.id), body: text.slice(0, COMPLAINT_LIMITS.noteMaxLength), internal: false }));
      return { kind: accept ? ComplaintEventKind.ACCEPTED : ComplaintEventKind.DISPUTED, toStatus: complaint.status, detail: text?.slice(0, 500) ?? null };
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
