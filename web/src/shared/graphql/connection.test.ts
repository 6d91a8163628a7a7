import { describe, expect, it } from 'vitest';
import { appendPage, createConnectionList, type ConnectionPage } from './connection';

type Node = { id: string; v?: number };
const page = (ids: string[], next: string | null, totalCount = 5): ConnectionPage<Node> => ({
  edges: ids.map((id) => ({ node: { id } })),
  pageInfo: { hasNextPage: next !== null, endCursor: next },
  totalCount,
});

describe('appendPage', () => {
  it('appends without duplicating nodes already shown', () => {
    expect(appendPage([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }]).map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('createConnectionList', () => {
  it('loads pages with the previous end cursor until there are no more', async () => {
    const asked: (string | null)[] = [];
    const pages: Record<string, ConnectionPage<Node>> = { first: page(['a', 'b'], 'c1'), c1: page(['c'], null) };
    const list = createConnectionList<Node>(async (after) => {
      asked.push(after);
      return { page: pages[after ?? 'first'] };
    });
    await list.reload();
    expect(list.nodes.value.map((n) => n.id)).toEqual(['a', 'b']);
    expect(list.hasMore.value).toBe(true);
    await list.loadMore();
    expect(list.nodes.value.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(list.hasMore.value).toBe(false);
    await list.loadMore(); // nothing left: no request
    expect(asked).toEqual([null, 'c1']);
    expect(list.totalCount.value).toBe(5);
  });

  it('drops the answer of a request a reload superseded', async () => {
    const resolvers: ((value: { page: ConnectionPage<Node> }) => void)[] = [];
    const list = createConnectionList<Node>(() => new Promise((resolve) => resolvers.push(resolve)));
    const stale = list.reload();
    const fresh = list.reload();
    resolvers[1]({ page: page(['new'], null) });
    resolvers[0]({ page: page(['old'], null) });
    await Promise.all([stale, fresh]);
    expect(list.nodes.value.map((n) => n.id)).toEqual(['new']);
    expect(list.loading.value).toBe(false);
  });

  it('replaces a node in place and reports emptiness', async () => {
    const list = createConnectionList<Node>(async () => ({ page: page(['a', 'b'], null) }));
    await list.reload();
    list.replace({ id: 'b', v: 2 });
    expect(list.nodes.value).toEqual([{ id: 'a' }, { id: 'b', v: 2 }]);
    expect(list.isEmpty.value).toBe(false);
    const empty = createConnectionList<Node>(async () => ({ page: page([], null, 0) }));
    await empty.reload();
    expect(empty.isEmpty.value).toBe(true);
  });
});
