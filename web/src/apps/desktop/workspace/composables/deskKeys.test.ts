import { describe, expect, it } from 'vitest';
import { isTyping, shortcutOf } from './deskKeys';
import { durationParts, slaLeft } from './slaLeft';

const key = (k: string, target: unknown, extra: Partial<KeyboardEvent> = {}) =>
  ({ key: k, target, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...extra }) as KeyboardEvent;

describe('desk shortcuts', () => {
  it('never fire while typing, composing or with a modifier', () => {
    const textarea = document.createElement('textarea');
    const input = document.createElement('input');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const div = document.createElement('div');
    expect(shortcutOf(key('j', div))).toBe('j');
    expect(shortcutOf(key('j', textarea))).toBeNull();
    expect(shortcutOf(key('a', input))).toBeNull();
    expect(shortcutOf(key('x', checkbox))).toBe('x');
    expect(shortcutOf(key('r', div, { ctrlKey: true }))).toBeNull();
    expect(isTyping(key('n', div, { isComposing: true }))).toBe(true);
  });
});

describe('SLA time left', () => {
  it('colours by how near the due time is', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(slaLeft('2026-12-07T11:00:00Z', now)).toEqual({ tone: 'over', minutes: -60 });
    expect(slaLeft('2026-12-07T13:00:00Z', now).tone).toBe('soon');
    expect(slaLeft('2026-12-07T18:00:00Z', now).tone).toBe('near');
    expect(slaLeft('2026-12-08T18:00:00Z', now).tone).toBe('ok');
    expect(slaLeft(null, now)).toEqual({ tone: 'paused', minutes: null });
    expect(durationParts(200)).toEqual({ key: 'hours', params: { h: 3, m: 20 } });
    expect(durationParts(-30)).toEqual({ key: 'minutes', params: { n: 30 } });
  });
});
