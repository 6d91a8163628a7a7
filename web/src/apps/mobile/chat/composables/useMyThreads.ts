import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { MyThreadsQuery } from '#shared/chat/graphql/chat';
import { toThreadRow } from '#shared/chat/composables/threadRows';
import { useConnection } from '#shared/graphql/connection';
import { useSession } from '#shared/session/session';

/** The viewer's threads as rows, newest activity first; reloaded after a reconnect. */
export function useMyThreads() {
  const { t } = useI18n();
  const { user } = useSession();
  const list = useConnection({ query: MyThreadsQuery, select: (data) => data.myThreads });
  return {
    ...list,
    rows: computed(() => list.nodes.value.map((thread) => toThreadRow(thread, user.value?.id ?? null, t('chat.supportThread')))),
  };
}
