import { COMPLAINT_LIMITS, EvidenceKind } from '@parceldesk/shared';
import { useMutation, useQuery } from '@urql/vue';
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { usePhotoForm } from '#mobile/composables/usePhotoForm';
import { FileComplaintMutation, FilingOptionsQuery } from '../graphql/complaints';

/**
 * The filing form: lines and how many are missing (bounded by what arrived and is not yet
 * claimed), what happened, photos; kept as a draft per order until filed or discarded. One
 * idempotency key per form: a retry after a lost answer files once.
 */
export function useFileComplaint(orderId: () => string) {
  const { t } = useI18n();
  const options = useQuery({ query: FilingOptionsQuery, variables: () => ({ orderId: orderId() }) });
  const { executeMutation } = useMutation(FileComplaintMutation);
  const form = usePhotoForm({ form: 'complaint', orderId, maxPhotos: COMPLAINT_LIMITS.evidenceMaxPerComplaint });
  const nextKind = ref<EvidenceKind>(EvidenceKind.WAYBILL_LABEL);
  const idempotencyKey = crypto.randomUUID();

  const data = computed(() => options.data.value?.complaintFilingOptions ?? null);
  const lines = computed(() => data.value?.lines ?? []);
  const chosen = computed(() => form.chosen(lines.value.map((l) => l.line.id)));

  /** What is still missing, in the order of the page. */
  function checks() {
    const firstLine = lines.value.find((l) => l.claimableQuantity > 0) ?? lines.value[0];
    const kind = form.missingKinds.value[0];
    return [
      { field: 'missingItems', ok: chosen.value.length > 0, message: t('complaints.need.lines'), focus: firstLine ? `qty-${firstLine.line.id}` : 'lines-heading' },
      { field: 'description', ok: form.text.value.trim().length > 0, message: t('complaints.need.description'), focus: 'complaint-description' },
      {
        field: 'evidenceIds',
        ok: !kind,
        message: kind ? t('complaints.need.photo', { kind: t(`complaints.kind.${kind}`) }) : '',
        focus: 'complaint-add-photos',
      },
    ];
  }

  async function submit(): Promise<{ id: string; joined: boolean } | null> {
    const kind = form.missingKinds.value[0];
    if (!(await form.ready(t('complaints.new.waitUploads'), checks()))) {
      if (kind && !form.busy.value) nextKind.value = kind;
      return null;
    }
    return form.send(
      () => executeMutation({ input: { orderId: orderId(), missingItems: chosen.value, description: form.text.value, evidenceIds: form.uploadedIds.value, idempotencyKey } }),
      (answer) => ({ id: answer.fileComplaint.complaint.id, joined: answer.fileComplaint.joinedExisting }),
    );
  }

  return {
    ...form,
    data,
    lines,
    loading: computed(() => options.fetching.value && !data.value),
    loadError: computed(() => (data.value ? null : (options.error.value ?? null))),
    reload: () => options.executeQuery({ requestPolicy: 'network-only' }),
    description: form.text,
    nextKind,
    submit,
  };
}
