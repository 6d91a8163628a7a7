import { describe, expect, it } from 'vitest';
import { filtersFromQuery, queryWithFilters } from './useDispatchBoard';

describe('the board’s filters in the address', () => {
  it('reads the search and a known status, ignoring anything else', () => {
    expect(filtersFromQuery({ q: ' 小陈 ', status: 'EXCEPTION' })).toEqual({ search: '小陈', status: 'EXCEPTION' });
    expect(filtersFromQuery({ status: 'LOST' })).toEqual({ search: '', status: null });
    expect(filtersFromQuery({ q: ['a', 'b'] })).toEqual({ search: 'a', status: null });
  });

  it('writes them back, leaving out empty ones and keeping other keys (an open drawer)', () => {
    expect(queryWithFilters({ dispatch: 's1', q: 'old' }, '小陈', 'CREATED')).toEqual({ dispatch: 's1', q: '小陈', status: 'CREATED' });
    expect(queryWithFilters({ q: 'old', status: 'CREATED' }, '', null)).toEqual({});
  });
});
