import type { infer as Infer } from 'zod';
import { z } from './zod.js';
import { LIMITS } from './limits.js';
import { PHONE_PATTERN } from './phone.js';
import { multiLineText, requiredText, singleLineText } from './text.js';

export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'phone must be 11 digits starting with 1');

export const loginSchema = z.object({
  phone: phoneSchema,
  password: z.string().min(1, 'password is required').max(LIMITS.passwordMaxLength),
});
export type LoginInput = Infer<typeof loginSchema>;

/** 人工派单: what the merchant fills in. "Pickup not in the past" is checked by the server's clock. */
export const dispatchShipmentSchema = z.object({
  shipmentId: z.string().min(1),
  courierId: z.string().min(1, 'choose a courier'),
  channel: z.enum(['PHONE', 'APP']),
  pickupAt: z.date({ message: 'must be a date and time' }),
  pickupAddress: requiredText(singleLineText(LIMITS.addressMaxLength)),
  note: multiLineText(LIMITS.noteMaxLength).nullish(),
  expectedVersion: z.number().int().positive().nullish(),
});

export const weightGramsSchema = z
  .number()
  .int('must be whole grams')
  .positive('must be more than 0 g')
  .max(LIMITS.weightGramsMax, `must be at most ${LIMITS.weightGramsMax} g`);

/** A courier's scan. EXCEPTION needs a note saying what went wrong; only PICKED_UP carries a weight. */
export const trackingEventSchema = z
  .object({
    shipmentId: z.string().min(1),
    status: z.enum(['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'], {
      message: 'couriers record PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED or EXCEPTION',
    }),
    location: singleLineText(LIMITS.locationMaxLength).nullish(),
    note: multiLineText(LIMITS.noteMaxLength).nullish(),
    measuredWeightGrams: weightGramsSchema.nullish(),
    receivedBy: z.enum(['RECIPIENT', 'PROXY', 'LOCKER']).nullish(),
    pickupCode: singleLineText(LIMITS.pickupCodeMaxLength).nullish(),
    expectedVersion: z.number().int().positive().nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.status === 'EXCEPTION' && !input.note?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'an exception needs a note saying what happened' });
    }
    if (input.measuredWeightGrams != null && input.status !== 'PICKED_UP') {
      ctx.addIssue({ code: 'custom', path: ['measuredWeightGrams'], message: 'a weight is recorded at pickup only' });
    }
    if (input.receivedBy != null && input.status !== 'DELIVERED') {
      ctx.addIssue({ code: 'custom', path: ['receivedBy'], message: 'how a parcel was received is recorded at delivery only' });
    }
    const code = input.pickupCode?.trim();
    if (input.receivedBy === 'LOCKER' && !code) {
      ctx.addIssue({ code: 'custom', path: ['pickupCode'], message: 'a parcel left in a locker or station needs its pickup code' });
    }
    if (code && input.receivedBy !== 'LOCKER') {
      ctx.addIssue({ code: 'custom', path: ['pickupCode'], message: 'a pickup code goes with a locker or station delivery only' });
    }
  });

/** The merchant board's search (waybill, order number, buyer name or phone); GraphQL checks the status enum. */
export const merchantOrdersFilterSchema = z.object({
  search: singleLineText(LIMITS.searchMaxLength).nullish(),
});

/** Courier evidence (issue 20): a photo the courier uploaded, attached to the parcel they hold. */
export const courierPhotoSchema = z.object({
  shipmentId: z.string().min(1),
  evidenceId: z.string().min(1),
  kind: z.enum(['SCALE', 'DOOR', 'LOCKER'], { message: 'a courier photo is SCALE, DOOR or LOCKER' }),
  lockerCode: singleLineText(LIMITS.pickupCodeMaxLength).nullish(),
});
