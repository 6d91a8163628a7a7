import { computed, onScopeDispose } from 'vue';
import { useI18n } from 'vue-i18n';
import { MyThreadsQuery } from '#shared/chat/graphql/chat';
import { toThreadRow, unreadFirst } from '#shared/chat/composables/threadRows';
import { useConnection } from '#shared/graphql/connection';
import { useSession } from '#shared/session/session';
import { onUnreadRaised, unreadOfThread, useUnread } from '#shared/unread/useUnread';

/**
 * The viewer's threads as rows, unread first then newest activity; reloaded after a reconnect.
 * Live (issue 18): the counts follow the unread store (a read on another device drops a row's
 * count and it moves down at once), and a new message the list does not show yet reloads it.
 */
export function useMyThreads() {
  const { t } = useI18n();
  const { user } = useSession();
  const list = useConnection({ query: MyThreadsQuery, select: (data) => data.myThreads });
  useUnread();
  const offRaised = onUnreadRaised((thread) => {
    const shown = list.nodes.value.find((n) => n.id === thread.threadId);
    if (!shown || shown.lastSeq < thread.lastSeq) void list.reload();
  });
  onScopeDispose(offRaised);
  return {
    ...list,
    rows: computed(() =>
      unreadFirst(
        list.nodes.value.map((thread) => {
          const row = toThreadRow(thread, user.value?.id ?? null, t('chat.supportThread'));
          const live = unreadOfThread(thread.id);
          return live === null ? row : { ...row, unread: live };
        }),
      ),
    ),
  };
}
