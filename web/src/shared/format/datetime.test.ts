import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRelative } from './datetime';

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
