import { useMutation, useQuery } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DispatchShipmentMutation as DispatchResult } from '#gql/graphql';
import { errorField, errorKind, useErrorMessage } from '#shared/errors/errorMessage';
import { CouriersQuery, DispatchShipmentMutation } from '../graphql/dispatch';
import type { DispatchRow } from './dispatchRows';
import { isDispatchField, serverFieldMessage, validateDispatch, type DispatchFormValues, type FieldErrors } from './dispatchValidation';

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
  const errors = ref<FieldErrors>({});
  const formError = ref<string | null>(null);
  const submitting = ref(false);

  const courierOptions = computed(() =>
    (couriers.data.value?.couriers ?? []).map((load) => ({
      value: load.courier.id,
      label: t('dispatch.form.courierLoad', { name: load.courier.displayName, phone: load.phone, n: load.activeParcels }),
    })),
  );

  async function submit(): Promise<void> {
    if (submitting.value) return;
    formError.value = null;
    const checked = validateDispatch(row.id, row.version, values);
    errors.value = checked.ok ? {} : checked.errors;
    if (!checked.ok) return;
    submitting.value = true;
    try {
      const { pickupAt, ...rest } = checked.input;
      const result = await executeMutation({ input: { ...rest, pickupAt: pickupAt.toISOString() } });
      if (result.data) {
        on.dispatched(result.data.dispatchShipment);
        return;
      }
      const kind = errorKind(result.error);
      const field = errorField(result.error);
      if (kind === 'BAD_USER_INPUT' && isDispatchField(field)) {
        errors.value = { [field]: serverFieldMessage(field) };
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
    submitting,
    courierOptions,
    couriersLoading: computed(() => couriers.fetching.value),
    couriersError: computed(() => (couriers.error.value ? errorMessage(couriers.error.value) : null)),
    submit,
  };
}
