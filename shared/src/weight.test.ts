import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { parseWeight } from './weight.js';

const grams = (text: string) => {
  const result = parseWeight(text);
  return result.ok ? result.grams : result.reason;
};

describe('parseWeight', () => {
  it('reads a plain number as kilograms, decimals included', () => {
    expect(grams('1.5')).toBe(1500);
    expect(grams('2')).toBe(2000);
    expect(grams('.75')).toBe(750);
    expect(grams('1.')).toBe(1000);
    expect(grams(' 0.35 ')).toBe(350);
  });

  it('reads kg, 公斤, 千克, g, 克, 斤 and 两 with or without a space', () => {
    expect(grams('2.6kg')).toBe(2600);
    expect(grams('2.6 KG')).toBe(2600);
    expect(grams('3公斤')).toBe(3000);
    expect(grams('1.2千克')).toBe(1200);
    expect(grams('800g')).toBe(800);
    expect(grams('800 克')).toBe(800);
    expect(grams('2斤')).toBe(1000);
    expect(grams('2.5斤')).toBe(1250);
    expect(grams('3两')).toBe(150);
  });

  it('folds full-width digits, points and letters', () => {
    expect(grams('１．５')).toBe(1500);
    expect(grams('２ｋｇ')).toBe(2000);
    expect(grams('３斤')).toBe(1500);
  });

  it('rounds fractions of a gram without floating-point drift', () => {
    expect(grams('1.1')).toBe(1100);
    expect(grams('0.0015')).toBe(2);
    expect(grams('1.2344')).toBe(1234);
  });

  it('refuses what it cannot read instead of guessing', () => {
    for (const text of ['abc', '1,5', '1.5.2', '-1', '+2', '1 2', 'kg', '2lb', '1e3', '½', '2斤3两']) {
      expect(grams(text), text).toBe('unreadable');
    }
    expect(grams('')).toBe('empty');
    expect(grams('   ')).toBe('empty');
  });

  it('refuses zero and more than the limit', () => {
    expect(grams('0')).toBe('notPositive');
    expect(grams('0.0001')).toBe('notPositive');
    expect(grams(String(LIMITS.weightGramsMax / 1000))).toBe(LIMITS.weightGramsMax);
    expect(grams(`${LIMITS.weightGramsMax + 1}g`)).toBe('tooHeavy');
  });
});
