import type { ShipmentStatus } from '@parceldesk/shared';
import type { Client } from '@urql/vue';
import type { RecordTrackingEventMutation as RecordResult } from '#gql/graphql';
import { toastFail as showFailToast, toastSuccess as showSuccessToast } from '#mobile/composables/toast';
import { errorKind, type useErrorMessage } from '#shared/errors/errorMessage';
import { statusLabelKey } from '#shared/shipments/status';
import { RecordTrackingEventMutation } from '../graphql/scan';
import type { ScanExtras } from './scanInput';

export type ScannedShipment = RecordResult['recordTrackingEvent'];
/** The parcel a scan is for, at the version the courier saw. */
export interface ScanTarget {
  id: string;
  version: number;
  waybillNo: string;
}

/** How a sent scan ended: recorded (or the parcel had moved on: close), or refused (stay open). */
export type ScanOutcome = { done: true } | { done: false; inputError?: string | null };

export interface ScanSendContext {
  client: Client;
  t: (key: string, values?: Record<string, unknown>) => string;
  errorMessage: ReturnType<typeof useErrorMessage>;
  /** Whether a BAD_USER_INPUT can be shown in the open dialog rather than as a toast. */
  dialogOpen: () => boolean;
  onRecorded(shipment: ScannedShipment): void;
  onStale(): void;
}

/**
 * Sends one scan with the version the courier saw. Loaded on the first tap (with the toasts), not
 * with the courier's list: the landing's first load has an 85 KB budget.
 */
export async function sendScan(ctx: ScanSendContext, target: ScanTarget, status: ShipmentStatus, extras: ScanExtras): Promise<ScanOutcome> {
  const input = { shipmentId: target.id, status, expectedVersion: target.version, ...extras };
  const result = await ctx.client.mutation(RecordTrackingEventMutation, { input }).toPromise();
  const kind = errorKind(result.error);
  if (result.data) {
    showSuccessToast(ctx.t('deliveries.scan.done', { status: ctx.t(statusLabelKey(status)) }));
    ctx.onRecorded(result.data.recordTrackingEvent);
    return { done: true };
  }
  if (kind === 'NOT_FOUND') {
    // Re-dispatched to someone else meanwhile: the list drops it.
    showFailToast(ctx.t('deliveries.scan.gone'));
    ctx.onStale();
    return { done: true };
  }
  if (kind === 'CONFLICT' || kind === 'INVALID_TRANSITION') {
    showFailToast(ctx.errorMessage(result.error, { CONFLICT: 'deliveries.scan.conflict' }) ?? '');
    ctx.onStale();
    return { done: true };
  }
  if (kind === 'BAD_USER_INPUT' && ctx.dialogOpen()) return { done: false, inputError: ctx.errorMessage(result.error) ?? null };
  showFailToast(ctx.errorMessage(result.error) ?? '');
  return { done: false };
}
