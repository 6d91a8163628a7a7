import { dateTimeFormat, toDate, zoneLabel, type DateInput, type FormatOptions } from './datetime';

// Beside datetime.ts (same rules, same zone) so that the phones' first load does not carry it.
/**
 * A message's time as chat apps show it: only the time today (in the zone), the date and time before.
 */
export function formatMessageTime(value: DateInput, locale: string, now: DateInput = Date.now(), { timeZone, label }: FormatOptions = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const day = (d: Date) => dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time: Intl.DateTimeFormatOptions = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const text = dateTimeFormat(locale, day(date) === day(toDate(now)) ? time : { ...time, month: 'numeric', day: 'numeric' }).format(date);
  return label && timeZone ? `${text} ${zoneLabel(timeZone, locale, date)}` : text;
}
