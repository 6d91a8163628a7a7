import { COMPLAINT_LIMITS, EvidenceKind } from '@parceldesk/shared';
import { useMutation, useQuery } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import { errorField, useErrorMessage } from '#shared/errors/errorMessage';
import { FileComplaintMutation, FilingOptionsQuery } from '../graphql/complaints';
import { usePhotoQueue } from './usePhotoQueue';

/**
 * The filing form: lines and how many are missing (bounded by what arrived and is not yet
 * claimed), what happened, photos. One idempotency key per form: a retry after a lost answer
 * files once.
 */
export function useFileComplaint(orderId: () => string) {
  const errorMessage = useErrorMessage();
  const options = useQuery({ query: FilingOptionsQuery, variables: () => ({ orderId: orderId() }) });
  const { executeMutation } = useMutation(FileComplaintMutation);
  const missing = reactive<Record<string, number>>({});
  const description = ref('');
  const nextKind = ref<EvidenceKind>(EvidenceKind.WAYBILL_LABEL);
  const photoQueue = usePhotoQueue(COMPLAINT_LIMITS.evidenceMaxPerComplaint);
  const idempotencyKey = crypto.randomUUID();
  const submitting = ref(false);
  const formError = ref<string | null>(null);
  const fieldErrors = reactive<Record<string, string>>({});

  const data = computed(() => options.data.value?.complaintFilingOptions ?? null);
  const lines = computed(() => data.value?.lines ?? []);
  const chosen = computed(() => lines.value.filter((l) => (missing[l.line.id] ?? 0) > 0).map((l) => ({ orderLineId: l.line.id, quantityMissing: missing[l.line.id]! })));
  const canSubmit = computed(
    () => chosen.value.length > 0 && description.value.trim().length > 0 && photoQueue.uploadedIds.value.length > 0 && !photoQueue.busy.value && !submitting.value,
  );

  async function submit(): Promise<{ id: string; joined: boolean } | null> {
    formError.value = null;
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
    submitting.value = true;
    try {
      const result = await executeMutation({
        input: { orderId: orderId(), missingItems: chosen.value, description: description.value, evidenceIds: photoQueue.uploadedIds.value, idempotencyKey },
      });
      if (result.data) return { id: result.data.fileComplaint.complaint.id, joined: result.data.fileComplaint.joinedExisting };
      const message = errorMessage(result.error) ?? '';
      const field = errorField(result.error);
      const detail = result.error?.graphQLErrors[0]?.message;
      if (field?.startsWith('missingItems')) fieldErrors.missingItems = detail ?? message;
      else if (field) fieldErrors[field] = detail ?? message;
      else formError.value = message;
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return {
    data,
    lines,
    loading: computed(() => options.fetching.value && !data.value),
    loadError: computed(() => (data.value ? null : (options.error.value ?? null))),
    reload: () => options.executeQuery({ requestPolicy: 'network-only' }),
    missing,
    description,
    nextKind,
    ...photoQueue,
    canSubmit,
    submitting,
    submit,
    formError,
    fieldErrors,
  };
}
