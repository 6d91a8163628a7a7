import { describe, expect, it } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { formatDate, formatDateTime, formatRelative, isTimeZone, timeZone, viewerZone, zoneLabel, DEFAULT_TIME_ZONE } from './datetime';
import { formatMessageTime } from './messageTime';
import { setTimeZone } from './timeZoneSetting';

const SHANGHAI = { timeZone: 'Asia/Shanghai' };
// 2025-03-09 14:05 in Shanghai
const ISO = '2025-03-09T06:05:00.000Z';
const NOW = new Date(ISO).getTime();
const minutes = (n: number) => new Date(NOW + n * 60_000).toISOString();
// ICU puts a narrow no-break space before AM/PM; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('formatDateTime', () => {
  it('formats in the viewer locale and zone', () => {
    expect(formatDateTime(ISO, 'zh-CN', SHANGHAI)).toBe('2025年3月9日 14:05');
    expect(plain(formatDateTime(ISO, 'en', SHANGHAI))).toBe('Mar 9, 2025, 2:05 PM');
  });

  it('follows the zone', () => {
    expect(formatDateTime(ISO, 'zh-CN', { timeZone: 'UTC' })).toBe('2025年3月9日 06:05');
  });

  it('accepts Date and epoch, and is empty for garbage', () => {
    expect(formatDateTime(new Date(ISO), 'zh-CN', SHANGHAI)).toBe(formatDateTime(NOW, 'zh-CN', SHANGHAI));
    expect(formatDateTime('not a date', 'en')).toBe('');
  });

  it('formats dates alone', () => {
    expect(formatDate(ISO, 'zh-CN', SHANGHAI)).toBe('2025年3月9日');
    expect(formatDate(ISO, 'en', SHANGHAI)).toBe('Mar 9, 2025');
  });
});

describe('formatRelative', () => {
  it('says now for the last few seconds', () => {
    expect(formatRelative(new Date(NOW - 10_000), 'zh-CN', NOW)).toBe('现在');
    expect(formatRelative(new Date(NOW - 10_000), 'en', NOW)).toBe('now');
  });

  it('counts minutes, hours and days, past and future', () => {
    expect(formatRelative(minutes(-3), 'zh-CN', NOW)).toBe('3分钟前');
    expect(formatRelative(minutes(-3), 'en', NOW)).toBe('3 minutes ago');
    expect(formatRelative(minutes(120), 'zh-CN', NOW)).toBe('2小时后');
    expect(formatRelative(minutes(120), 'en', NOW)).toBe('in 2 hours');
    expect(formatRelative(minutes(-24 * 60), 'zh-CN', NOW)).toBe('昨天');
    expect(formatRelative(minutes(-24 * 60), 'en', NOW)).toBe('yesterday');
    expect(formatRelative(minutes(-3 * 24 * 60), 'en', NOW)).toBe('3 days ago');
  });

  it('gives the date beyond a week', () => {
    expect(formatRelative(minutes(-10 * 24 * 60), 'zh-CN', NOW, SHANGHAI)).toBe('2025年2月27日');
    expect(formatRelative(minutes(-10 * 24 * 60), 'en', NOW, SHANGHAI)).toBe('Feb 27, 2025');
  });
});

describe('formatMessageTime', () => {
  const now = new Date('2026-11-27T14:00:00Z'); // 22:00 in Shanghai
  it('shows only the time today and the date before, in the zone', () => {
    expect(formatMessageTime('2026-11-27T13:05:00Z', 'zh-CN', now, SHANGHAI)).toBe('21:05');
    expect(formatMessageTime('2026-11-26T13:05:00Z', 'zh-CN', now, SHANGHAI)).toMatch(/11.26.*21:05/);
    // 16:30 UTC on the 26th is already the 27th in Shanghai: "today".
    expect(formatMessageTime('2026-11-26T16:30:00Z', 'en', now, SHANGHAI)).toBe('00:30');
    expect(formatMessageTime('nope', 'en', now)).toBe('');
  });
});

describe('the viewer’s time zone (issue 10, item 12)', () => {
  // 10:00 in Beijing is 03:00 in Berlin (CET, winter).
  const PICKUP = '2026-11-28T02:00:00Z';

  it('shows a Beijing pickup at 10:00 with its zone named, whatever zone the browser is in', () => {
    expect(formatDateTime(PICKUP, 'zh-CN', { timeZone: DEFAULT_TIME_ZONE, label: true })).toBe('2026年11月28日 10:00 北京时间');
    expect(plain(formatDateTime(PICKUP, 'en', { timeZone: DEFAULT_TIME_ZONE, label: true }))).toBe('Nov 28, 2026, 10:00 AM CST');
    expect(formatDateTime(PICKUP, 'zh-CN', { timeZone: 'Europe/Berlin', label: true })).toMatch(/^2026年11月28日 03:00 /);
    expect(zoneLabel('Europe/Berlin', 'en', PICKUP)).toBe('GMT+1');
    expect(formatMessageTime(PICKUP, 'zh-CN', PICKUP, { timeZone: DEFAULT_TIME_ZONE, label: true })).toBe('10:00 北京时间');
  });

  it('names the zone only when it is not the browser’s own', () => {
    const scope = effectScope();
    scope.run(() => {
      const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
      expect(setTimeZone(browser)).toBe(true);
      expect(viewerZone()).toEqual({ timeZone: browser, label: false });
      const other = browser === 'Europe/Berlin' ? 'Asia/Shanghai' : 'Europe/Berlin';
      expect(setTimeZone(other)).toBe(true);
      expect(viewerZone()).toEqual({ timeZone: other, label: true });
    });
    scope.stop();
  });

  it('keeps the choice in this browser and refuses names that are no zone', async () => {
    expect(setTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(setTimeZone('Europe/Berlin')).toBe(true);
    await nextTick();
    expect(timeZone.value).toBe('Europe/Berlin');
    expect(localStorage.getItem('pd.timeZone')).toBe('Europe/Berlin');
    setTimeZone(DEFAULT_TIME_ZONE);
  });
});
