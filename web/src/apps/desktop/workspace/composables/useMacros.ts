import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import type { MacroFieldsFragment } from '#gql/graphql';
import { MacrosQuery } from '../graphql/workspace';

export type MacroItem = MacroFieldsFragment;

/** Macros whose title or text contains every typed word (case-insensitive), in their order. */
export function filterMacros(macros: readonly MacroItem[], typed: string): MacroItem[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  return macros.filter((m) => words.every((w) => m.title.toLowerCase().includes(w) || m.body.toLowerCase().includes(w)));
}

/** The shared canned replies, fetched once per page and refreshed when asked. */
export function useMacros() {
  const query = useQuery({ query: MacrosQuery, requestPolicy: 'cache-and-network' });
  return {
    macros: computed(() => query.data.value?.macros ?? []),
    fetching: query.fetching,
    error: query.error,
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
