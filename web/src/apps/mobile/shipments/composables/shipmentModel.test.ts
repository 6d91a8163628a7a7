import { describe, expect, it } from 'vitest';
import { newerShipment, toContactCard, toTimeline } from './shipmentModel';

const event = (id: string, status: string, occurredAt: string) => ({
  id,
  status: status as never,
  occurredAt,
  location: null,
  note: null,
  measuredWeightGrams: id === 'b' ? 1200 : null,
  receivedBy: id === 'd' ? ('LOCKER' as const) : null,
  pickupCode: id === 'd' ? '8-2-3071' : null,
  recordedBy: { id: 'u', displayName: '派件员老李' },
});

describe('newerShipment', () => {
  const v1 = { id: 's1', version: 1 };
  const v2 = { id: 's1', version: 2 };

  it('keeps the copy with the higher version, whichever arrives first', () => {
    expect(newerShipment(v1, v2)).toBe(v2);
    expect(newerShipment(v2, v1)).toBe(v2);
    expect(newerShipment(v1, { ...v1 })).toBe(v1);
  });

  it('shows whatever exists and ignores copies of another parcel', () => {
    expect(newerShipment(undefined, v1)).toBe(v1);
    expect(newerShipment(v1, null)).toBe(v1);
    expect(newerShipment(undefined, undefined)).toBeUndefined();
    expect(newerShipment(v1, { id: 'other', version: 9 })).toBe(v1);
  });
});

describe('toTimeline', () => {
  it('lists events newest first with who recorded them', () => {
    const timeline = toTimeline([
      event('a', 'DISPATCHED', '2026-11-26T08:00:00Z'),
      event('b', 'PICKED_UP', '2026-11-26T09:00:00Z'),
      event('c', 'OUT_FOR_DELIVERY', '2026-11-26T09:00:00Z'),
    ]);
    expect(timeline.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(timeline[1]).toMatchObject({ status: 'PICKED_UP', weightGrams: 1200, recordedBy: '派件员老李' });
  });

  it('carries how a delivery was received and its pickup code', () => {
    const [delivered] = toTimeline([event('d', 'DELIVERED', '2026-11-26T10:00:00Z')]);
    expect(delivered).toMatchObject({ receivedBy: 'LOCKER', pickupCode: '8-2-3071' });
  });
});

describe('toContactCard', () => {
  it('says nobody before dispatch, a tel: link when shown in full, the reason when masked', () => {
    expect(toContactCard(null)).toEqual({ kind: 'none' });
    const base = { courierId: 'c', displayName: '派件员老李', revealedUntil: null };
    expect(toContactCard({ ...base, phone: '13800000002', masked: false })).toEqual({
      kind: 'callable',
      name: '派件员老李',
      phone: '13800000002',
      href: 'tel:13800000002',
    });
    expect(toContactCard({ ...base, phone: '138****0002', masked: true })).toMatchObject({ kind: 'masked', phone: '138****0002' });
  });
});
