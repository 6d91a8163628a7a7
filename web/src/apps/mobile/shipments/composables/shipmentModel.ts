import type { ShipmentStatus } from '@parceldesk/shared';
import type { CourierContactQuery, ShipmentDetailQuery } from '#gql/graphql';

/** The parcel as the page shows it: the query's answer or a newer live copy. */
export type ShipmentDetail = ShipmentDetailQuery['shipment'];
type RawEvent = ShipmentDetail['events'][number];
type RawContact = CourierContactQuery['courierContact'];

/**
 * Which copy to show: the one with the higher `version` (every change bumps it, DESIGN §3). A copy
 * of another parcel (the route moved on) never wins.
 */
export function newerShipment<T extends { id: string; version: number }>(
  shown: T | null | undefined,
  incoming: T | null | undefined,
): T | undefined {
  if (!incoming) return shown ?? undefined;
  if (!shown) return incoming;
  if (incoming.id !== shown.id) return shown;
  return incoming.version > shown.version ? incoming : shown;
}

export interface TimelineEntry {
  id: string;
  status: ShipmentStatus;
  occurredAt: string;
  location: string | null;
  note: string | null;
  weightGrams: number | null;
  receivedBy: RawEvent['receivedBy'];
  pickupCode: string | null;
  recordedBy: string;
}

/** Events newest first (the API lists them oldest first); equal times keep their recorded order reversed. */
export function toTimeline(events: readonly RawEvent[]): TimelineEntry[] {
  return events
    .map((event, index) => ({ event, index, at: Date.parse(event.occurredAt) }))
    .sort((a, b) => b.at - a.at || b.index - a.index)
    .map(({ event }) => ({
      id: event.id,
      status: event.status,
      occurredAt: event.occurredAt,
      location: event.location,
      note: event.note,
      weightGrams: event.measuredWeightGrams,
      receivedBy: event.receivedBy ?? null,
      pickupCode: event.pickupCode ?? null,
      recordedBy: event.recordedBy.displayName,
    }));
}

export interface ItemLine {
  id: string;
  title: string;
  quantity: number;
}

export function toItemLines(items: ShipmentDetail['items']): ItemLine[] {
  return items.map((item) => ({ id: item.line.id, title: item.line.title, quantity: item.quantity }));
}

/** The courier card: nobody yet, a number to call, or a masked number and why. */
export type ContactCard =
  | { kind: 'none' }
  | { kind: 'callable'; name: string; phone: string; href: string }
  | { kind: 'masked'; name: string; phone: string; reasonKey: string };

export function toContactCard(contact: RawContact | undefined): ContactCard {
  if (!contact) return { kind: 'none' };
  if (contact.masked) {
    return { kind: 'masked', name: contact.displayName, phone: contact.phone, reasonKey: 'shipment.contact.maskedReason' };
  }
  return { kind: 'callable', name: contact.displayName, phone: contact.phone, href: `tel:${contact.phone.replace(/[^\d+]/g, '')}` };
}
