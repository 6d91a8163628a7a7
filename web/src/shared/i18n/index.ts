import { LOCALES, Locale } from '@parceldesk/shared';
import { createI18n } from 'vue-i18n';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export { Locale, LOCALES };
export const DEFAULT_LOCALE: Locale = Locale.zh_CN;
export const LOCALE_STORAGE_KEY = 'parceldesk.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The viewer's saved choice, else Chinese. The browser language is deliberately not consulted: the
 * marketplace is Chinese-first and English is an opt-in.
 */
export function readStoredLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Locale {
  try {
    const stored = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // storage blocked (private mode, sandboxed iframe)
  }
}

// Messages are JSON precompiled by @intlify/unplugin-vue-i18n; `zhCN` is the schema of record.
export type MessageSchema = typeof zhCN;

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: readStoredLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [Locale.zh_CN]: zhCN, [Locale.en]: en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

/** Switch the UI language: messages, `<html lang>`, and the saved choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not persisted; the choice still holds for this page
  }
}
