import { useClientHandle } from '@urql/vue';
import { computed, onScopeDispose } from 'vue';
import { useI18n } from 'vue-i18n';
import { SupportQueueChangedSubscription, SupportQueueQuery } from '#shared/chat/graphql/chat';
import { toThreadRow } from '#shared/chat/composables/threadRows';
import { useConnection } from '#shared/graphql/connection';
import { useSession } from '#shared/session/session';
import { queueOrder } from './queueOrder';

/**
 * The support queue, live: the first page by query (oldest waiting first), then each changed
 * thread from `supportQueueChanged` replaces its row or joins the list, which is re-sorted the
 * server's way; a closed one leaves it. A reconnect reloads the page.
 */
export function useSupportQueue() {
  const { t } = useI18n();
  const { user } = useSession();
  const { client } = useClientHandle();
  const list = useConnection({ query: SupportQueueQuery, select: (data) => data.supportQueue, pageSize: 50 });
  const live = client.subscription(SupportQueueChangedSubscription, {}).subscribe((result) => {
    const changed = result.data?.supportQueueChanged;
    if (!changed) return;
    const known = list.nodes.value.some((thread) => thread.id === changed.id);
    // Closed: it leaves the queue (the buyer's next message brings it back).
    if (changed.closedAt) {
      if (known) list.totalCount.value -= 1;
      list.nodes.value = list.nodes.value.filter((thread) => thread.id !== changed.id);
      return;
    }
    list.nodes.value = queueOrder(known ? list.nodes.value.map((thread) => (thread.id === changed.id ? changed : thread)) : [...list.nodes.value, changed]);
    if (!known) list.totalCount.value += 1;
  });
  onScopeDispose(() => live.unsubscribe());
  return {
    ...list,
    rows: computed(() => list.nodes.value.map((thread) => toThreadRow(thread, user.value?.id ?? null, t('chat.supportThread')))),
  };
}
