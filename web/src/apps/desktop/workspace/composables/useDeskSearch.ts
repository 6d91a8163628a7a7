import { WORKSPACE_LIMITS } from '@parceldesk/shared';
import { useQuery } from '@urql/vue';
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { DeskSearchQuery } from '../graphql/workspace';

/** The header's search: asks after a short pause, at least 2 and at most 64 characters. */
export function useDeskSearch() {
  const text = ref('');
  const asked = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(text, (value) => {
    clearTimeout(timer);
    timer = setTimeout(() => (asked.value = value.trim()), 200);
  });
  onBeforeUnmount(() => clearTimeout(timer));
  const tooLong = computed(() => text.value.trim().length > WORKSPACE_LIMITS.searchMaxLength);
  const ready = computed(() => asked.value.length >= 2 && asked.value.length <= WORKSPACE_LIMITS.searchMaxLength);
  const query = useQuery({ query: DeskSearchQuery, variables: () => ({ query: asked.value }), pause: () => !ready.value, requestPolicy: 'network-only' });
  return {
    text,
    tooLong,
    /** Digits only, but not a whole phone number: say that phones are matched whole. */
    partialPhone: computed(() => /^\d{3,10}$/.test(text.value.trim())),
    searched: computed(() => ready.value && !query.fetching.value && asked.value === text.value.trim()),
    fetching: query.fetching,
    hits: computed(() => (ready.value ? (query.data.value?.deskSearch ?? []) : [])),
    error: query.error,
  };
}
