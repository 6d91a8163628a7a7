import type { CombinedError } from '@urql/core';
import { computed, nextTick, reactive, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useErrorMessage } from '#shared/errors/errorMessage';
import { useSession } from '#shared/session/session';
import { fieldOfError, refusalText } from '#mobile/complaints/composables/refusals';
import { usePhotoQueue } from '#mobile/complaints/composables/usePhotoQueue';
import { draftKey, loadPhotoFormDraft, removePhotoFormDraft, savePhotoFormDraft } from './photoFormDraft';

/** One thing a form needs before it can go: where it is on the page and what to say about it. */
export interface FormCheck {
  field: string;
  ok: boolean;
  /** In the viewer's language: what is missing and the rule. */
  message: string;
  /** The element to move focus to (its id). */
  focus: string;
}

/**
 * What the complaint form and the review form share: the missing lines and their quantities, the
 * text, the photos with their kinds (uploaded once, kept by id), a draft per order that survives a
 * reload, Back or a killed tab until the form is sent or discarded, and a submit that explains
 * itself (the button stays enabled; a tap on an incomplete form says what is missing and moves
 * focus there), one send at a time whose refusals land on the fields. `extra` holds the form's own
 * fields (the review's stars and tag), kept in the draft too.
 */
export function usePhotoForm<E extends Record<string, unknown>>(options: { form: string; orderId: () => string; maxPhotos: number; extra?: E }) {
  const { user } = useSession();
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const key = draftKey(options.form, user.value?.id ?? 'anonymous', options.orderId());
  const missing = reactive<Record<string, number>>({});
  const text = ref('');
  const extra = (options.extra ?? {}) as E;
  const queue = usePhotoQueue(options.maxPhotos);
  const fieldErrors = reactive<Record<string, string>>({});
  const formError = shallowRef<string | null>(null);
  const submitting = ref(false);

  const saved = loadPhotoFormDraft(key);
  const restored = ref(false);
  const restoredPhotos = ref(0);
  if (saved) {
    Object.assign(missing, saved.missing);
    text.value = saved.text;
    for (const [name, value] of Object.entries(saved.extra)) if (name in extra && typeof value === typeof extra[name]) (extra as Record<string, unknown>)[name] = value;
    queue.restore(saved.photos);
    restored.value = true;
    restoredPhotos.value = saved.photos.length;
  }

  let closed = false;
  watch(
    () => ({ missing: { ...missing }, text: text.value, photos: queue.uploadedRefs.value, extra: { ...extra } }),
    (now) => {
      if (!closed) savePhotoFormDraft(key, now);
    },
    { deep: true },
  );

  function resetErrors() {
    formError.value = null;
    for (const name of Object.keys(fieldErrors)) delete fieldErrors[name];
  }

  /** The first failing check: its message lands on its field and focus moves there. True when all pass. */
  async function explain(checks: FormCheck[]): Promise<boolean> {
    resetErrors();
    const failing = checks.filter((c) => !c.ok);
    for (const check of failing) fieldErrors[check.field] ??= check.message;
    const first = failing[0];
    if (!first) return true;
    await nextTick();
    const target = document.getElementById(first.focus);
    target?.focus();
    target?.scrollIntoView?.({ block: 'center' });
    return false;
  }

  /** Whether the form may go now: no photo still uploading (`waitText` says so above the button), every check passing (else explained). */
  async function ready(waitText: string, checks: FormCheck[]): Promise<boolean> {
    if (!queue.busy.value) return explain(checks);
    resetErrors();
    formError.value = waitText;
    return false;
  }

  /**
   * Sends the form (`submitting` meanwhile): an answer forgets the draft and becomes `done(data)`; a
   * refusal lands on its field (every missing line's on the lines), anything else above the button.
   */
  async function send<D, R>(mutate: () => Promise<{ data?: D; error?: CombinedError }>, done: (data: D) => R): Promise<R | null> {
    submitting.value = true;
    try {
      const result = await mutate();
      if (result.data) {
        finish();
        return done(result.data);
      }
      const field = fieldOfError(result.error);
      if (field) fieldErrors[field.startsWith('missingItems') ? 'missingItems' : field] = refusalText(t, result.error, field);
      else formError.value = errorMessage(result.error) ?? '';
      return null;
    } finally {
      submitting.value = false;
    }
  }

  /** The form was sent: forget the draft (and stop saving one). */
  function finish() {
    closed = true;
    removePhotoFormDraft(key);
    restored.value = false;
  }

  /** Start over: empty fields, photos and draft. */
  function discard() {
    for (const line of Object.keys(missing)) delete missing[line];
    text.value = '';
    queue.clear();
    removePhotoFormDraft(key);
    restored.value = false;
    resetErrors();
  }

  const chosen = (lineIds: readonly string[]) => lineIds.filter((id) => (missing[id] ?? 0) > 0).map((id) => ({ orderLineId: id, quantityMissing: missing[id]! }));

  return {
    missing,
    text,
    extra,
    ...queue,
    restored,
    restoredPhotos,
    fieldErrors,
    formError,
    submitting,
    explain,
    ready,
    send,
    resetErrors,
    finish,
    discard,
    chosen,
    hasPhotos: computed(() => queue.uploadedIds.value.length > 0),
  };
}
