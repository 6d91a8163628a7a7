import type { ComplaintChannel, DeskView } from '@parceldesk/shared';
import { useSubscription } from '@urql/vue';
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useConnection } from '#shared/graphql/connection';
import { rememberedView, rememberView, useQueueViews } from '#desktop/workspace/composables/useQueueViews';
import { ComplaintQueueQuery, QueueChangedSubscription } from '../graphql/queue';
import { toQueueRows, withOverdue } from './queueRows';

/**
 * The agents' queue in one of its views (my open, unassigned, overdue, awaiting the buyer,
 * disputed, all), most urgent SLA first (the server's order), with each view's count. A change
 * anywhere reloads the first page and the counts (debounced): ids travel on the feed, rows come
 * from the query.
 */
export function useComplaintQueue() {
  const view = ref<DeskView>(rememberedView());
  watch(view, rememberView);
  const channel = ref<ComplaintChannel | null>(null);
  const list = useConnection({
    query: ComplaintQueueQuery,
    variables: () => ({ first: 50, filter: { view: view.value, channel: channel.value } }),
    select: (data) => data.complaintQueue,
  });
  const views = useQueueViews();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Cases that went past their SLA while the queue is open, newest first (a few). */
  const overdueNow = ref<{ id: string; caseNo: string }[]>([]);
  useSubscription({ query: QueueChangedSubscription }, (_prev, data) => {
    overdueNow.value = withOverdue(overdueNow.value, data.complaintQueueChanged);
    clearTimeout(timer);
    timer = setTimeout(() => {
      void list.reload();
      void views.refresh();
    }, 300);
    return data;
  });
  onBeforeUnmount(() => clearTimeout(timer));
  const now = ref(Date.now());
  const clock = setInterval(() => (now.value = Date.now()), 30_000);
  onBeforeUnmount(() => clearInterval(clock));
  return {
    ...list,
    view,
    channel,
    counts: views.counts,
    refreshCounts: views.refresh,
    overdueNow,
    now,
    rows: computed(() => toQueueRows(list.nodes.value, now.value)),
  };
}
