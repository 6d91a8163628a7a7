import { describe, expect, it } from 'vitest';
import { formatWeight } from './weight';

describe('formatWeight', () => {
  it('shows grams under a kilo and kilos above', () => {
    expect(formatWeight(700, 'en')).toBe('700 g');
    expect(formatWeight(3200, 'en')).toBe('3.2 kg');
    expect(formatWeight(1250, 'zh-CN')).toMatch(/1\.25\s?(千克|kg)/);
  });
});
