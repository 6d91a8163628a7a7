import { useMutation, useQuery } from '@urql/vue';
import { computed, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DispatchShipmentMutation as DispatchResult } from '#gql/graphql';
import { useDraft } from '#shared/composables/useDraft';
import { errorField, errorKind, useErrorMessage } from '#shared/errors/errorMessage';
import { timeZone } from '#shared/format/datetime';
import { CouriersQuery, DispatchShipmentMutation } from '../graphql/dispatch';
import type { DispatchRow } from './dispatchRows';
import { isDispatchField, serverFieldMessage, validateDispatch, type DispatchField, type DispatchFormValues, type FieldErrors } from './dispatchValidation';
import { parsePickupTime } from './pickupTime';

/** Order of the fields on screen: the first one at fault gets the focus. */
const FIELD_ORDER: readonly DispatchField[] = ['courierId', 'channel', 'pickupAt', 'pickupAddress', 'note'];

export type DispatchedShipment = DispatchResult['dispatchShipment'];

/**
 * 人工派单 for one parcel: the couriers to choose from (with their load), the fields prefilled from
 * the last dispatch, local checks, then the server's answer on the field it names or as a message.
 */
export function useDispatchForm(row: DispatchRow, on: { dispatched(s: DispatchedShipment): void; stale(): void }) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const couriers = useQuery({ query: CouriersQuery, requestPolicy: 'network-only' });
  const { executeMutation } = useMutation(DispatchShipmentMutation);

  const values = reactive<DispatchFormValues>({
    courierId: row.courierId,
    channel: row.channel ?? 'PHONE',
    pickupAt: null,
    pickupAddress: row.pickupAddress ?? '',
    note: '',
  });
  // Half-typed values survive Back, a reload and a sign-in after the session expired.
  const draft = useDraft(`dispatch.${row.id}`, values);
  const errors = ref<FieldErrors>({});
  /** Said by the form's polite live region: how many fields need fixing, and which. */
  const announcement = ref('');
  /** Bumped with each refused submit: the view moves the focus to `firstInvalid`. */
  const refusals = ref(0);
  const firstInvalid = computed(() => FIELD_ORDER.find((field) => errors.value[field]) ?? null);
  // A field's message goes once the field is changed (a time picked after "please choose a time").
  for (const field of FIELD_ORDER) {
    watch(
      () => values[field],
      () => {
        if (!errors.value[field]) return;
        const { [field]: _fixed, ...rest } = errors.value;
        errors.value = rest;
      },
    );
  }
  const formError = ref<string | null>(null);
  const submitting = ref(false);

  const courierOptions = computed(() =>
    (couriers.data.value?.couriers ?? []).map((load) => ({
      value: load.courier.id,
      label: t('dispatch.form.courierLoad', { name: load.courier.displayName, phone: load.phone, n: load.activeParcels }),
    })),
  );

  function refuse(found: FieldErrors): void {
    errors.value = found;
    const names = FIELD_ORDER.filter((field) => found[field]).map((field) => t(found[field]!));
    announcement.value = t('dispatch.form.errors.summary', { n: names.length, list: names.join('；') });
    refusals.value += 1;
  }

  /**
   * Text typed into the pickup field, read in the viewer's zone ("11-28 10:00", "１０：００"). An
   * unreadable text is said on the field at once, instead of silently keeping the old value.
   */
  function typedPickup(text: string): void {
    if (!text.trim()) return;
    const instant = parsePickupTime(text, timeZone.value);
    if (instant === null) {
      errors.value = { ...errors.value, pickupAt: 'dispatch.form.errors.pickupUnreadable' };
      return;
    }
    values.pickupAt = instant;
    const { pickupAt: _cleared, ...rest } = errors.value;
    errors.value = rest;
  }

  async function submit(): Promise<void> {
    if (submitting.value) return;
    formError.value = null;
    announcement.value = '';
    const checked = validateDispatch(row.id, row.version, values);
    if (!checked.ok) return refuse(checked.errors);
    errors.value = {};
    submitting.value = true;
    try {
      const { pickupAt, ...rest } = checked.input;
      const result = await executeMutation({ input: { ...rest, pickupAt: pickupAt.toISOString() } });
      if (result.data) {
        draft.clear();
        on.dispatched(result.data.dispatchShipment);
        return;
      }
      const kind = errorKind(result.error);
      const field = errorField(result.error);
      if (kind === 'BAD_USER_INPUT' && isDispatchField(field)) {
        refuse({ [field]: serverFieldMessage(field) });
      } else {
        formError.value = errorMessage(result.error);
        if (kind === 'CONFLICT' || kind === 'INVALID_TRANSITION') on.stale();
      }
    } finally {
      submitting.value = false;
    }
  }

  return {
    values,
    errors: computed(() => Object.fromEntries(Object.entries(errors.value).map(([k, key]) => [k, t(key)])) as FieldErrors),
    formError,
    announcement,
    refusals,
    firstInvalid,
    restoredDraft: draft.restored,
    typedPickup,
    submitting,
    courierOptions,
    couriersLoading: computed(() => couriers.fetching.value),
    couriersError: computed(() => (couriers.error.value ? errorMessage(couriers.error.value) : null)),
    submit,
  };
}
