import { describe, expect, it } from 'vitest';
import { formatMessageTime } from './messageTime';

const now = new Date('2026-11-27T14:00:00Z'); // 22:00 in Shanghai

describe('formatMessageTime', () => {
  it('shows only the time for today and the date before, in the given zone', () => {
    expect(formatMessageTime('2026-11-27T13:05:00Z', 'zh-CN', now, 'Asia/Shanghai')).toBe('21:05');
    expect(formatMessageTime('2026-11-26T13:05:00Z', 'zh-CN', now, 'Asia/Shanghai')).toMatch(/11.26.*21:05/);
    // 15:30 UTC on the 26th is already the 27th in Shanghai: today there.
    expect(formatMessageTime('2026-11-26T16:30:00Z', 'en', now, 'Asia/Shanghai')).toBe('00:30');
  });

  it('answers empty for a broken value', () => {
    expect(formatMessageTime('nope', 'en', now)).toBe('');
  });
});
