import { useClientHandle } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ThreadFilingOptionsQuery as Options } from '#gql/graphql';
import { errorField, useErrorMessage } from '#shared/errors/errorMessage';
import { FileFromThreadMutation, ThreadFilingOptionsQuery } from '../graphql/caseFromThread';
import { emptyCaseForm, toFilingInput, type CaseFormState } from './caseForm';

export type ThreadOrderOption = Options['threadFilingOptions']['orders'][number];

/**
 * An agent opens (or joins) a short-shipment case for the buyer of a support thread: the buyer's
 * orders and chat photos come from the server; the answer says whether the case was new.
 */
export function useCaseFromThread(threadId: () => string) {
  const { client } = useClientHandle();
  const errorMessage = useErrorMessage();
  const options = shallowRef<Options['threadFilingOptions'] | null>(null);
  const loading = ref(true);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const fieldError = ref<{ field: string; text: string } | null>(null);
  const result = ref<{ id: string; caseNo: string; joined: boolean } | null>(null);
  const form = ref<CaseFormState>(emptyCaseForm(null));

  async function load(): Promise<void> {
    loading.value = true;
    const answer = await client.query(ThreadFilingOptionsQuery, { threadId: threadId() }, { requestPolicy: 'network-only' }).toPromise();
    loading.value = false;
    if (answer.error) error.value = errorMessage(answer.error);
    options.value = answer.data?.threadFilingOptions ?? null;
    // The order the buyer asked about comes first.
    form.value = emptyCaseForm(options.value?.orders[0]?.order.id ?? null, form.value.description);
  }

  const order = computed(() => options.value?.orders.find((o) => o.order.id === form.value.orderId) ?? null);
  watch(() => form.value.orderId, () => (form.value.quantities = {}));
  const input = computed(() => toFilingInput(threadId(), form.value));

  async function submit(): Promise<void> {
    if (!input.value || busy.value) return;
    busy.value = true;
    error.value = null;
    fieldError.value = null;
    try {
      const answer = await client.mutation(FileFromThreadMutation, { input: input.value }).toPromise();
      const filed = answer.data?.fileComplaint;
      if (filed) {
        result.value = { id: filed.complaint.id, caseNo: filed.complaint.caseNo, joined: filed.joinedExisting };
        return;
      }
      error.value = errorMessage(answer.error);
      const field = errorField(answer.error);
      if (field) fieldError.value = { field, text: answer.error?.graphQLErrors[0]?.message ?? '' };
    } finally {
      busy.value = false;
    }
  }

  void load();
  return { options, order, form, input, loading, busy, error, fieldError, result, submit };
}
