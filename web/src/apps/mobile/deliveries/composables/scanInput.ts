import '../locales';
import { LIMITS, trackingEventSchema, type ShipmentStatus } from '@parceldesk/shared';

/** Scans that ask the courier something first: the weight at pickup (optional), what went wrong (required). */
export function scanNeedsInput(status: ShipmentStatus): 'weight' | 'note' | null {
  if (status === 'PICKED_UP') return 'weight';
  if (status === 'EXCEPTION') return 'note';
  return null;
}

export type ScanExtras = { measuredWeightGrams?: number; note?: string };
export type ScanCheck = { ok: true; extras: ScanExtras } | { ok: false; field: 'weight' | 'note'; messageKey: string };

/**
 * What the dialog's fields mean for the scan, checked with the shared schema the server also uses.
 * The weight is whole grams and may be left empty; an exception needs a note.
 */
export function checkScanInput(status: ShipmentStatus, fields: { weight: string; note: string }): ScanCheck {
  const weightText = fields.weight.trim();
  let measuredWeightGrams: number | undefined;
  if (status === 'PICKED_UP' && weightText) {
    if (!/^\d+$/.test(weightText)) return { ok: false, field: 'weight', messageKey: 'deliveries.scan.weightInvalid' };
    measuredWeightGrams = Number(weightText);
  }
  const note = fields.note.trim() || undefined;
  const parsed = trackingEventSchema.safeParse({ shipmentId: 'x', status, measuredWeightGrams, note });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] === 'note' ? 'note' : 'weight';
    if (field === 'note') {
      return { ok: false, field, messageKey: note ? 'deliveries.scan.noteTooLong' : 'deliveries.scan.noteRequired' };
    }
    return { ok: false, field, messageKey: 'deliveries.scan.weightInvalid' };
  }
  return { ok: true, extras: { measuredWeightGrams, note } };
}

export const NOTE_MAX = LIMITS.noteMaxLength;

/** i18n key of the button a courier taps to record a status ("已揽收"). */
export function statusActionKey(status: ShipmentStatus): string {
  return `shipment.action.${status}`;
}
