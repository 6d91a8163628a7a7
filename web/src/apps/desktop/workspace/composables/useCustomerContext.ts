import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { CaseContextQuery } from '../graphql/workspace';

/** The buyer beside a case or a support conversation. */
export function useCustomerContext(target: () => { complaintId?: string | null; threadId?: string | null }) {
  const query = useQuery({ query: CaseContextQuery, variables: () => ({ complaintId: target().complaintId ?? null, threadId: target().threadId ?? null }) });
  return {
    context: computed(() => query.data.value?.customerContext ?? null),
    fetching: query.fetching,
    error: query.error,
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
