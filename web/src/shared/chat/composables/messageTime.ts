/**
 * A message's time as chat apps show it: only the time today, the date and time before. In the
 * viewer's locale and zone (pass a zone to pin it in tests).
 */
export function formatMessageTime(value: string, locale: string, now: Date = new Date(), timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time: Intl.DateTimeFormatOptions = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (day(date) === day(now)) return new Intl.DateTimeFormat(locale, time).format(date);
  return new Intl.DateTimeFormat(locale, { ...time, month: 'numeric', day: 'numeric' }).format(date);
}
