import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';
import type { BuyerComplaintFieldsFragment } from '#gql/graphql';
import { onReconnected } from '#shared/graphql/reconnect';
import type { DisputeReason } from '@parceldesk/shared';
import { BuyerComplaintQuery, BuyerComplaintUpdated, ReplyMutation, RespondMutation, WithdrawMutation } from '../graphql/complaints';

export type BuyerComplaint = BuyerComplaintFieldsFragment;

/** The copy with the higher version wins: a late query answer never hides a newer live event. */
export function newerComplaint<T extends { id: string; version: number }>(a: T | null | undefined, b: T | null | undefined): T | null {
  if (!a) return b ?? null;
  if (!b || b.id !== a.id) return a;
  return b.version > a.version ? b : a;
}

/** One case, kept current by `complaintUpdated`; refetched after the socket comes back. */
export function useBuyerComplaint(id: () => string) {
  // cache-and-network: coming back to the page (Back, a notification) shows the cached case at once and the current one a moment later.
  const query = useQuery({ query: BuyerComplaintQuery, variables: () => ({ id: id() }), requestPolicy: 'cache-and-network' });
  const live = shallowRef<BuyerComplaint | null>(null);
  useSubscription({ query: BuyerComplaintUpdated, variables: () => ({ id: id() }) }, (_previous, data) => {
    live.value = newerComplaint(live.value, data.complaintUpdated);
    return data;
  });
  watch(id, () => (live.value = null));
  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' });
  onReconnected(() => void refetch());

  const respond = useMutation(RespondMutation);
  const withdraw = useMutation(WithdrawMutation);
  const reply = useMutation(ReplyMutation);
  const keep = (next: BuyerComplaint | undefined) => {
    if (next) live.value = newerComplaint(live.value, next);
  };

  const complaint = computed(() => newerComplaint(query.data.value?.complaint, live.value?.id === id() ? live.value : null));
  return {
    complaint,
    loading: computed(() => query.fetching.value && !complaint.value),
    error: computed(() => (complaint.value ? null : (query.error.value ?? null))),
    refetch,
    async respond(accept: boolean, dispute?: { reason: DisputeReason; comment: string }) {
      const result = await respond.executeMutation({ id: id(), accept, reason: dispute?.reason ?? null, comment: dispute?.comment || null });
      keep(result.data?.respondToResolution);
      return result.error ?? null;
    },
    /** Words and/or photos on the case (补充凭证). */
    async reply(body: string, evidenceIds: string[]) {
      const result = await reply.executeMutation({ id: id(), input: { body, evidenceIds } });
      keep(result.data?.replyToComplaint);
      return result.error ?? null;
    },
    async withdraw() {
      const result = await withdraw.executeMutation({ id: id() });
      keep(result.data?.withdrawComplaint);
      return result.error ?? null;
    },
  };
}
