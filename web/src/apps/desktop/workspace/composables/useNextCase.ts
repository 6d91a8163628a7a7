import { useClientHandle } from '@urql/vue';
import { ComplaintQueueQuery } from '../../queue/graphql/queue';
import { rememberedView } from './useQueueViews';

const OPEN = new Set(['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER']);

/** The next open case by SLA in the view the agent last used, other than `currentId`. */
export function useNextCase() {
  const handle = useClientHandle();
  return async (currentId: string): Promise<string | null> => {
    const result = await handle.client
      .query(ComplaintQueueQuery, { first: 5, filter: { view: rememberedView() } }, { requestPolicy: 'network-only' })
      .toPromise();
    const next = result.data?.complaintQueue.edges.map((e) => e.node).find((n) => n.id !== currentId && OPEN.has(n.status) && n.status !== 'AWAITING_BUYER');
    return next?.id ?? null;
  };
}
