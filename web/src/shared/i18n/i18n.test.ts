import { describe, expect, it, vi } from 'vitest';
import { i18n, LOCALE_STORAGE_KEY, messagesReady, readStoredLocale, registerMessages, setLocale } from './index';

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

// vue-i18n is petite-vue-i18n here (see messageResolver.ts): nested keys and `te` are ours.
describe('messages on the petite runtime', () => {
  it('resolves nested keys, and only own properties', async () => {
    await setLocale('zh-CN');
    expect(i18n.global.t('error.CONFLICT')).toBe('内容已被他人修改，请刷新后重试');
    expect(i18n.global.t('error.toString')).toBe('error.toString');
    expect(i18n.global.t('error.CONFLICT.length')).toBe('error.CONFLICT.length');
  });

  it('answers te like vue-i18n: a message in that locale, not a branch, no fallback', async () => {
    const { te } = i18n.global as unknown as { te: (key: string, locale?: string) => boolean };
    expect(te('error.CONFLICT')).toBe(true);
    expect(te('error')).toBe(false);
    expect(te('error.NOPE')).toBe(false);
    registerMessages({ 'zh-CN': { zhOnly: { hi: '你好' } }, en: {} });
    expect(te('zhOnly.hi', 'en')).toBe(false);
    expect(te('zhOnly.hi', 'zh-CN')).toBe(true);
  });

  it('says so when code calls what petite-vue-i18n leaves out', () => {
    const composer = i18n.global as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => composer.d!(new Date())).toThrow(/not in petite-vue-i18n/);
    expect(() => composer.n!(1)).toThrow(/not in petite-vue-i18n/);
  });

  it("fetches a feature's English only once English is shown, and navigation can wait for it", async () => {
    // A fresh module: one where English has never been shown yet.
    vi.resetModules();
    const { i18n, messagesReady, registerMessages, setLocale } = await import('./index');
    await setLocale('zh-CN');
    const early = vi.fn(async () => ({ default: { early: { hi: 'Hello' } } }));
    registerMessages({ 'zh-CN': { early: { hi: '早' } }, en: early });
    expect(early).not.toHaveBeenCalled();
    expect(i18n.global.t('early.hi')).toBe('早');

    await setLocale('en');
    expect(early).toHaveBeenCalledTimes(1);
    expect(i18n.global.t('early.hi')).toBe('Hello');

    // A feature whose chunk arrives while English is shown: fetched at once; ready() waits for it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const late = vi.fn(async () => {
      await gate;
      return { default: { late: { hi: 'Late hello' } } };
    });
    registerMessages({ 'zh-CN': { late: { hi: '迟' } }, en: late });
    expect(late).toHaveBeenCalledTimes(1);
    let ready = false;
    const waiting = messagesReady().then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);
    expect(i18n.global.t('late.hi')).toBe('迟'); // the fallback, until it lands
    release();
    await waiting;
    expect(i18n.global.t('late.hi')).toBe('Late hello');

    // Back to Chinese and to English again: nothing is fetched twice.
    await setLocale('zh-CN');
    await setLocale('en');
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledTimes(1);
    await setLocale('zh-CN');
  });

  it('lets navigation go on when a feature fetch fails (its keys show in Chinese)', async () => {
    await setLocale('en');
    registerMessages({ 'zh-CN': { broken: { hi: '坏' } }, en: async () => Promise.reject(new Error('offline')) });
    await expect(messagesReady()).resolves.toBeUndefined();
    expect(i18n.global.t('broken.hi')).toBe('坏');
    await setLocale('zh-CN');
  });
});
