import { dispatchShipmentSchema, type DispatchChannel } from '@parceldesk/shared';
import { pickupToSend, PICKUP_NOW_TOLERANCE_MS } from './pickupTime';

export interface DispatchFormValues {
  courierId: string | null;
  channel: DispatchChannel;
  /** Epoch milliseconds (what n-date-picker holds); null until chosen. */
  pickupAt: number | null;
  pickupAddress: string;
  note: string;
}

export type DispatchField = 'courierId' | 'channel' | 'pickupAt' | 'pickupAddress' | 'note';
export type FieldErrors = Partial<Record<DispatchField, string>>;

const FIELDS: readonly DispatchField[] = ['courierId', 'channel', 'pickupAt', 'pickupAddress', 'note'];
export const isDispatchField = (value: unknown): value is DispatchField => FIELDS.includes(value as DispatchField);

/** i18n keys per field: what is wrong, in words the merchant can act on. */
const MESSAGE: Record<DispatchField, string> = {
  courierId: 'dispatch.form.errors.courierId',
  channel: 'dispatch.form.errors.channel',
  pickupAt: 'dispatch.form.errors.pickupAt',
  pickupAddress: 'dispatch.form.errors.pickupAddress',
  note: 'dispatch.form.errors.note',
};

/**
 * The shared zod schema (the server's rules) plus "pickup not in the past", which the schema leaves
 * to a clock. Answers the input to send, or an i18n key per invalid field.
 */
export function validateDispatch(
  shipmentId: string,
  expectedVersion: number,
  values: DispatchFormValues,
  now: number = Date.now(),
): { ok: true; input: ReturnType<typeof dispatchShipmentSchema.parse> } | { ok: false; errors: FieldErrors } {
  const parsed = dispatchShipmentSchema.safeParse({
    shipmentId,
    expectedVersion,
    courierId: values.courierId ?? '',
    channel: values.channel,
    pickupAt: values.pickupAt === null ? undefined : new Date(values.pickupAt),
    pickupAddress: values.pickupAddress,
    note: values.note.trim() || null,
  });
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (isDispatchField(field)) {
        // Only "too long" has its own words; an address of spaces or invisible characters is missing.
        errors[field] ??= field === 'pickupAddress' && issue.code === 'too_big' ? 'dispatch.form.errors.pickupAddressLong' : MESSAGE[field];
      }
    }
  }
  // "此刻/Now" picked a minute ago is now, not the past: it is sent as the moment of sending.
  if (values.pickupAt !== null && values.pickupAt < now - PICKUP_NOW_TOLERANCE_MS) errors.pickupAt = 'dispatch.form.errors.pickupPast';
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, input: { ...parsed.data, pickupAt: new Date(pickupToSend(parsed.data.pickupAt.getTime(), now)) } };
  }
  return { ok: false, errors };
}

/**
 * The message key for a server BAD_USER_INPUT on `field` (its `extensions.field`). Presence was
 * checked here already, so the server refuses for another reason: a pickup time that has passed
 * meanwhile, a courier who can no longer take parcels.
 */
export function serverFieldMessage(field: DispatchField): string {
  if (field === 'pickupAt') return 'dispatch.form.errors.pickupPast';
  if (field === 'courierId') return 'dispatch.form.errors.courierInvalid';
  return MESSAGE[field];
}
