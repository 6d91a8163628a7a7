import { describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY, readStoredLocale, setLocale } from './index';

const storage = (value: string | null) => ({ getItem: () => value });

describe('locale choice', () => {
  it('defaults to Chinese and honours a saved valid choice only', () => {
    expect(readStoredLocale(storage(null))).toBe('zh-CN');
    expect(readStoredLocale(storage('en'))).toBe('en');
    expect(readStoredLocale(storage('fr'))).toBe('zh-CN');
    expect(
      readStoredLocale({
        getItem: () => {
          throw new Error('blocked');
        },
      }),
    ).toBe('zh-CN');
  });

  it('persists the choice and sets <html lang>', async () => {
    await setLocale('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await setLocale('zh-CN');
    expect(readStoredLocale()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
