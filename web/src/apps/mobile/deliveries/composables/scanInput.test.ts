import { describe, expect, it } from 'vitest';
import { i18n } from '#shared/i18n';
import { checkScanInput, scanNeedsInput, statusActionKey } from './scanInput';

describe('scanNeedsInput', () => {
  it('asks for a weight at pickup and a note for an exception only', () => {
    expect(scanNeedsInput('PICKED_UP')).toBe('weight');
    expect(scanNeedsInput('EXCEPTION')).toBe('note');
    expect(scanNeedsInput('OUT_FOR_DELIVERY')).toBeNull();
  });
});

describe('checkScanInput', () => {
  it('accepts an empty or whole positive weight at pickup', () => {
    expect(checkScanInput('PICKED_UP', { weight: '', note: '' })).toEqual({ ok: true, extras: {} });
    expect(checkScanInput('PICKED_UP', { weight: ' 3200 ', note: '' })).toEqual({ ok: true, extras: { measuredWeightGrams: 3200 } });
  });

  it('rejects a weight that is not whole positive grams', () => {
    for (const weight of ['0', '-5', '1.5', 'abc', '2000000']) {
      expect(checkScanInput('PICKED_UP', { weight, note: '' }), weight).toMatchObject({ ok: false, field: 'weight' });
    }
  });

  it('needs a note for an exception', () => {
    expect(checkScanInput('EXCEPTION', { weight: '', note: '  ' })).toEqual({
      ok: false,
      field: 'note',
      messageKey: 'deliveries.scan.noteRequired',
    });
    expect(checkScanInput('EXCEPTION', { weight: '', note: '门牌不清' })).toEqual({ ok: true, extras: { note: '门牌不清' } });
    expect(checkScanInput('EXCEPTION', { weight: '', note: 'x'.repeat(501) })).toMatchObject({ messageKey: 'deliveries.scan.noteTooLong' });
  });
});

describe('statusActionKey', () => {
  it('names every scan button in both languages', () => {
    for (const status of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const) {
      expect(i18n.global.te(statusActionKey(status), 'zh-CN'), status).toBe(true);
      expect(i18n.global.te(statusActionKey(status), 'en'), status).toBe(true);
    }
    expect(i18n.global.t(statusActionKey('PICKED_UP'), {}, { locale: 'zh-CN' })).toBe('已揽收');
  });
});
