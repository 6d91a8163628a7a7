import { LOCALES, Locale } from '@parceldesk/shared';
import { createI18n } from 'vue-i18n';
import { isMessage, resolveMessage } from './messageResolver';
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

type Messages = Record<string, unknown>;
/** A locale's messages: there already, or fetched when that locale is first shown. */
type MessageSource = Messages | (() => Promise<{ default: Messages }>);
/** A feature's messages per locale. Chinese should be eager (most viewers), English a loader. */
export type FeatureMessages = Record<Locale, MessageSource>;

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: readStoredLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [Locale.zh_CN]: zhCN } as Record<Locale, MessageSchema>,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

// The other: `te` (is there a message under this key, in this locale, fallback not consulted, as
// in vue-i18n). petite's types declare it but its runtime has none; useI18n() answers the global
// composer, so components that destructure `te` get this one.
const composer = i18n.global as typeof i18n.global & Record<string, unknown> & { te?: (key: string, locale?: Locale) => boolean };
composer.te ??= (key: string, locale: Locale = composer.locale.value) =>
  isMessage(resolveMessage(composer.getLocaleMessage(locale), key));
// The rest of what its types declare and its runtime lacks fails loudly instead of "is not a function".
for (const name of ['d', 'n', 'tm', 'rt']) {
  composer[name] ??= () => {
    throw new Error(`useI18n().${name} is not in petite-vue-i18n (our vue-i18n): format dates with #shared/format/datetime, money with formatCents`);
  };
}

/**
 * Chinese ships with the core; English is fetched the first time someone picks it (most viewers
 * never do, so their first load does not carry it). Feature messages merge in beside either.
 */
const loadShared: Record<Locale, () => Promise<MessageSchema>> = {
  [Locale.zh_CN]: async () => zhCN,
  [Locale.en]: async () => (await import('./locales/en.json')).default as unknown as MessageSchema,
};
/** Locales shown (or being fetched) so far: a feature registered later merges its messages for these at once. */
const loaded = new Map<Locale, Promise<void>>();
const features: FeatureMessages[] = [];
/** Feature messages on their way; navigation waits for them (`messagesReady`). */
const inFlight = new Set<Promise<void>>();

function merge(locale: Locale, messages: Messages): void {
  i18n.global.mergeLocaleMessage(locale, messages as MessageSchema);
}

function mergeFeature(locale: Locale, source: MessageSource): Promise<void> {
  if (typeof source !== 'function') {
    merge(locale, source);
    return Promise.resolve();
  }
  const pending = source().then((module) => merge(locale, module.default));
  inFlight.add(pending);
  const settle = () => inFlight.delete(pending);
  pending.then(settle, settle);
  return pending;
}

/**
 * A feature's own messages, merged in when its chunk loads (each feature keeps `locales/` beside
 * its routes), so the first load of every page carries only the shared ones. A locale given as a
 * loader is fetched only once someone shows that locale: a Chinese viewer never downloads a
 * feature's English.
 */
export function registerMessages(messages: FeatureMessages): void {
  features.push(messages);
  const now = new Set<Locale>([DEFAULT_LOCALE, ...loaded.keys()]);
  for (const locale of now) void mergeFeature(locale, messages[locale]).catch(() => {});
}

/**
 * Resolves once the feature messages registered so far are in place (English fetched after the
 * feature's chunk). The router waits for it before showing a page, so a page never flashes the
 * fallback language. A failed fetch does not hold navigation: those keys show in Chinese.
 */
export function messagesReady(): Promise<void> {
  return Promise.allSettled([...inFlight]).then(() => undefined);
}

/** The messages of `locale` (shared and every registered feature's), loaded once; resolves when they are in place. */
export function loadLocale(locale: Locale): Promise<void> {
  let pending = loaded.get(locale);
  if (!pending) {
    const shared = loadShared[locale]().then((messages) => merge(locale, messages as Messages));
    const registered = locale === DEFAULT_LOCALE ? [] : features.map((feature) => mergeFeature(locale, feature[locale]));
    pending = Promise.all([shared, ...registered]).then(
      () => undefined,
      (error: unknown) => {
        loaded.delete(locale); // offline: the next attempt fetches again
        throw error;
      },
    );
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
