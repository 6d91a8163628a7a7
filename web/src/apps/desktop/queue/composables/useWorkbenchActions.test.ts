import { describe, expect, it } from 'vitest';
import { yuanToCents } from './useWorkbenchActions';

describe('yuanToCents', () => {
  it('turns typed yuan into whole cents and refuses what is not an amount', () => {
    expect(yuanToCents(59.9)).toBe(5990);
    expect(yuanToCents(0.1 + 0.2)).toBe(30);
    expect(yuanToCents(0)).toBeNull();
    expect(yuanToCents(null)).toBeNull();
    expect(yuanToCents(Number.NaN)).toBeNull();
  });
});
