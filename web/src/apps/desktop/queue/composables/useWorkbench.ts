import type { ResolutionKind } from '@parceldesk/shared';
import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';
import type { WorkbenchFieldsFragment } from '#gql/graphql';
import { onReconnected } from '#shared/graphql/reconnect';
import { AddNoteMutation, AssignMutation, RequestEvidenceMutation, ResolveMutation, WorkbenchQuery, WorkbenchUpdated } from '../graphql/queue';

export type WorkbenchComplaint = WorkbenchFieldsFragment;

function newer(a: WorkbenchComplaint | null | undefined, b: WorkbenchComplaint | null | undefined): WorkbenchComplaint | null {
  if (!a) return b ?? null;
  if (!b || b.id !== a.id) return a;
  return b.version > a.version ? b : a;
}

/** One case for an agent (or the order's store): live, with the workbench's actions. */
export function useWorkbench(id: () => string) {
  const query = useQuery({ query: WorkbenchQuery, variables: () => ({ id: id() }) });
  const live = shallowRef<WorkbenchComplaint | null>(null);
  useSubscription({ query: WorkbenchUpdated, variables: () => ({ id: id() }) }, (_prev, data) => {
    live.value = newer(live.value, data.complaintUpdated);
    return data;
  });
  watch(id, () => (live.value = null));
  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' });
  onReconnected(() => void refetch());
  const keep = (next: WorkbenchComplaint | undefined) => {
    if (next) live.value = newer(live.value, next);
  };
  const assign = useMutation(AssignMutation);
  const note = useMutation(AddNoteMutation);
  const request = useMutation(RequestEvidenceMutation);
  const resolve = useMutation(ResolveMutation);
  const complaint = computed(() => newer(query.data.value?.complaint, live.value?.id === id() ? live.value : null));

  return {
    complaint,
    loading: computed(() => query.fetching.value && !complaint.value),
    error: computed(() => (complaint.value ? null : (query.error.value ?? null))),
    refetch,
    async assignToMe() {
      const r = await assign.executeMutation({ id: id() });
      keep(r.data?.assignComplaint);
      return r.error ?? null;
    },
    async addNote(body: string, internal: boolean) {
      const r = await note.executeMutation({ id: id(), body, internal });
      keep(r.data?.addComplaintNote);
      return r.error ?? null;
    },
    async requestEvidence(body: string) {
      const r = await request.executeMutation({ id: id(), body });
      keep(r.data?.requestMoreEvidence);
      return r.error ?? null;
    },
    async resolve(input: { kind: ResolutionKind; refundCents?: number | null; reason?: string | null }) {
      const r = await resolve.executeMutation({ id: id(), input: { ...input, expectedVersion: complaint.value?.version ?? null } });
      keep(r.data?.resolveComplaint);
      return r.error ?? null;
    },
  };
}
