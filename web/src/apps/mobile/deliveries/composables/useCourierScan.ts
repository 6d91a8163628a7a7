import type { DeliveryReceipt, ShipmentStatus } from '@parceldesk/shared';
import { useClientHandle } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useErrorMessage } from '#shared/errors/errorMessage';
import type { ScanExtras, ScanField } from './scanInput';
import { scanNeedsInput, type ScanInputKind } from './scanKinds';
import type { ScannedShipment, ScanSendContext, ScanTarget } from './scanSend';
import '../locales';

export type { ScannedShipment, ScanTarget };

/**
 * The courier's one-tap scans. Taps that need input open the dialog first; every scan sends the
 * version the courier saw, and a CONFLICT (someone else moved the parcel) says so and reloads.
 * Only the state lives here: sending (the mutation, the toasts) and checking the dialog's input
 * load on the first tap, so the courier's landing does not carry them (85 KB budget).
 */
export function useCourierScan(options: { onRecorded(shipment: ScannedShipment): void; onStale(): void }) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  // Taken now: the lazily loaded sender runs outside setup, where urql's inject no longer works.
  const { client } = useClientHandle();
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
  const context: ScanSendContext = { client, t, errorMessage, dialogOpen: () => dialog.open, ...options };

  async function send(target: ScanTarget, status: ShipmentStatus, extras: ScanExtras): Promise<boolean> {
    // One scan at a time: a second tap while one is in flight would only meet "状态已变化". Busy
    // from the tap on, so the button spins (and the others lock) while the sender loads too.
    if (busy.value) return false;
    busy.value = `${target.id}:${status}`;
    try {
      const { sendScan } = await import('./scanSend');
      const outcome = await sendScan(context, target, status, extras);
      if (!outcome.done && 'inputError' in outcome) {
        dialog.error = outcome.inputError ?? null;
        dialog.errorField = null;
      }
      return outcome.done;
    } catch (error) {
      // The sender's chunk could not be fetched (offline): nothing was sent, say so.
      const message = errorMessage({ networkError: error }) ?? '';
      if (dialog.open) {
        dialog.error = message;
        dialog.errorField = null;
      } else {
        const { toastFail } = await import('#mobile/composables/toast');
        toastFail(message);
      }
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
