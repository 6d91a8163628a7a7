import type { DeskView } from '@parceldesk/shared';
import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { ComplaintViewsQuery } from '../graphql/workspace';

/** Each queue view's count; `refresh` after the queue feed says something changed. */
export function useQueueViews() {
  const query = useQuery({ query: ComplaintViewsQuery, requestPolicy: 'cache-and-network' });
  const counts = computed(() => new Map<DeskView, number>((query.data.value?.complaintViews ?? []).map((v) => [v.view, v.count])));
  return { counts, refresh: () => query.executeQuery({ requestPolicy: 'network-only' }) };
}

const VIEW_KEY = 'parceldesk.queueView';

/** The view last shown (the next case after a decision comes from it). */
export function rememberedView(): DeskView {
  try {
    return (sessionStorage.getItem(VIEW_KEY) as DeskView | null) ?? 'ALL';
  } catch {
    return 'ALL';
  }
}

export function rememberView(view: DeskView): void {
  try {
    sessionStorage.setItem(VIEW_KEY, view);
  } catch {
    /* storage blocked: the default view is used */
  }
}
