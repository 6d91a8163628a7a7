import { describe, expect, it } from 'vitest';
import { filterMacros } from './useMacros';
import { replaceToken, slashToken } from './macroToken';

describe('the / picker', () => {
  it('opens on a / at the start or after a space, filtered by what follows', () => {
    expect(slashToken('/', 1)).toEqual({ start: 0, query: '' });
    expect(slashToken('您好 /少件', 6)).toEqual({ start: 3, query: '少件' });
    expect(slashToken('http://x', 8)).toBeNull();
    expect(slashToken('a/b', 3)).toBeNull();
    expect(replaceToken('您好 /少件', 3, 6, '退款')).toEqual({ text: '您好 退款', caret: 5 });
  });
  it('filters by title or text, every word', () => {
    const m = (title: string, body: string) => ({ __typename: 'Macro' as const, id: title, title, body, nextStep: null, version: 1 });
    const list = [m('少件退款', '为您退款'), m('补充照片', '请补充面单')];
    expect(filterMacros(list, '退款').map((x) => x.id)).toEqual(['少件退款']);
    expect(filterMacros(list, '面单').map((x) => x.id)).toEqual(['补充照片']);
    expect(filterMacros(list, '').length).toBe(2);
  });
});
