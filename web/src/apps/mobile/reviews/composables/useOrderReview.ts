import { useQuery, useSubscription } from '@urql/vue';
import { computed } from 'vue';
import { onReconnected } from '#shared/graphql/reconnect';
import { OrderReviewQuery, ReviewReplyNotificationSubscription } from '../graphql/reviews';

/** The order as its review page needs it: whether it can be reviewed, and the review if posted. */
export function useOrderReview(orderId: () => string) {
  const query = useQuery({ query: OrderReviewQuery, variables: () => ({ id: orderId() }), requestPolicy: 'network-only' });
  const order = computed(() => query.data.value?.order ?? null);
  const reload = () => query.executeQuery({ requestPolicy: 'network-only' });
  // The store's reply shows at once (issue 18): the buyer is told of it, and this page listens.
  useSubscription({ query: ReviewReplyNotificationSubscription }, (_previous, data) => {
    const n = data.notificationAdded;
    if (n.kind === 'REVIEW_REPLIED' && n.orderId === orderId()) reload();
    return data;
  });
  onReconnected(reload);
  return {
    order,
    review: computed(() => order.value?.review ?? null),
    delivered: computed(() => (order.value?.shipments.length ?? 0) > 0 && order.value!.shipments.every((s) => s.status === 'DELIVERED')),
    loading: computed(() => query.fetching.value && !order.value),
    error: computed(() => (order.value ? null : (query.error.value ?? null))),
    reload,
  };
}
