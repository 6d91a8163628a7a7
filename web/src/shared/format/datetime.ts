import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * Every time the app shows goes through here. Times arrive as ISO-8601 strings (`DateTimeISO`) and
 * are shown in the viewer's locale and in *their* time zone: a setting kept in this browser,
 * Beijing time unless changed (the stores, couriers and buyers are in China; a desk abroad still
 * means Beijing hours). When that zone is not the browser's own, times carry its name.
 */
export type DateInput = string | number | Date;

export interface FormatOptions {
  /** IANA zone; the browser's own when omitted (tests pin it). */
  timeZone?: string;
  /** Append the zone's name ("北京时间", "CST", "GMT+1"). */
  label?: boolean;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const TIME_ZONE_KEY = 'pd.timeZone';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

function storedTimeZone(): string {
  try {
    const zone = localStorage.getItem(TIME_ZONE_KEY);
    return zone && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The viewer's zone (reactive: every formatted time follows a change). */
export const timeZone = shallowRef(storedTimeZone());

/** "北京时间" / "CST" for Beijing (what users here call it), the zone's short name otherwise. */
export function zoneLabel(zone: string, locale: string, at: DateInput = Date.now()): string {
  if (zone === DEFAULT_TIME_ZONE) return locale.startsWith('zh') ? '北京时间' : 'CST';
  const parts = dateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(toDate(at));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
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

export function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "2025/3/9 14:05" (zh-CN), "Mar 9, 2025, 2:05 PM" (en). Empty for an unparseable value. */
export function formatDateTime(value: DateInput, locale: string, { timeZone, label }: FormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const text = dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
  return label && timeZone ? `${text} ${zoneLabel(timeZone, locale, date)}` : text;
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

/** The viewer's zone, and whether shown times must name it (it is not the browser's own). */
export function viewerZone(): FormatOptions {
  const zone = timeZone.value;
  return { timeZone: zone, label: zone !== browserTimeZone() };
}

/** The helpers bound to the current UI locale and the viewer's zone, for templates. */
export function useDateFormat() {
  const { locale } = useI18n();
  const current = computed(() => locale.value);
  return {
    formatDateTime: (value: DateInput) => formatDateTime(value, current.value, viewerZone()),
    formatDate: (value: DateInput) => formatDate(value, current.value, viewerZone()),
    formatRelative: (value: DateInput, now?: DateInput) => formatRelative(value, current.value, now, viewerZone()),
  };
}
