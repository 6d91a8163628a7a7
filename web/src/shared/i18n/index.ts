import { LOCALES, Locale } from '@parceldesk/shared';
import { createI18n } from 'vue-i18n';
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

/**
 * Chinese ships with the core; English is fetched the first time someone picks it (most viewers
 * never do, so their first load does not carry it). Feature messages merge in beside either.
 */
const loadShared: Record<Locale, () => Promise<MessageSchema>> = {
  [Locale.zh_CN]: async () => zhCN,
  [Locale.en]: async () => (await import('./locales/en.json')).default as unknown as MessageSchema,
};
const loaded = new Map<Locale, Promise<void>>();

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: readStoredLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [Locale.zh_CN]: zhCN } as Record<Locale, MessageSchema>,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

/**
 * A feature's own messages, merged in when its chunk loads (each feature keeps `locales/` beside
 * its routes), so the first load of every page carries only the shared ones.
 */
export function registerMessages(messages: Record<Locale, Record<string, unknown>>): void {
  for (const locale of LOCALES) i18n.global.mergeLocaleMessage(locale, messages[locale] as MessageSchema);
}

/** The shared messages of `locale`, loaded once; resolves when they are in place. */
export function loadLocale(locale: Locale): Promise<void> {
  let pending = loaded.get(locale);
  if (!pending) {
    pending = loadShared[locale]().then((messages) => i18n.global.mergeLocaleMessage(locale, messages));
    loaded.set(locale, pending);
  }
  return pending;
}

/**
 * Switch the UI language: messages, `<html lang>`, and the saved choice. The switch happens once
 * that language's messages are there (at once for Chinese); the returned promise says when.
 */
export function setLocale(locale: Locale): Promise<void> {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not persisted; the choice still holds for this page
  }
  return loadLocale(locale).then(() => {
    i18n.global.locale.value = locale;
  });
}
