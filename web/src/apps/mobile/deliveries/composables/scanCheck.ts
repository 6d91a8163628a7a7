import { trackingEventSchema, type ShipmentStatus } from '@parceldesk/shared';
import { weightPreview, type ScanCheck, type ScanExtras, type ScanFields } from './scanInput';

// Loaded when a courier confirms a dialog, not with the list: the shared schema brings zod, which
// the courier's first screen does not need.

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

