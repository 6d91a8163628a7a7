import { describe, expect, it } from 'vitest';
import { formatCents, sumCents } from './money.js';
import { isValidPhone, maskPhone } from './phone.js';
import { loginSchema } from './schemas.js';

describe('phone helpers', () => {
  it('masks the middle four digits', () => {
    expect(maskPhone('13800000002')).toBe('138****0002');
  });
  it('accepts mainland mobile numbers only', () => {
    expect(isValidPhone('13800000001')).toBe(true);
    expect(isValidPhone('23800000001')).toBe(false);
    expect(isValidPhone('1380000000')).toBe(false);
  });
});

describe('money helpers', () => {
  it('formats cents as yuan in the viewer locale', () => {
    expect(formatCents(12345, 'zh-CN')).toBe('¥123.45');
    expect(formatCents(12345, 'en')).toContain('123.45');
  });
  it('adds cents without floating point drift', () => {
    expect(sumCents([10, 20, 70])).toBe(100);
  });
});

describe('login schema', () => {
  it('names the field that is wrong', () => {
    const result = loginSchema.safeParse({ phone: 'abc', password: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['phone']);
  });
});
