import type { DeliveryReceipt, ShipmentStatus } from '@parceldesk/shared';
import { useMutation } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { RecordTrackingEventMutation as RecordResult } from '#gql/graphql';
import { toastFail as showFailToast, toastSuccess as showSuccessToast } from '#mobile/composables/toast';
import { errorKind, useErrorMessage } from '#shared/errors/errorMessage';
import { statusLabelKey } from '#shared/shipments/status';
import { RecordTrackingEventMutation } from '../graphql/deliveries';
import { scanNeedsInput, type ScanExtras, type ScanField, type ScanInputKind } from './scanInput';
import '../locales';

export type ScannedShipment = RecordResult['recordTrackingEvent'];
export interface ScanTarget {
  id: string;
  version: number;
  waybillNo: string;
}

/**
 * The courier's one-tap scans. Taps that need input open the dialog first; every scan sends the
 * version the courier saw, and a CONFLICT (someone else moved the parcel) says so and reloads.
 */
export function useCourierScan(options: { onRecorded(shipment: ScannedShipment): void; onStale(): void }) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const { executeMutation } = useMutation(RecordTrackingEventMutation);
  const busy = ref<string | null>(null);
  const dialog = reactive({
    open: false,
    kind: null as ScanInputKind | null,
    status: null as ShipmentStatus | null,
    target: null as ScanTarget | null,
    weight: '',
    note: '',
    receivedBy: null as DeliveryReceipt | null,
    pickupCode: '',
    error: null as string | null,
    errorField: null as ScanField | null,
  });

  async function send(target: ScanTarget, status: ShipmentStatus, extras: ScanExtras) {
    // One scan at a time: a second tap while one is in flight would only meet "状态已变化".
    if (busy.value) return false;
    busy.value = `${target.id}:${status}`;
    try {
      const input = { shipmentId: target.id, status, expectedVersion: target.version, ...extras };
      const result = await executeMutation({ input });
      const kind = errorKind(result.error);
      if (result.data) {
        showSuccessToast(t('deliveries.scan.done', { status: t(statusLabelKey(status)) }));
        options.onRecorded(result.data.recordTrackingEvent);
        return true;
      }
      if (kind === 'NOT_FOUND') {
        // Re-dispatched to someone else meanwhile: the list drops it.
        showFailToast(t('deliveries.scan.gone'));
        options.onStale();
        return true;
      }
      if (kind === 'CONFLICT' || kind === 'INVALID_TRANSITION') {
        showFailToast(errorMessage(result.error, { CONFLICT: 'deliveries.scan.conflict' }) ?? '');
        options.onStale();
        return true;
      }
      if (kind === 'BAD_USER_INPUT' && dialog.open) {
        dialog.error = errorMessage(result.error);
        dialog.errorField = null;
        return false;
      }
      showFailToast(errorMessage(result.error) ?? '');
      return false;
    } finally {
      busy.value = null;
    }
  }

  function tap(target: ScanTarget, status: ShipmentStatus): void {
    const kind = scanNeedsInput(status);
    if (!kind) {
      void send(target, status, {});
      return;
    }
    Object.assign(dialog, { open: true, kind, status, target, weight: '', note: '', receivedBy: null, pickupCode: '', error: null, errorField: null });
  }

  /** The dialog's OK: true when it may close (sent, or the parcel had moved on). */
  async function confirm(): Promise<boolean> {
    if (!dialog.status || !dialog.target) return true;
    const { checkScanInput } = await import('./scanCheck');
    const checked = checkScanInput(dialog.status, dialog);
    if (!checked.ok) {
      dialog.error = t(checked.messageKey);
      dialog.errorField = checked.field;
      return false;
    }
    dialog.error = null;
    dialog.errorField = null;
    const done = await send(dialog.target, dialog.status, checked.extras);
    if (done) dialog.open = false;
    return done;
  }

  return {
    tap,
    confirm,
    dialog,
    busy,
    anyBusy: computed(() => busy.value !== null),
    isBusy: (id: string, status: ShipmentStatus) => busy.value === `${id}:${status}`,
  };
}
