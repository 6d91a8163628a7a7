import type { ComplaintChannel } from '@parceldesk/shared';
import { useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, ref } from 'vue';
import { useConnection } from '#shared/graphql/connection';
import { ComplaintQueueQuery, QueueChangedSubscription } from '../graphql/queue';
import { toQueueRows, withOverdue } from './queueRows';

export type AssignedFilter = 'ANY' | 'MINE' | 'UNASSIGNED';

/**
 * The agents' queue, most urgent SLA first (the server's order). A change anywhere in the queue
 * reloads the first page (debounced): ids only travel on the feed, the rows come from the query.
 */
export function useComplaintQueue() {
  const assigned = ref<AssignedFilter>('ANY');
  const overdue = ref(false);
  const channel = ref<ComplaintChannel | null>(null);
  const list = useConnection({
    query: ComplaintQueueQuery,
    variables: () => ({ filter: { assigned: assigned.value, overdue: overdue.value || null, channel: channel.value } }),
    select: (data) => data.complaintQueue,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Cases that went past their SLA while the queue is open, newest first (a few). */
  const overdueNow = ref<{ id: string; caseNo: string }[]>([]);
  useSubscription({ query: QueueChangedSubscription }, (_prev, data) => {
    overdueNow.value = withOverdue(overdueNow.value, data.complaintQueueChanged);
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 300);
    return data;
  });
  onBeforeUnmount(() => clearTimeout(timer));
  const now = ref(Date.now());
  const clock = setInterval(() => (now.value = Date.now()), 60_000);
  onBeforeUnmount(() => clearInterval(clock));
  return { ...list, assigned, overdue, channel, overdueNow, rows: computed(() => toQueueRows(list.nodes.value, now.value)) };
}
