/** Limits both sides read: the form shows them, the server enforces them. */
export const LIMITS = {
  passwordMinLength: 8,
  passwordMaxLength: 128,
  displayNameMaxLength: 40,
  noteMaxLength: 500,
  addressMaxLength: 200,
  locationMaxLength: 100,
  searchMaxLength: 64,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  weightGramsMax: 1_000_000,
  /** How long after delivery the buyer still sees the courier's full number. */
  courierContactHoursAfterDelivery: 24,
} as const;
