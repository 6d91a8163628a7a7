import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** Times arrive as ISO-8601 strings (`DateTimeISO`); everything here shows them in the viewer's locale and zone. */
export type DateInput = string | number | Date;

export interface FormatOptions {
  /** IANA zone; the viewer's own when omitted (tests pin it). */
  timeZone?: string;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
    relativeFormats.set(locale, format);
  }
  return format;
}

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "2025/3/9 14:05" (zh-CN), "Mar 9, 2025, 2:05 PM" (en). Empty for an unparseable value. */
export function formatDateTime(value: DateInput, locale: string, { timeZone }: FormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Date only: "2025年3月9日" (zh-CN), "Mar 9, 2025" (en). */
export function formatDate(value: DateInput, locale: string, { timeZone }: FormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "3 分钟前" / "3 minutes ago", "2 小时后" / "in 2 hours" (SLA due times lie ahead). Under 45 s
 * it says "现在"/"now"; beyond a week the absolute date is clearer than "5 weeks ago".
 */
export function formatRelative(
  value: DateInput,
  locale: string,
  now: DateInput = Date.now(),
  options: FormatOptions = {},
): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const seconds = Math.round((date.getTime() - toDate(now).getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = relativeFormat(locale);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * MINUTE) return rtf.format(Math.round(seconds / MINUTE), 'minute');
  if (abs < 22 * HOUR) return rtf.format(Math.round(seconds / HOUR), 'hour');
  if (abs < 7 * DAY) return rtf.format(Math.round(seconds / DAY), 'day');
  return formatDate(date, locale, options);
}

/** The helpers bound to the current UI locale, for templates. */
export function useDateFormat() {
  const { locale } = useI18n();
  const current = computed(() => locale.value);
  return {
    formatDateTime: (value: DateInput) => formatDateTime(value, current.value),
    formatDate: (value: DateInput) => formatDate(value, current.value),
    formatRelative: (value: DateInput, now?: DateInput) => formatRelative(value, current.value, now),
  };
}
