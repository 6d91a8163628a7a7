import { describe, expect, it } from 'vitest';
import { maskReviewerName, postReviewSchema, reviewReplySchema, roundedAverage } from './reviews.js';

const base = { orderId: 'o1', rating: 4 };

describe('postReviewSchema', () => {
  it('takes 1 to 5 whole stars and names the field otherwise', () => {
    expect(postReviewSchema.safeParse({ ...base, rating: 1 }).success).toBe(true);
    expect(postReviewSchema.safeParse({ ...base, rating: 5 }).success).toBe(true);
    for (const rating of [0, 6, 3.5]) {
      const result = postReviewSchema.safeParse({ ...base, rating });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(['rating']);
    }
  });

  it('counts the body after trimming: 500 visible characters pass, 501 do not', () => {
    const padded = postReviewSchema.safeParse({ ...base, body: `  \u200b${'好'.repeat(500)}\n ` });
    expect(padded.success).toBe(true);
    expect(padded.data!.body).toBe('好'.repeat(500));
    const long = postReviewSchema.safeParse({ ...base, body: '好'.repeat(501) });
    expect(long.error!.issues[0]!.path).toEqual(['body']);
  });

  it('needs missing lines with the arrived-short tag, and none without it', () => {
    expect(postReviewSchema.safeParse({ ...base, arrivedShort: true }).error!.issues[0]!.path).toEqual(['missingItems']);
    const stray = postReviewSchema.safeParse({ ...base, missingItems: [{ orderLineId: 'l', quantityMissing: 1 }] });
    expect(stray.error!.issues[0]!.path).toEqual(['missingItems']);
    expect(postReviewSchema.safeParse({ ...base, arrivedShort: true, missingItems: [{ orderLineId: 'l', quantityMissing: 1 }] }).success).toBe(true);
  });
});

describe('reviews helpers', () => {
  it('requires visible text in a reply', () => {
    expect(reviewReplySchema.safeParse({ body: ' \u200b ' }).success).toBe(false);
    expect(reviewReplySchema.safeParse({ body: '抱歉，已补发' }).success).toBe(true);
  });
  it('masks reviewer names and rounds averages to one decimal', () => {
    expect(maskReviewerName('买家小王')).toBe('买***王');
    expect(maskReviewerName('Li')).toBe('L***i');
    expect(maskReviewerName('王')).toBe('王***');
    expect(roundedAverage(0, 0)).toBeNull();
    expect(roundedAverage(13, 3)).toBe(4.3);
    expect(roundedAverage(9, 2)).toBe(4.5);
  });
});
