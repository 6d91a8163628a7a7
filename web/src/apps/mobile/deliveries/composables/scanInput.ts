import '../locales';
import { LIMITS, parseWeight, trackingEventSchema, type DeliveryReceipt, type ShipmentStatus } from '@parceldesk/shared';

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

/**
 * What the dialog's fields mean for the scan, checked with the shared schema the server also uses.
 * The weight is typed in kg (or with a unit) and sent in grams; it may be left empty.
 */
export function checkScanInput(status: ShipmentStatus, fields: ScanFields): ScanCheck {
  let measuredWeightGrams: number | undefined;
  if (status === 'PICKED_UP') {
    const preview = weightPreview(fields.weight);
    if (preview && 'messageKey' in preview) return { ok: false, field: 'weight', messageKey: preview.messageKey };
    measuredWeightGrams = preview?.grams;
  }
  const note = fields.note.trim() || undefined;
  const isDelivery = status === 'DELIVERED';
  const receivedBy = isDelivery ? (fields.receivedBy ?? undefined) : undefined;
  if (isDelivery && !receivedBy) return { ok: false, field: 'receivedBy', messageKey: 'deliveries.scan.receiptRequired' };
  const pickupCode = receivedBy === 'LOCKER' ? fields.pickupCode?.trim() || undefined : undefined;
  const parsed = trackingEventSchema.safeParse({ shipmentId: 'x', status, measuredWeightGrams, note, receivedBy, pickupCode });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    if (field === 'note') return { ok: false, field, messageKey: note ? 'deliveries.scan.noteTooLong' : 'deliveries.scan.noteRequired' };
    if (field === 'pickupCode') return { ok: false, field, messageKey: 'deliveries.scan.pickupCodeRequired' };
    return { ok: false, field: 'weight', messageKey: 'deliveries.scan.weightInvalid' };
  }
  const extras: ScanExtras = {};
  if (measuredWeightGrams !== undefined) extras.measuredWeightGrams = measuredWeightGrams;
  if (note) extras.note = note;
  if (receivedBy) extras.receivedBy = receivedBy;
  if (pickupCode) extras.pickupCode = pickupCode;
  return { ok: true, extras };
}

export const NOTE_MAX = LIMITS.noteMaxLength;
export const PICKUP_CODE_MAX = LIMITS.pickupCodeMaxLength;
export const RECEIPTS: readonly DeliveryReceipt[] = ['RECIPIENT', 'PROXY', 'LOCKER'];

/** i18n key of the verb on the button a courier taps to record a status ("确认揽收"). */
export function statusActionKey(status: ShipmentStatus): string {
  return `shipment.action.${status}`;
}
