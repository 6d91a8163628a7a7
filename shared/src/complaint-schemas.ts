import { z } from 'zod';
import { COMPLAINT_LIMITS as L } from './limits.js';

const text = (min: number, max: number, what = 'is required') =>
  z.string().trim().min(min, what).max(max, `must be at most ${max} characters`);

/** The buyer's form (and an agent filing for a buyer from a support thread). */
export const fileComplaintSchema = z.object({
  orderId: z.string().min(1),
  channel: z.enum(['PLATFORM', 'CUSTOMER_SERVICE', 'REVIEW']).nullish(),
  missingItems: z
    .array(z.object({ orderLineId: z.string().min(1), quantityMissing: z.number().int('must be a whole number') }))
    .min(1, 'name at least one missing item'),
  description: text(1, L.descriptionMaxLength, 'say what happened'),
  evidenceIds: z.array(z.string()).max(L.evidenceMaxPerComplaint, `at most ${L.evidenceMaxPerComplaint} photos`),
  idempotencyKey: text(8, L.idempotencyKeyMaxLength, 'must be at least 8 characters'),
  threadId: z.string().nullish(),
});
export type FileComplaintInput = z.infer<typeof fileComplaintSchema>;

export const complaintNoteSchema = z.object({ body: text(1, L.noteMaxLength) });

export const resolveComplaintSchema = z
  .object({
    kind: z.enum(['REFUND', 'RESHIP', 'REJECT']),
    refundCents: z.number().int('must be whole cents').positive('must be more than 0').nullish(),
    reason: z.string().trim().max(L.reasonMaxLength, `must be at most ${L.reasonMaxLength} characters`).nullish(),
    expectedVersion: z.number().int().positive().nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'REFUND' && input.refundCents == null) ctx.addIssue({ code: 'custom', path: ['refundCents'], message: 'a refund needs an amount' });
    if (input.kind === 'REJECT' && !input.reason?.trim()) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a rejection needs a reason' });
  });
