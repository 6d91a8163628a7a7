import { describe, expect, it } from 'vitest';
import { formatCents, sumCents } from './money.js';
import { isValidPhone, maskPhone } from './phone.js';
import { dispatchShipmentSchema, loginSchema, trackingEventSchema } from './schemas.js';

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

describe('tracking event schema', () => {
  const base = { shipmentId: 's1' };
  it('asks for a note on an exception', () => {
    const result = trackingEventSchema.safeParse({ ...base, status: 'EXCEPTION' });
    expect(result.error?.issues[0]?.path).toEqual(['note']);
  });
  it('refuses a negative weight, naming the field', () => {
    const result = trackingEventSchema.safeParse({ ...base, status: 'PICKED_UP', measuredWeightGrams: -5 });
    expect(result.error?.issues[0]?.path).toEqual(['measuredWeightGrams']);
  });
  it('takes a weight only at pickup', () => {
    expect(trackingEventSchema.safeParse({ ...base, status: 'PICKED_UP', measuredWeightGrams: 900 }).success).toBe(true);
    expect(trackingEventSchema.safeParse({ ...base, status: 'DELIVERED', measuredWeightGrams: 900 }).success).toBe(false);
  });
  it('leaves DISPATCHED to the merchant', () => {
    expect(trackingEventSchema.safeParse({ ...base, status: 'DISPATCHED' }).error?.issues[0]?.path).toEqual(['status']);
  });
});

describe('dispatch schema', () => {
  it('needs a pickup address', () => {
    const result = dispatchShipmentSchema.safeParse({ shipmentId: 's', courierId: 'c', channel: 'APP', pickupAt: new Date(), pickupAddress: ' ' });
    expect(result.error?.issues[0]?.path).toEqual(['pickupAddress']);
  });
});
