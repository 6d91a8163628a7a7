import { WORKSPACE_LIMITS } from '@parceldesk/shared';
import { useMutation, useSubscription } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';
import { DeskPresenceSubscription, SetDeskActivityMutation } from '../graphql/workspace';

type Agent = { id: string; displayName: string; activity: 'VIEWING' | 'REPLYING' };

/**
 * While the page is open the agent shows on the case or conversation to the other agents, and
 * sees them ("客服小李正在查看"). `replying()` is called as the agent types: at most every few seconds.
 */
export function usePresence(targetId: () => string | null) {
  const agents = shallowRef<Agent[]>([]);
  useSubscription({ query: DeskPresenceSubscription, variables: () => ({ targetId: targetId() ?? '' }), pause: () => !targetId() }, (_prev, data) => {
    if (data.deskPresence.targetId === targetId()) agents.value = data.deskPresence.agents;
    return data;
  });
  watch(targetId, () => (agents.value = []));
  const activity = useMutation(SetDeskActivityMutation);
  let last = 0;
  return {
    agents: computed(() => agents.value),
    replying(): void {
      const id = targetId();
      const now = Date.now();
      if (!id || now - last < (WORKSPACE_LIMITS.replyingSeconds * 1000) / 2) return;
      last = now;
      void activity.executeMutation({ targetId: id, activity: 'REPLYING' });
    },
  };
}
