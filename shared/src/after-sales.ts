import { z } from './zod.js';
import { ComplaintStatus as C } from './enums.js';
import { COMPLAINT_LIMITS as L } from './limits.js';

/**
 * The buyer's side of a case (售后): why a decision is disputed, what a reply may hold, and the
 * facts a notification carries so each client words the outcome in its viewer's language.
 */

/** Common reasons offered as chips when disputing a decision; OTHER needs words. */
export const DisputeReason = {
  STILL_MISSING: 'STILL_MISSING',
  AMOUNT_TOO_LOW: 'AMOUNT_TOO_LOW',
  WANT_REFUND: 'WANT_REFUND',
  WANT_RESHIP: 'WANT_RESHIP',
  REJECTION_WRONG: 'REJECTION_WRONG',
  OTHER: 'OTHER',
} as const;
export type DisputeReason = (typeof DisputeReason)[keyof typeof DisputeReason];
export const DISPUTE_REASONS: readonly DisputeReason[] = Object.values(DisputeReason);

export const AFTER_SALES_LIMITS = {
  replyMaxLength: L.noteMaxLength,
  /** Photos beside one reply (补充凭证). */
  replyPhotosMax: 9,
  disputeCommentMaxLength: L.reasonMaxLength,
  /** The case list's page size cap. */
  casesPageMax: 50,
} as const;

/** Refunds go back the way the buyer paid (原路退回) and arrive within these working days. */
export const REFUND_ROUTE = { route: 'ORIGINAL_PAYMENT', minWorkingDays: 1, maxWorkingDays: 3 } as const;

export const caseReplySchema = z
  .object({
    body: z.string().trim().max(AFTER_SALES_LIMITS.replyMaxLength, `must be at most ${AFTER_SALES_LIMITS.replyMaxLength} characters`),
    evidenceIds: z.array(z.string()).max(AFTER_SALES_LIMITS.replyPhotosMax, `at most ${AFTER_SALES_LIMITS.replyPhotosMax} photos`),
  })
  .superRefine((input, ctx) => {
    if (!input.body && input.evidenceIds.length === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'write something or add a photo' });
  });

export const disputeSchema = z
  .object({
    reason: z.enum(DISPUTE_REASONS as [DisputeReason, ...DisputeReason[]]),
    comment: z.string().trim().max(AFTER_SALES_LIMITS.disputeCommentMaxLength, `must be at most ${AFTER_SALES_LIMITS.disputeCommentMaxLength} characters`).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.reason === DisputeReason.OTHER && !input.comment?.trim()) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'say why you disagree' });
  });

/**
 * What a COMPLAINT_DECIDED notification's `detail` holds: `REFUND:<cents>`, `RESHIP:<waybill>` or
 * `REJECT:<reason>`. Older notifications hold the kind alone.
 */
export function decisionDetail(kind: 'REFUND' | 'RESHIP' | 'REJECT', value: string | number | null): string {
  return `${kind}:${value ?? ''}`.slice(0, 500);
}

export function parseDecisionDetail(detail: string | null | undefined): { kind: string; value: string } {
  const text = detail ?? '';
  const at = text.indexOf(':');
  return at < 0 ? { kind: text, value: '' } : { kind: text.slice(0, at), value: text.slice(at + 1) };
}

/** COMPLAINT_FILED's `detail`: the case number and the first-response promise in hours. */
export function filedDetail(caseNo: string, firstResponseHours: number): string {
  return `${caseNo}:${firstResponseHours}`;
}

export function parseFiledDetail(detail: string | null | undefined): { caseNo: string; hours: number | null } {
  const [caseNo = '', hours] = (detail ?? '').split(':');
  const n = Number(hours);
  return { caseNo, hours: Number.isFinite(n) && n > 0 ? n : null };
}

/** What the buyer can do next on a case, in the order the case page offers it. */
export type BuyerNextStep = 'WAIT_FOR_AGENT' | 'ADD_PHOTOS' | 'ANSWER_DECISION' | 'NOTHING';

export function buyerNextStep(status: C, responded: boolean): BuyerNextStep {
  if (status === C.AWAITING_BUYER) return 'ADD_PHOTOS';
  if (status === C.SUBMITTED || status === C.IN_REVIEW) return 'WAIT_FOR_AGENT';
  if ((status === C.RESOLVED || status === C.REJECTED) && !responded) return 'ANSWER_DECISION';
  return 'NOTHING';
}

/** When an undecided silence closes the case: a decision not answered closes after autoCloseDays. */
export function autoClosesAt(status: C, decidedAt: string | Date | null, responded: boolean): Date | null {
  if ((status !== C.RESOLVED && status !== C.REJECTED) || !decidedAt || responded) return null;
  return new Date(new Date(decidedAt).getTime() + L.autoCloseDays * 86_400_000);
}
