import { useClientHandle, useQuery } from '@urql/vue';
import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ChatThread } from '#shared/chat/composables/useThread';
import { errorMessage } from '#shared/errors/errorMessage';
import { DeskAgentsQuery } from '#desktop/workspace/graphql/workspace';
import { AssignSupportThreadMutation, CloseSupportThreadMutation } from '../graphql/support';

/**
 * An agent's changes to the open support conversation: close it, assign it (to me or another
 * agent). The thread shown is updated from each answer (`changed`); a refusal comes back in the page's
 * language (never the server's English sentence).
 */
export function useSupportActions(thread: () => ChatThread, changed: (patch: Partial<ChatThread>) => void) {
  const { t } = useI18n();
  const { client } = useClientHandle();
  const agents = useQuery({ query: DeskAgentsQuery, requestPolicy: 'cache-first' });
  const busy = shallowRef<'close' | 'assign' | null>(null);
  const failure = shallowRef<string | null>(null);

  async function run(what: 'close' | 'assign', work: (id: string) => Promise<{ error?: unknown; patch?: Partial<ChatThread> | null }>): Promise<boolean> {
    const current = thread();
    if (busy.value) return false;
    busy.value = what;
    failure.value = null;
    try {
      const { error, patch } = await work(current.id);
      if (error || !patch) {
        failure.value = errorMessage(error, t, { INVALID_TRANSITION: 'support.alreadyClosed' }) ?? t('error.UNKNOWN');
        return false;
      }
      if (thread().id === current.id) changed(patch);
      return true;
    } finally {
      busy.value = null;
    }
  }

  return {
    busy,
    failure,
    agents: computed(() => agents.data.value?.deskAgents ?? []),
    close: () =>
      run('close', async (threadId) => {
        const r = await client.mutation(CloseSupportThreadMutation, { threadId }).toPromise();
        return { error: r.error, patch: r.data?.closeSupportThread };
      }),
    assign: (assigneeId: string | null) =>
      run('assign', async (threadId) => {
        const r = await client.mutation(AssignSupportThreadMutation, { threadId, assigneeId }).toPromise();
        return { error: r.error, patch: r.data ? { assignee: r.data.assignSupportThread.assignee } : null };
      }),
  };
}
