import { describe, expect, it } from 'vitest';
import { reviewReady, type ReviewDraft } from './reviewReady';

const draft: ReviewDraft = { rating: 4, bodyLength: 10, arrivedShort: false, missingLines: 0, uploadedPhotos: 0, uploading: false, submitting: false };

describe('reviewReady', () => {
  it('needs stars, and text within 500 characters', () => {
    expect(reviewReady(draft)).toBe(true);
    expect(reviewReady({ ...draft, rating: 0 })).toBe(false);
    expect(reviewReady({ ...draft, bodyLength: 500 })).toBe(true);
    expect(reviewReady({ ...draft, bodyLength: 501 })).toBe(false);
  });

  it('waits for uploads and for an answer already on its way', () => {
    expect(reviewReady({ ...draft, uploading: true })).toBe(false);
    expect(reviewReady({ ...draft, submitting: true })).toBe(false);
  });

  it('with the arrived-short tag, needs a missing line and a photo', () => {
    const short = { ...draft, arrivedShort: true };
    expect(reviewReady(short)).toBe(false);
    expect(reviewReady({ ...short, missingLines: 1 })).toBe(false);
    expect(reviewReady({ ...short, uploadedPhotos: 1 })).toBe(false);
    expect(reviewReady({ ...short, missingLines: 1, uploadedPhotos: 1 })).toBe(true);
  });
});
