import type { z as zodTypes } from 'zod';
import { COMPLAINT_LIMITS } from './limits.js';
import { multiLineText, requiredText } from './text.js';
import { z } from './zod.js';

/** 在线评价: what a review may hold. */
export const REVIEW_LIMITS = {
  ratingMin: 1,
  ratingMax: 5,
  /** Counted after trimming (whitespace and invisible characters at both ends). */
  bodyMaxLength: 500,
  replyMaxLength: 500,
  photosMax: COMPLAINT_LIMITS.evidenceMaxPerComplaint,
} as const;

const missingItem = z.object({ orderLineId: z.string().min(1), quantityMissing: z.number().int('must be a whole number') });

/**
 * The buyer's review form. The "arrived short" tag (少件) names the missing lines, as the complaint
 * form does; it opens or joins the order's short-shipment case, so its photo and quantity rules
 * are the complaint's (checked by the complaint service, not repeated here).
 */
export const postReviewSchema = z
  .object({
    orderId: z.string().min(1),
    rating: z
      .number()
      .int('must be a whole number of stars')
      .min(REVIEW_LIMITS.ratingMin, `from ${REVIEW_LIMITS.ratingMin} to ${REVIEW_LIMITS.ratingMax} stars`)
      .max(REVIEW_LIMITS.ratingMax, `from ${REVIEW_LIMITS.ratingMin} to ${REVIEW_LIMITS.ratingMax} stars`),
    body: multiLineText(REVIEW_LIMITS.bodyMaxLength).nullish(),
    evidenceIds: z.array(z.string()).max(REVIEW_LIMITS.photosMax, `at most ${REVIEW_LIMITS.photosMax} photos`).nullish(),
    arrivedShort: z.boolean().nullish(),
    missingItems: z.array(missingItem).nullish(),
  })
  .superRefine((input, ctx) => {
    const items = input.missingItems ?? [];
    if (input.arrivedShort && items.length === 0) ctx.addIssue({ code: 'custom', path: ['missingItems'], message: 'name at least one missing item' });
    if (!input.arrivedShort && items.length > 0) ctx.addIssue({ code: 'custom', path: ['missingItems'], message: 'only with the arrived-short tag' });
  });
export type PostReviewInput = zodTypes.infer<typeof postReviewSchema>;

export const reviewReplySchema = z.object({ body: requiredText(multiLineText(REVIEW_LIMITS.replyMaxLength)) });

/** A reviewer as other shoppers see them: the first and last character, the rest hidden (买***王). */
export function maskReviewerName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '***';
  if (chars.length === 1) return `${chars[0]}***`;
  return `${chars[0]}***${chars[chars.length - 1]}`;
}

/** The store's average to one decimal, as shown (4.35 → 4.4); null without reviews. */
export function roundedAverage(sum: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round((sum / count) * 10) / 10;
}
