import { describe, expect, it } from 'vitest';
import { dispatchShipmentSchema, loginSchema, merchantOrdersFilterSchema, trackingEventSchema } from './schemas.js';
import { multiLineText, singleLineText, trimInvisible } from './text.js';

const dispatch = (pickupAddress: string, note?: string) =>
  dispatchShipmentSchema.safeParse({ shipmentId: 's', courierId: 'c', channel: 'APP', pickupAt: new Date(), pickupAddress, note });

const firstIssue = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) => result.error?.issues[0];

describe('free text', () => {
  it('refuses NUL and other control characters in every text field, naming it', () => {
    expect(firstIssue(dispatch('仓库\u0000一号门'))).toMatchObject({ path: ['pickupAddress'], message: 'must not contain control characters' });
    expect(firstIssue(dispatch('仓库', 'a\u001b[31m'))?.path).toEqual(['note']);
    const scan = trackingEventSchema.safeParse({ shipmentId: 's', status: 'IN_TRANSIT', location: '杭州\u0000' });
    expect(firstIssue(scan)?.path).toEqual(['location']);
    expect(firstIssue(merchantOrdersFilterSchema.safeParse({ search: '138\u0000' }))?.path).toEqual(['search']);
    expect(singleLineText(10).safeParse('a\u007fb').success).toBe(false);
    expect(singleLineText(10).safeParse('a\u0085b').success).toBe(false);
  });

  it('refuses a lone surrogate but keeps emoji', () => {
    expect(singleLineText(10).safeParse('a\ud800b').success).toBe(false);
    expect(singleLineText(10).safeParse('📦👍🏽').data).toBe('📦👍🏽');
  });

  it('treats a pickup address of only invisible characters as missing', () => {
    for (const blank of ['\u200b\u200b', '\ufeff', '\u3000 \u00a0', '\u200d\u2060\u00ad', '\u3164', '\u2800', '\u202e\u200e']) {
      expect(firstIssue(dispatch(blank)), JSON.stringify(blank)).toMatchObject({ path: ['pickupAddress'], message: 'is required' });
    }
  });

  it('trims whitespace and invisible characters at the ends only', () => {
    expect(trimInvisible('\u200b 仓库\u200d一号门 \ufeff')).toBe('仓库\u200d一号门');
    expect(dispatch(' \u200b仓库 1 号门\u200b ').data?.pickupAddress).toBe('仓库 1 号门');
  });

  it('folds line breaks in single-line fields and keeps them in notes', () => {
    expect(dispatch('杭州\r\n西湖区\t1 号', '第一行\n第二行').data).toMatchObject({ pickupAddress: '杭州 西湖区 1 号', note: '第一行\n第二行' });
    expect(multiLineText(20).safeParse(' a\n\tb ').data).toBe('a\n\tb');
  });

  it('counts the limit after cleaning', () => {
    expect(singleLineText(3).safeParse('  abc  ').success).toBe(true);
    expect(singleLineText(3).safeParse('abcd').error?.issues[0]?.message).toBe('must be at most 3 characters');
  });

  it('asks for an exception note with something visible in it', () => {
    const result = trackingEventSchema.safeParse({ shipmentId: 's', status: 'EXCEPTION', note: '\u200b\u200b' });
    expect(firstIssue(result)?.path).toEqual(['note']);
  });
});

describe('login phone', () => {
  it('trims spaces around the phone number', () => {
    expect(loginSchema.parse({ phone: '  13800000001 ', password: 'x' }).phone).toBe('13800000001');
  });
});
