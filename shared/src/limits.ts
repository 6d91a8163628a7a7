/** Limits both sides read: the form shows them, the server enforces them. */
export const LIMITS = {
  passwordMinLength: 8,
  passwordMaxLength: 128,
  displayNameMaxLength: 40,
  noteMaxLength: 500,
  addressMaxLength: 200,
  locationMaxLength: 100,
  searchMaxLength: 64,
  /** 快递柜/驿站 pickup codes are short (6-8 characters); leave room for a station's prefix. */
  pickupCodeMaxLength: 20,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  weightGramsMax: 1_000_000,
  /** How long after delivery the buyer still sees the courier's full number. */
  courierContactHoursAfterDelivery: 24,
} as const;

/** Complaints and their photo evidence (issue 7, DESIGN §4). */
export const COMPLAINT_LIMITS = {
  evidenceMaxBytes: 10 * 1024 * 1024,
  evidenceMaxFilesPerRequest: 9,
  evidenceMaxPerComplaint: 9,
  evidenceMinPerFiling: 1,
  /** Pixel floods: anything larger is refused from its header, before decoding. */
  evidenceMaxPixels: 40_000_000,
  evidenceDailyQuota: 60,
  thumbnailPx: 320,
  descriptionMaxLength: 1000,
  noteMaxLength: 1000,
  reasonMaxLength: 500,
  idempotencyKeyMaxLength: 64,
  /** An undisputed decision closes after this many days. */
  autoCloseDays: 7,
  /** Uploads never attached to a complaint are removed after this many hours. */
  unattachedUploadHours: 24,
  reviewMaxLength: 500,
} as const;
