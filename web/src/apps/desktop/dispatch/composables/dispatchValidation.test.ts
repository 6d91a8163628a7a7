import { describe, expect, it } from 'vitest';
import { serverFieldMessage, validateDispatch, type DispatchFormValues } from './dispatchValidation';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const valid: DispatchFormValues = {
  courierId: 'c1',
  channel: 'PHONE',
  pickupAt: NOW + 3_600_000,
  pickupAddress: ' 上海市浦东新区张江路 88 号 ',
  note: '',
};

describe('validateDispatch', () => {
  it('accepts a complete form and trims what it sends', () => {
    const result = validateDispatch('s1', 3, valid, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toMatchObject({ shipmentId: 's1', courierId: 'c1', channel: 'PHONE', pickupAddress: '上海市浦东新区张江路 88 号', note: null, expectedVersion: 3 });
    expect(result.input.pickupAt.getTime()).toBe(NOW + 3_600_000);
  });

  it('names every missing field', () => {
    const result = validateDispatch('s1', 1, { ...valid, courierId: null, pickupAt: null, pickupAddress: '  ' }, NOW);
    expect(result).toEqual({
      ok: false,
      errors: {
        courierId: 'dispatch.form.errors.courierId',
        pickupAt: 'dispatch.form.errors.pickupAt',
        pickupAddress: 'dispatch.form.errors.pickupAddress',
      },
    });
  });

  it('treats an address of only invisible characters as missing, not as too long', () => {
    const result = validateDispatch('s1', 1, { ...valid, pickupAddress: '\u200b\u3000\ufeff' }, NOW);
    expect(result).toEqual({ ok: false, errors: { pickupAddress: 'dispatch.form.errors.pickupAddress' } });
  });

  it('refuses a pickup in the past and over-long text', () => {
    expect(validateDispatch('s1', 1, { ...valid, pickupAt: NOW - 3_600_000 }, NOW)).toEqual({
      ok: false,
      errors: { pickupAt: 'dispatch.form.errors.pickupPast' },
    });
    const long = validateDispatch('s1', 1, { ...valid, pickupAddress: '路'.repeat(201), note: 'x'.repeat(501) }, NOW);
    expect(long).toEqual({ ok: false, errors: { pickupAddress: 'dispatch.form.errors.pickupAddressLong', note: 'dispatch.form.errors.note' } });
  });
});

describe('a pickup "now" (此刻)', () => {
  it('is taken as the moment of sending when picked a little while ago, not refused as past', () => {
    const result = validateDispatch('s1', 1, { ...valid, pickupAt: NOW - 90_000 }, NOW);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.input.pickupAt.getTime()).toBe(NOW);
  });

  it('is still the past after several minutes', () => {
    expect(validateDispatch('s1', 1, { ...valid, pickupAt: NOW - 10 * 60_000 }, NOW)).toEqual({ ok: false, errors: { pickupAt: 'dispatch.form.errors.pickupPast' } });
  });
});

describe('serverFieldMessage', () => {
  it('explains a refusal the local checks could not foresee', () => {
    expect(serverFieldMessage('pickupAt')).toBe('dispatch.form.errors.pickupPast');
    expect(serverFieldMessage('courierId')).toBe('dispatch.form.errors.courierInvalid');
    expect(serverFieldMessage('pickupAddress')).toBe('dispatch.form.errors.pickupAddress');
  });
});
