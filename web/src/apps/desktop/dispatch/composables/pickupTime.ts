import { addYears, isValid, parse } from 'date-fns';
import { fromZonedTime, toZonedTime } from 'date-fns-tz';

/**
 * Typed pickup times as merchants write them, read in the viewer's zone (Beijing by default):
 * `2026-11-28 10:00`, `2026/11/28 10:00`, `11-28 10:00`, `11月28日 10:00`, `10:00` (today),
 * with or without seconds, full-width digits and colons (中文输入法) alike. date-fns reads each
 * pattern strictly (the whole text must match); the zone conversion is date-fns-tz's, both of
 * which Naive UI's date picker already brings to the desk.
 */
const PATTERNS = [
  'yyyy-M-d H:mm:ss',
  'yyyy-M-d H:mm',
  'yyyy/M/d H:mm:ss',
  'yyyy/M/d H:mm',
  "yyyy年M月d日 H:mm",
  "yyyy年M月d日H:mm",
  'M-d H:mm',
  'M/d H:mm',
  "M月d日 H:mm",
  "M月d日H:mm",
  'H:mm',
  'H:mm:ss',
] as const;

/** Full-width forms (０-９, ：, －, ／, ideographic space) to their ASCII twins; spaces squeezed. */
export function normalizeTyped(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\s]+/g, ' ')
    .replace(/\s*([:\-/])\s*/g, '$1')
    .trim();
}

/**
 * The instant (epoch ms) a typed time means in `zone`, or null when it cannot be read. A date
 * without a year that has already passed this year means next year (typing "01-05" in December).
 */
export function parsePickupTime(text: string, zone: string, now: number = Date.now()): number | null {
  const typed = normalizeTyped(text);
  if (!typed) return null;
  // Wall-clock "now" in the zone, as a Date whose local fields are the zone's (date-fns works on those).
  const reference = toZonedTime(now, zone);
  reference.setSeconds(0, 0);
  for (const pattern of PATTERNS) {
    let wall = parse(typed, pattern, reference);
    if (!isValid(wall)) continue;
    if (!pattern.includes('yyyy') && pattern.includes('d') && wall.getTime() < reference.getTime() - 24 * 3_600_000) wall = addYears(wall, 1);
    return fromZonedTime(wall, zone).getTime();
  }
  return null;
}

/** Naive's date picker works in the browser's zone: the instant shown so its fields read as in `zone`… */
export function toPickerValue(instant: number | null, zone: string): number | null {
  return instant === null ? null : toZonedTime(instant, zone).getTime();
}

/**
 * …and back: what the picker's fields mean in `zone`. Except its 此刻/Now button, which hands over
 * the real present (Date.now(), seconds cleared), not fields to read in the zone: on a Berlin desk
 * showing Beijing time, reading it as Beijing fields would put "now" seven hours in the past.
 */
export function fromPickerValue(value: number | null, zone: string, now: number = Date.now()): number | null {
  if (value === null) return null;
  if (Math.abs(value - now) < 60_000) return now;
  return fromZonedTime(new Date(value), zone).getTime();
}

/** Pickup "now" (此刻/Now) is taken as now, not refused: a time this little in the past is the form's own delay. */
export const PICKUP_NOW_TOLERANCE_MS = 5 * 60_000;

/** What to send for a chosen pickup: a just-passed "now" becomes the moment of sending. */
export function pickupToSend(instant: number, now: number = Date.now()): number {
  return instant < now && instant >= now - PICKUP_NOW_TOLERANCE_MS ? now : instant;
}
