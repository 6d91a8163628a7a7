import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, loadLocale } from '#shared/i18n';
import { statusColors, statusLabelKey, statusTone } from './status';

const STATUSES = ['CREATED', 'DISPATCHED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const;

const zh = 'zh-CN' as const;
const en = 'en' as const;
/** The message in that language, or undefined when the key is missing there. */
const lookup = (locale: typeof zh | typeof en, key: string) =>
  i18n.global.te(key, locale) ? i18n.global.t(key, {}, { locale }) : undefined;

beforeAll(() => loadLocale('en'));

describe('shipment status', () => {
  it('has a label in both languages for every status ', () => {
    for (const status of STATUSES) {
      expect(lookup(zh, statusLabelKey(status)), status).toBeTypeOf('string');
      expect(lookup(en, statusLabelKey(status)), status).toBeTypeOf('string');
    }
    expect(lookup(zh, statusLabelKey('PICKED_UP'))).toBe('已揽收');
    expect(lookup(zh, statusLabelKey('OUT_FOR_DELIVERY'))).toBe('派送中');
  });

  it('groups statuses into tones with readable colours', () => {
    expect(statusTone('CREATED')).toBe('waiting');
    expect(statusTone('IN_TRANSIT')).toBe('moving');
    expect(statusTone('DELIVERED')).toBe('done');
    expect(statusTone('EXCEPTION')).toBe('problem');
    expect(statusColors('EXCEPTION')).toEqual({ background: '#fdecea', text: '#a3191b' });
  });
});
