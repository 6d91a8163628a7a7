import { formatCents, MacroNextStep, ResolutionKind } from '@parceldesk/shared';
import { nextTick, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorField, errorKind, useErrorMessage } from '#shared/errors/errorMessage';
import { caseChanges, type CaseChange } from '#desktop/workspace/composables/caseChanges';
import type { useWorkbench } from './useWorkbench';

/** Yuan typed by the agent → cents sent; null when it is not an amount. */
export function yuanToCents(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value) || value <= 0) return null;
  return Math.round(value * 100);
}

type Extensions = { field?: string; max?: number };

/**
 * The workbench's forms: the reply/note composer (with canned replies), a request for photos, a
 * decision (the refund pre-filled with the suggestion). Refusals land on their field in the page's
 * language; a decision against a case that changed meanwhile shows what changed; focus never
 * falls to the page body when the control that was used goes away.
 */
export function useWorkbenchActions(workbench: ReturnType<typeof useWorkbench>) {
  const { t, locale } = useI18n();
  const errorMessage = useErrorMessage();
  const busy = ref(false);
  const message = ref<{ type: 'success' | 'error'; text: string } | null>(null);
  const requestText = ref('');
  const composerText = ref('');
  const composerMode = ref<'reply' | 'internal'>('reply');
  /** A canned reply that proposes the refund: its text goes with the decision. */
  const replyWithDecision = ref(false);
  const kind = ref<ResolutionKind>(ResolutionKind.REFUND);
  const refundYuan = ref<number | null>(null);
  const reason = ref('');
  const fieldError = ref<{ field: string; text: string } | null>(null);
  const conflict = shallowRef<{ by: string | null; changes: CaseChange[] } | null>(null);

  // Another case (submit and next): start from its own suggestion, with nothing typed.
  watch(
    () => workbench.complaint.value?.id,
    (id, before) => {
      if (!before || id === before) return;
      requestText.value = composerText.value = reason.value = '';
      refundYuan.value = null;
      kind.value = ResolutionKind.REFUND;
      replyWithDecision.value = false;
      message.value = fieldError.value = conflict.value = null;
    },
  );
  watch(
    () => [workbench.complaint.value?.id, workbench.complaint.value?.signals?.suggestedRefundCents] as const,
    ([, cents]) => {
      if (cents != null && refundYuan.value == null) refundYuan.value = cents / 100;
    },
    { immediate: true },
  );

  function fieldText(error: unknown): { field: string; text: string } | null {
    const field = errorField(error);
    if (!field) return null;
    const ext = ((error as { graphQLErrors?: { extensions?: Extensions }[] }).graphQLErrors?.[0]?.extensions ?? {}) as Extensions;
    if (field === 'refundCents') {
      return { field, text: ext.max != null ? t('workbench.errors.refundMax', { max: formatCents(ext.max, locale.value) }) : t('workbench.errors.refundRequired') };
    }
    if (field === 'reason') return { field, text: t('workbench.errors.reasonRequired') };
    if (field.endsWith('body')) return { field, text: t('workbench.errors.bodyRequired') };
    return { field, text: errorMessage(error) ?? t('error.UNKNOWN') };
  }

  /** When the control that was used is gone (assigned, decided), focus the actions' heading. */
  async function keepFocus(): Promise<void> {
    await nextTick();
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) document.getElementById('actions-heading')?.focus();
  }

  async function run(work: () => Promise<unknown>, after?: () => void): Promise<boolean> {
    busy.value = true;
    message.value = null;
    fieldError.value = null;
    try {
      const error = await work();
      if (error) {
        fieldError.value = fieldText(error);
        message.value = { type: 'error', text: fieldError.value?.text ?? errorMessage(error) ?? t('error.UNKNOWN') };
        return false;
      }
      message.value = { type: 'success', text: t('workbench.actions.done') };
      after?.();
      return true;
    } finally {
      busy.value = false;
      await keepFocus();
    }
  }

  async function decide(): Promise<boolean> {
    const before = workbench.complaint.value;
    conflict.value = null;
    if (replyWithDecision.value && composerText.value.trim()) {
      const sent = await run(() => workbench.addNote(composerText.value, false), () => (composerText.value = ''));
      if (!sent) return false;
    }
    const input = { kind: kind.value, refundCents: kind.value === ResolutionKind.REFUND ? yuanToCents(refundYuan.value) : null, reason: reason.value.trim() || null };
    let refused: unknown = null;
    const ok = await run(async () => (refused = await workbench.resolve(input)));
    replyWithDecision.value = false;
    if (!ok && errorKind(refused) === 'CONFLICT' && before) {
      await workbench.refetch();
      const after = workbench.complaint.value;
      if (after) conflict.value = caseChanges(before, after, (s) => t(`workbench.status.${s}`), t('workbench.unassigned'));
    }
    return ok;
  }

  /** A canned reply's next step: ask for photos with its text, or propose the suggested refund. */
  function applyNextStep(step: MacroNextStep): void {
    if (step === MacroNextStep.REQUEST_EVIDENCE) {
      requestText.value = composerText.value;
      composerText.value = '';
      void nextTick(() => document.getElementById('request-send')?.focus());
    } else {
      kind.value = ResolutionKind.REFUND;
      const cents = workbench.complaint.value?.signals?.suggestedRefundCents;
      if (cents != null) refundYuan.value = cents / 100;
      replyWithDecision.value = composerMode.value === 'reply';
      void nextTick(() => document.getElementById('decide-next')?.focus());
    }
  }

  return {
    busy,
    message,
    requestText,
    composerText,
    composerMode,
    replyWithDecision,
    kind,
    refundYuan,
    reason,
    fieldError,
    conflict,
    applyNextStep,
    assign: () => run(() => workbench.assignToMe()),
    request: () => run(() => workbench.requestEvidence(requestText.value), () => (requestText.value = '')),
    send: () => run(() => workbench.addNote(composerText.value, composerMode.value === 'internal'), () => (composerText.value = '')),
    resolve: decide,
  };
}
