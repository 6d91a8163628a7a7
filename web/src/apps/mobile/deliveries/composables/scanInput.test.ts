import { describe, expect, it } from 'vitest';
import { i18n, loadLocale } from '#shared/i18n';
import '../locales';
import { checkScanInput } from './scanCheck';
import { scanNeedsInput, statusActionKey, weightPreview } from './scanInput';

const fields = (over: Partial<Parameters<typeof checkScanInput>[1]> = {}) => ({ weight: '', note: '', ...over });

describe('scanNeedsInput', () => {
  it('asks for a weight at pickup, a note for an exception and the receipt at delivery', () => {
    expect(scanNeedsInput('PICKED_UP')).toBe('weight');
    expect(scanNeedsInput('EXCEPTION')).toBe('note');
    expect(scanNeedsInput('DELIVERED')).toBe('receipt');
    expect(scanNeedsInput('OUT_FOR_DELIVERY')).toBeNull();
  });
});

describe('checkScanInput: the pickup weight', () => {
  it('reads kilograms with decimals, units and full-width digits, and sends grams', () => {
    expect(checkScanInput('PICKED_UP', fields())).toEqual({ ok: true, extras: {} });
    expect(checkScanInput('PICKED_UP', fields({ weight: '1.5' }))).toEqual({ ok: true, extras: { measuredWeightGrams: 1500 } });
    expect(checkScanInput('PICKED_UP', fields({ weight: '2.6kg' }))).toEqual({ ok: true, extras: { measuredWeightGrams: 2600 } });
    expect(checkScanInput('PICKED_UP', fields({ weight: '2斤' }))).toEqual({ ok: true, extras: { measuredWeightGrams: 1000 } });
    expect(checkScanInput('PICKED_UP', fields({ weight: '１．２' }))).toEqual({ ok: true, extras: { measuredWeightGrams: 1200 } });
  });

  it('refuses what it cannot read, saying why, instead of rewriting it', () => {
    expect(checkScanInput('PICKED_UP', fields({ weight: 'abc' }))).toEqual({ ok: false, field: 'weight', messageKey: 'deliveries.scan.weightInvalid' });
    expect(checkScanInput('PICKED_UP', fields({ weight: '1,5' }))).toMatchObject({ ok: false, messageKey: 'deliveries.scan.weightInvalid' });
    expect(checkScanInput('PICKED_UP', fields({ weight: '0' }))).toMatchObject({ ok: false, messageKey: 'deliveries.scan.weightNotPositive' });
    expect(checkScanInput('PICKED_UP', fields({ weight: '2000' }))).toMatchObject({ ok: false, messageKey: 'deliveries.scan.weightTooHeavy' });
  });

  it('previews the grams that will be stored', () => {
    expect(weightPreview('1.5')).toEqual({ grams: 1500 });
    expect(weightPreview('')).toBeNull();
    expect(weightPreview('x')).toEqual({ messageKey: 'deliveries.scan.weightInvalid' });
  });
});

describe('checkScanInput: exception and delivery', () => {
  it('needs a note for an exception', () => {
    expect(checkScanInput('EXCEPTION', fields({ note: '  ' }))).toEqual({ ok: false, field: 'note', messageKey: 'deliveries.scan.noteRequired' });
    expect(checkScanInput('EXCEPTION', fields({ note: '门牌不清' }))).toEqual({ ok: true, extras: { note: '门牌不清' } });
    expect(checkScanInput('EXCEPTION', fields({ note: 'x'.repeat(501) }))).toMatchObject({ messageKey: 'deliveries.scan.noteTooLong' });
  });

  it('needs how a delivery was received, and a pickup code for a locker or station only', () => {
    expect(checkScanInput('DELIVERED', fields())).toEqual({ ok: false, field: 'receivedBy', messageKey: 'deliveries.scan.receiptRequired' });
    expect(checkScanInput('DELIVERED', fields({ receivedBy: 'LOCKER', pickupCode: ' ' }))).toEqual({
      ok: false,
      field: 'pickupCode',
      messageKey: 'deliveries.scan.pickupCodeRequired',
    });
    expect(checkScanInput('DELIVERED', fields({ receivedBy: 'LOCKER', pickupCode: ' 8-2-3071 ' }))).toEqual({
      ok: true,
      extras: { receivedBy: 'LOCKER', pickupCode: '8-2-3071' },
    });
    // A code typed before switching to 代收 is not sent.
    expect(checkScanInput('DELIVERED', fields({ receivedBy: 'PROXY', pickupCode: '1234', note: '门卫代收' }))).toEqual({
      ok: true,
      extras: { receivedBy: 'PROXY', note: '门卫代收' },
    });
  });
});

describe('statusActionKey', () => {
  it('names every scan button with a verb in both languages', async () => {
    await loadLocale('en'); // a feature's English is fetched once English is shown
    for (const status of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const) {
      expect(i18n.global.te(statusActionKey(status), 'zh-CN'), status).toBe(true);
      expect(i18n.global.te(statusActionKey(status), 'en'), status).toBe(true);
    }
    expect(i18n.global.t(statusActionKey('PICKED_UP'), {}, { locale: 'zh-CN' })).toBe('确认揽收');
    expect(i18n.global.t(statusActionKey('DELIVERED'), {}, { locale: 'zh-CN' })).toBe('确认签收');
  });
});
