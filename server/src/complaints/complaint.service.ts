import { ErrorCode, type ComplaintAction } from '@parceldesk/shared';
import { DomainError, notFound } from '../common/errors.js';
import { pageWindow, toConnection, type Connection, type PageArgs } from '../common/pagination.js';
import type { SelectionTree } from '../common/selection.js';
import { merchantOf } from '../shipments/shipment.access.js';
import { actionsFor, seesInternal } from './complaint.access.js';
import type { ComplaintContext } from './complaint.deps.js';
import { Complaint } from './complaint.entity.js';
import { caseKeys, readCaseSignals, readComplaintCase, readComplaintQueue, type ComplaintRow } from './complaint.reads.js';
import type { ComplaintQueueFilter, ComplaintSignals } from './complaint.types.js';
// complaints/ may use chat/ (DESIGN §3): a case opened from a support thread.
import { ChatService } from '../chat/chat.service.js';
import type { Thread } from '../chat/chat.types.js';

/**
 * Reading cases: one case, the buyer's and the store's lists, the agents' queue, and the parts of
 * a case that depend on who asks. Filing is complaint.filing.ts; the case's life after it,
 * complaint.decisions.ts.
 */
export class ComplaintService {
  constructor(private readonly ctx: ComplaintContext) {}

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
    return actionsFor(this.ctx.user, complaint);
  }
}
