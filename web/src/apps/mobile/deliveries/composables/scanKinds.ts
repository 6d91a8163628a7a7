import type { ShipmentStatus } from '@parceldesk/shared';

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

/** i18n key of the verb on the button a courier taps to record a status ("确认揽收"). */
export function statusActionKey(status: ShipmentStatus): string {
  return `shipment.action.${status}`;
}
