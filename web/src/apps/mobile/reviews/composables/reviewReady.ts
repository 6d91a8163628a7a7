import { REVIEW_LIMITS } from '@parceldesk/shared';

/** What the review form holds, as far as sending it is concerned. */
export interface ReviewDraft {
  rating: number;
  /** After trimming, as the server counts. */
  bodyLength: number;
  arrivedShort: boolean;
  missingLines: number;
  uploadedPhotos: number;
  uploading: boolean;
  submitting: boolean;
}

/**
 * Whether the form may be sent: stars chosen, text within the limit, no photo still uploading;
 * with the 少件 tag also a missing line and a photo, the complaint's own minimum.
 */
export function reviewReady(draft: ReviewDraft): boolean {
  if (draft.rating < REVIEW_LIMITS.ratingMin || draft.rating > REVIEW_LIMITS.ratingMax) return false;
  if (draft.bodyLength > REVIEW_LIMITS.bodyMaxLength || draft.uploading || draft.submitting) return false;
  return !draft.arrivedShort || (draft.missingLines > 0 && draft.uploadedPhotos > 0);
}
