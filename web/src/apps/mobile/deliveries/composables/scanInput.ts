import { LIMITS, parseWeight, type DeliveryReceipt } from '@parceldesk/shared';

// What the list needs before any tap lives in scanKinds (first load); the rest waits for the dialog.
export { scanNeedsInput, statusActionKey, type ScanInputKind } from './scanKinds';

export interface ScanFields {
  weight: string;
  note: string;
  receivedBy?: DeliveryReceipt | null;
  pickupCode?: string;
}
export type ScanField = 'weight' | 'note' | 'receivedBy' | 'pickupCode';
export type ScanExtras = { measuredWeightGrams?: number; note?: string; receivedBy?: DeliveryReceipt; pickupCode?: string };
export type ScanCheck = { ok: true; extras: ScanExtras } | { ok: false; field: ScanField; messageKey: string };

const WEIGHT_ERRORS = {
  unreadable: 'deliveries.scan.weightInvalid',
  notPositive: 'deliveries.scan.weightNotPositive',
  tooHeavy: 'deliveries.scan.weightTooHeavy',
} as const;

/** The grams a weight field will store, or the key of why it cannot be read; null while empty. */
export function weightPreview(text: string): { grams: number } | { messageKey: string } | null {
  const parsed = parseWeight(text);
  if (parsed.ok) return { grams: parsed.grams };
  return parsed.reason === 'empty' ? null : { messageKey: WEIGHT_ERRORS[parsed.reason] };
}

export const NOTE_MAX = LIMITS.noteMaxLength;
export const PICKUP_CODE_MAX = LIMITS.pickupCodeMaxLength;
export const RECEIPTS: readonly DeliveryReceipt[] = ['RECIPIENT', 'PROXY', 'LOCKER'];
