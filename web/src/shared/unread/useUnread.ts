import { useClientHandle } from '@urql/vue';
import { onScopeDispose, watch } from 'vue';
import { useSession } from '#shared/session/session';
import { followUnread } from './unreadStore';

export * from './unreadStore';

/** Follows the signed-in user's unread counts for as long as the calling component lives. */
export function useUnread(): void {
  const { client } = useClientHandle();
  const { user } = useSession();
  let release: (() => void) | null = null;
  watch(
    () => user.value?.id ?? null,
    (id) => {
      release?.();
      release = id ? followUnread(client, id) : null;
    },
    { immediate: true },
  );
  onScopeDispose(() => release?.());
}
