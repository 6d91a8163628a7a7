import { OptimisticLockError } from '@mikro-orm/core';
import { AFTER_SALES_LIMITS, COMPLAINT_LIMITS, ComplaintStatus as S, ErrorCode } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { SelectionTree } from '../common/selection.js';
import { findVisibleComplaint } from './complaint.access.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { readComplaintCase, type ComplaintRow } from './complaint.reads.js';
import type { ComplaintContext } from './complaint.deps.js';
import { publishComplaint } from './complaint.topics.js';
import type { CaseReplyInput } from './case-conversation.types.js';
import { Evidence } from './evidence.entity.js';

/**
 * The buyer's side of the case conversation: words and photos (补充凭证) on an open case, one
 * public note that the agent's workbench receives live. A reply on an AWAITING_BUYER case hands
 * it back to the agents (DESIGN §7). Access as every read: another buyer's case is NOT_FOUND.
 */
export class CaseConversationService {
  constructor(private readonly ctx: ComplaintContext) {}

  async reply(id: string, input: CaseReplyInput, asked: SelectionTree): Promise<ComplaintRow> {
    const { em, user } = this.ctx;
    const complaint = await findVisibleComplaint(em, user, id);
    if (complaint.buyer.id !== user.id) throw notFound('Complaint');
    if (complaint.status !== S.SUBMITTED && complaint.status !== S.IN_REVIEW && complaint.status !== S.AWAITING_BUYER) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `id: replies go on open cases; ${complaint.caseNo} is ${complaint.status}`, { field: 'id', from: complaint.status });
    }
    const photos = await this.ownPhotos(input.evidenceIds, complaint.id);
    const now = new Date();
    const body = input.body.trim();
    for (const photo of photos) photo.attachTo(complaint, now);
    em.persist(new ComplaintNote({ complaint, author: em.getReference(User, user.id), body, internal: false, photoIds: photos.map((p) => p.id) }));
    if (complaint.status === S.AWAITING_BUYER) complaint.transition(S.IN_REVIEW, now);
    complaint.updatedAt = now;
    const detail = photos.length ? `BUYER:${photos.map((p) => p.kind).join(',')}` : 'BUYER';
    em.persist(new ComplaintEvent({ complaint, actor: em.getReference(User, user.id), kind: ComplaintEventKind.NOTE_ADDED, toStatus: complaint.status, detail, at: now }));
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) throw new DomainError(ErrorCode.CONFLICT, `Complaint ${complaint.caseNo} changed meanwhile; reload and send again`);
      throw error;
    }
    await publishComplaint(this.ctx.deps.realtime, complaint.id);
    return readComplaintCase(this.ctx, complaint.id, asked);
  }

  /** Photos the buyer uploaded and attached nowhere yet, within the per-reply and per-case caps; anything else NOT_FOUND. */
  private async ownPhotos(ids: string[], complaintId: string): Promise<Evidence[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (unique.length > AFTER_SALES_LIMITS.replyPhotosMax) throw badInput('evidenceIds', `at most ${AFTER_SALES_LIMITS.replyPhotosMax} photos per reply`);
    if (unique.some((id) => !isUuid(id))) throw notFound('Evidence');
    const { em, user } = this.ctx;
    const rows = await em.find(Evidence, { id: { $in: unique }, uploader: user.id, complaint: null, attachedAt: null });
    if (rows.length !== unique.length) throw notFound('Evidence');
    const already = await em.count(Evidence, { complaint: complaintId });
    const cap = COMPLAINT_LIMITS.evidenceMaxPerComplaint * 2;
    if (already + rows.length > cap) throw badInput('evidenceIds', `a case holds at most ${cap} photos (${already} already)`);
    return rows;
  }
}
