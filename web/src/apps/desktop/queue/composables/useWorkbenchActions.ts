import { ResolutionKind } from '@parceldesk/shared';
import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorField, useErrorMessage } from '#shared/errors/errorMessage';
import type { useWorkbench } from './useWorkbench';

/** Yuan typed by the agent → cents sent; null when it is not an amount. */
export function yuanToCents(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value) || value <= 0) return null;
  return Math.round(value * 100);
}

/** The workbench's forms: a request, a note, a decision (the refund pre-filled with the suggestion). */
export function useWorkbenchActions(workbench: ReturnType<typeof useWorkbench>) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const busy = ref(false);
  const message = ref<{ type: 'success' | 'error'; text: string } | null>(null);
  const requestText = ref('');
  const noteText = ref('');
  const noteInternal = ref(true);
  const kind = ref<ResolutionKind>(ResolutionKind.REFUND);
  const refundYuan = ref<number | null>(null);
  const reason = ref('');
  const fieldError = ref<{ field: string; text: string } | null>(null);

  watch(
    () => workbench.complaint.value?.signals?.suggestedRefundCents,
    (cents) => {
      if (cents != null && refundYuan.value == null) refundYuan.value = cents / 100;
    },
    { immediate: true },
  );

  async function run(work: () => Promise<unknown>, after?: () => void) {
    busy.value = true;
    message.value = null;
    fieldError.value = null;
    try {
      const error = await work();
      if (error) {
        const field = errorField(error);
        const text = (error as { graphQLErrors?: { message: string }[] }).graphQLErrors?.[0]?.message ?? errorMessage(error) ?? '';
        if (field) fieldError.value = { field, text };
        message.value = { type: 'error', text: errorMessage(error) ?? text };
      } else {
        message.value = { type: 'success', text: t('workbench.actions.done') };
        after?.();
      }
    } finally {
      busy.value = false;
    }
  }

  return {
    busy,
    message,
    requestText,
    noteText,
    noteInternal,
    kind,
    refundYuan,
    reason,
    fieldError,
    assign: () => run(() => workbench.assignToMe()),
    request: () => run(() => workbench.requestEvidence(requestText.value), () => (requestText.value = '')),
    note: (internal: boolean) => run(() => workbench.addNote(noteText.value, internal), () => (noteText.value = '')),
    resolve: () =>
      run(() =>
        workbench.resolve({
          kind: kind.value,
          refundCents: kind.value === ResolutionKind.REFUND ? yuanToCents(refundYuan.value) : null,
          reason: reason.value.trim() || null,
        }),
      ),
  };
}
