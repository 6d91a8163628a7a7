import { LIMITS, parseWeight, type DeliveryReceipt, type ShipmentStatus } from '@parceldesk/shared';

/**
 * Scans that ask the courier something first: the weight at pickup (optional), what went wrong
 * (required), and at delivery how the parcel was received (required, with a pickup code for a
 * locker or station): delivery is the one scan that cannot be undone, so it is never one tap.
 */
export type ScanInputKind = 'weight' | 'note' | 'receipt';
export function scanNeedsInput(status: ShipmentStatus): ScanInputKind | null {
  if (status === 'PICKED_UP') return 'weight';
  if (status === 'EXCEPTION') return 'note';
  if (status === 'DELIVERED') return 'receipt';
  return null;
}

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

/** i18n key of the verb on the button a courier taps to record a status ("确认揽收"). */
export function statusActionKey(status: ShipmentStatus): string {
  return `shipment.action.${status}`;
}
