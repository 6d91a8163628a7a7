import { describe, expect, it } from 'vitest';
import { fromPickerValue, normalizeTyped, parsePickupTime, pickupToSend, toPickerValue, PICKUP_NOW_TOLERANCE_MS } from './pickupTime';

const SHANGHAI = 'Asia/Shanghai';
// 2026-11-27 16:00 in Shanghai.
const NOW = Date.parse('2026-11-27T08:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('parsePickupTime', () => {
  it('reads the formats merchants type, in Beijing time', () => {
    const tomorrowTen = at('2026-11-28T02:00:00Z');
    expect(parsePickupTime('2026-11-28 10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('2026-11-28 10:00:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('2026/11/28 10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('11-28 10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('11/28 10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('11月28日 10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    expect(parsePickupTime('2026年11月28日10:00', SHANGHAI, NOW)).toBe(tomorrowTen);
    // A time alone is today.
    expect(parsePickupTime('18:30', SHANGHAI, NOW)).toBe(at('2026-11-27T10:30:00Z'));
  });

  it('reads full-width digits, colons and spaces (Chinese input methods)', () => {
    expect(normalizeTyped('２０２６－１１－２８　１０：００')).toBe('2026-11-28 10:00');
    expect(parsePickupTime('１１－２８　１０：００', SHANGHAI, NOW)).toBe(at('2026-11-28T02:00:00Z'));
    expect(parsePickupTime('１８：３０', SHANGHAI, NOW)).toBe(at('2026-11-27T10:30:00Z'));
    expect(parsePickupTime(' 2026-11-28  10 : 00 ', SHANGHAI, NOW)).toBe(at('2026-11-28T02:00:00Z'));
  });

  it('means the viewer’s zone: 10:00 typed in Berlin time is 17:00 in Beijing', () => {
    expect(parsePickupTime('2026-11-28 10:00', 'Europe/Berlin', NOW)).toBe(at('2026-11-28T09:00:00Z'));
  });

  it('rolls a date without a year that has passed into next year', () => {
    expect(parsePickupTime('01-05 09:00', SHANGHAI, NOW)).toBe(at('2027-01-05T01:00:00Z'));
  });

  it('refuses what it cannot read rather than guessing', () => {
    for (const text of ['', 'tomorrow', '2026-13-01 10:00', '11-28', '25:00', '10点', '2026-11-28 10:00 extra']) {
      expect(parsePickupTime(text, SHANGHAI, NOW), text).toBeNull();
    }
  });
});

describe('the picker in the viewer’s zone', () => {
  it('shows a Beijing instant with Beijing fields, and reads them back', () => {
    const tenBeijing = at('2026-11-28T02:00:00Z');
    const shown = new Date(toPickerValue(tenBeijing, SHANGHAI)!);
    expect([shown.getHours(), shown.getMinutes()]).toEqual([10, 0]);
    expect(fromPickerValue(shown.getTime(), SHANGHAI)).toBe(tenBeijing);
    expect(toPickerValue(null, SHANGHAI)).toBeNull();
  });

  it('takes the picker’s 此刻/Now as the present, whatever zone is shown', () => {
    // The button gives Date.now() with the seconds cleared.
    expect(fromPickerValue(NOW - 30_000, SHANGHAI, NOW)).toBe(NOW);
    expect(fromPickerValue(NOW - 30_000, 'Europe/Berlin', NOW)).toBe(NOW);
  });
});

describe('pickupToSend', () => {
  it('takes a just-passed "now" as the moment of sending, and leaves other times alone', () => {
    expect(pickupToSend(NOW - 30_000, NOW)).toBe(NOW);
    expect(pickupToSend(NOW - PICKUP_NOW_TOLERANCE_MS, NOW)).toBe(NOW);
    expect(pickupToSend(NOW + 3_600_000, NOW)).toBe(NOW + 3_600_000);
    expect(pickupToSend(NOW - PICKUP_NOW_TOLERANCE_MS - 1, NOW)).toBe(NOW - PICKUP_NOW_TOLERANCE_MS - 1);
  });
});
