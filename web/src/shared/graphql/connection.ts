import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { computed, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import { onReconnected } from './reconnect';

/** What every Relay-style list of the schema answers (DESIGN §4). */
export interface ConnectionPage<N> {
  edges: ReadonlyArray<{ node: N }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
}

export type PageFetcher<N> = (after: string | null) => Promise<{ page?: ConnectionPage<N>; error?: CombinedError }>;

/** Appends a page to what is shown, skipping nodes already there (a row may move between pages). */
export function appendPage<N extends { id: string }>(shown: readonly N[], page: readonly N[]): N[] {
  const known = new Set(shown.map((node) => node.id));
  return [...shown, ...page.filter((node) => !known.has(node.id))];
}

export interface ConnectionList<N> {
  nodes: ShallowRef<N[]>;
  totalCount: Ref<number>;
  hasMore: Ref<boolean>;
  /** The first page is on its way (nothing to show yet, or a reload). */
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  error: ShallowRef<CombinedError | null>;
  isEmpty: ComputedRef<boolean>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /** Put a newer copy of a node in place (after a mutation or a live event). */
  replace(node: N): void;
}

/**
 * A "load more" list over a connection, independent of urql so it can be tested alone. A reload
 * supersedes any page still in flight: late answers of an older generation are dropped.
 */
export function createConnectionList<N extends { id: string }>(fetchPage: PageFetcher<N>): ConnectionList<N> {
  const nodes = shallowRef<N[]>([]);
  const totalCount = shallowRef(0);
  const hasMore = shallowRef(false);
  const loading = shallowRef(false);
  const loadingMore = shallowRef(false);
  const error = shallowRef<CombinedError | null>(null);
  let cursor: string | null = null;
  let generation = 0;

  async function load(after: string | null): Promise<void> {
    const mine = ++generation;
    const first = after === null;
    (first ? loading : loadingMore).value = true;
    try {
      const { page, error: failed } = await fetchPage(after);
      if (mine !== generation) return;
      error.value = failed ?? null;
      if (!page) return;
      const incoming = page.edges.map((edge) => edge.node);
      nodes.value = first ? incoming : appendPage(nodes.value, incoming);
      totalCount.value = page.totalCount;
      hasMore.value = page.pageInfo.hasNextPage;
      cursor = page.pageInfo.endCursor ?? null;
    } finally {
      if (mine === generation) (first ? loading : loadingMore).value = false;
    }
  }

  return {
    nodes,
    totalCount,
    hasMore,
    loading,
    loadingMore,
    error,
    isEmpty: computed(() => !loading.value && !error.value && nodes.value.length === 0),
    reload: () => load(null),
    loadMore: async () => {
      if (!hasMore.value || loading.value || loadingMore.value) return;
      await load(cursor);
    },
    replace(node) {
      nodes.value = nodes.value.map((shown) => (shown.id === node.id ? node : shown));
    },
  };
}

export interface UseConnectionOptions<Data, Vars extends AnyVariables, N> {
  query: TypedDocumentNode<Data, Vars>;
  /** The variables besides `first`/`after`; the list reloads when they change. */
  variables?: () => Omit<Vars, 'first' | 'after'>;
  select: (data: Data) => ConnectionPage<N> | undefined;
  pageSize?: number;
}

/** `createConnectionList` on the app's urql client: loads now, reloads on new variables and after a reconnect. */
export function useConnection<Data, Vars extends AnyVariables, N extends { id: string }>(
  options: UseConnectionOptions<Data, Vars, N>,
): ConnectionList<N> {
  const { client } = useClientHandle();
  const pageSize = options.pageSize ?? 20;
  const list = createConnectionList<N>(async (after) => {
    const variables = { ...options.variables?.(), first: pageSize, after } as unknown as Vars;
    const result = await client.query(options.query, variables, { requestPolicy: 'network-only' }).toPromise();
    return { page: result.data ? options.select(result.data) : undefined, error: result.error };
  });
  watch(() => JSON.stringify(options.variables?.() ?? {}), () => void list.reload(), { immediate: true });
  onReconnected(() => void list.reload());
  return list;
}
