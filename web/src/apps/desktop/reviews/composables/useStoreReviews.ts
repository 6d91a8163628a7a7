import { useClientHandle } from '@urql/vue';
import { computed, shallowRef } from 'vue';
import type { StoreReviewFieldsFragment } from '#gql/graphql';
import { createConnectionList } from '#shared/graphql/connection';
import { onReconnected } from '#shared/graphql/reconnect';
import { ReplyToReviewMutation, StoreReviewsQuery } from '../graphql/reviews';

/** The store's reviews a page at a time, the average over all of them, and the store's replies. */
export function useStoreReviews() {
  const { client } = useClientHandle();
  const averageRating = shallowRef<number | null>(null);
  const list = createConnectionList<StoreReviewFieldsFragment>(async (after) => {
    const result = await client.query(StoreReviewsQuery, { first: 20, after }, { requestPolicy: 'network-only' }).toPromise();
    if (result.data) averageRating.value = result.data.merchantReviews.averageRating ?? null;
    return { page: result.data?.merchantReviews, error: result.error };
  });
  void list.reload();
  onReconnected(() => void list.reload());

  /** Answers with the error message, or null once the reply is posted and shown. */
  async function reply(id: string, body: string): Promise<{ message: string; code?: string } | null> {
    const result = await client.mutation(ReplyToReviewMutation, { id, input: { body } }).toPromise();
    if (result.data) {
      list.replace(result.data.replyToReview);
      return null;
    }
    const first = result.error?.graphQLErrors[0];
    return { message: first?.message ?? result.error?.message ?? '', code: first?.extensions?.code as string | undefined };
  }

  return { ...list, averageRating, reviews: computed(() => list.nodes.value), reply };
}
