import { LIMITS } from './limits.js';

/**
 * What a courier types at the scale, read as grams (DESIGN §3b: weights are stored in grams, people
 * type kg with decimals or 斤). Plain numbers are kilograms: couriers read kg off their scales.
 */
const UNIT_GRAMS: Record<string, number> = {
  kg: 1000,
  千克: 1000,
  公斤: 1000,
  g: 1,
  克: 1,
  斤: 500,
  两: 50,
};


export type WeightParse =
  | { ok: true; grams: number }
  | { ok: false; reason: 'empty' | 'unreadable' | 'notPositive' | 'tooHeavy' };

const PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*(kg|千克|公斤|g|克|斤|两)?$/;

/**
 * "1.5" → 1500 g, "2.6kg" → 2600, "2斤" → 1000, "３．２公斤" → 3200 (full-width forms are folded
 * first), "800g" → 800. Anything else (commas, two numbers, unknown units, a sign) is refused
 * rather than guessed: this weight is the evidence in short-shipment complaints. Fractions of a
 * gram round to the nearest gram.
 */
export function parseWeight(text: string): WeightParse {
  const folded = text.normalize('NFKC').trim().toLowerCase();
  if (!folded) return { ok: false, reason: 'empty' };
  const match = PATTERN.exec(folded);
  if (!match) return { ok: false, reason: 'unreadable' };
  const factor = UNIT_GRAMS[match[2] ?? 'kg']!;
  const grams = Math.round(Number(match[1]) * factor);
  if (!Number.isFinite(grams) || grams <= 0) return { ok: false, reason: 'notPositive' };
  if (grams > LIMITS.weightGramsMax) return { ok: false, reason: 'tooHeavy' };
  return { ok: true, grams };
}
