import type { ShipmentStatus } from '@parceldesk/shared';

/**
 * How a parcel's status looks in both apps. The colours are our own (not the kits' tag presets,
 * whose white-on-green and white-on-orange miss WCAG AA): a tinted background with dark text.
 */
export type StatusTone = 'waiting' | 'moving' | 'arriving' | 'done' | 'problem';

const TONE: Readonly<Record<ShipmentStatus, StatusTone>> = {
  CREATED: 'waiting',
  DISPATCHED: 'moving',
  PICKED_UP: 'moving',
  IN_TRANSIT: 'moving',
  OUT_FOR_DELIVERY: 'arriving',
  DELIVERED: 'done',
  EXCEPTION: 'problem',
};

/** Background and text colour per tone; every pair is at least 4.5:1. */
export const TONE_COLORS: Readonly<Record<StatusTone, { background: string; text: string }>> = {
  waiting: { background: '#f2f3f5', text: '#3c3f45' },
  moving: { background: '#e8f0fe', text: '#1a4fa0' },
  arriving: { background: '#fff3e0', text: '#8a4100' },
  done: { background: '#e6f6ec', text: '#146c3a' },
  problem: { background: '#fdecea', text: '#a3191b' },
};

export function statusTone(status: ShipmentStatus): StatusTone {
  return TONE[status];
}

export function statusColors(status: ShipmentStatus): { background: string; text: string } {
  return TONE_COLORS[TONE[status]];
}

/** i18n key of a status ("已揽收" / "Picked up"). */
export function statusLabelKey(status: ShipmentStatus): string {
  return `shipment.status.${status}`;
}
