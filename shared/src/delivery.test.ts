import { describe, expect, it } from 'vitest';
import { trackingEventSchema } from './schemas.js';
import { expectedCourierAction } from './shipment-machine.js';

const base = { shipmentId: 's1' };
const issuePath = (input: object) => trackingEventSchema.safeParse({ ...base, ...input }).error?.issues[0]?.path;

describe('delivery receipt in the scan schema', () => {
  it('takes how a parcel was received at delivery', () => {
    expect(trackingEventSchema.safeParse({ ...base, status: 'DELIVERED', receivedBy: 'RECIPIENT' }).success).toBe(true);
    expect(trackingEventSchema.safeParse({ ...base, status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: ' 8-2-3071 ' }).success).toBe(true);
  });
  it('needs a pickup code for a locker or station and refuses one otherwise', () => {
    expect(issuePath({ status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: '  ' })).toEqual(['pickupCode']);
    expect(issuePath({ status: 'DELIVERED', receivedBy: 'PROXY', pickupCode: '1234' })).toEqual(['pickupCode']);
    expect(issuePath({ status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: 'x'.repeat(21) })).toEqual(['pickupCode']);
  });
  it('takes a receipt at delivery only', () => {
    expect(issuePath({ status: 'OUT_FOR_DELIVERY', receivedBy: 'RECIPIENT' })).toEqual(['receivedBy']);
    expect(issuePath({ status: 'DELIVERED', receivedBy: 'SOMEONE' })).toEqual(['receivedBy']);
  });
});

describe('expectedCourierAction', () => {
  it('is the next step of the normal progress', () => {
    expect(expectedCourierAction('DISPATCHED')).toBe('PICKED_UP');
    expect(expectedCourierAction('PICKED_UP')).toBe('IN_TRANSIT');
    expect(expectedCourierAction('OUT_FOR_DELIVERY')).toBe('DELIVERED');
  });
  it('resumes after an exception from the step the parcel had reached', () => {
    expect(expectedCourierAction('EXCEPTION', 'OUT_FOR_DELIVERY')).toBe('DELIVERED');
    expect(expectedCourierAction('EXCEPTION', 'DISPATCHED')).toBe('PICKED_UP');
  });
  it('expects nothing of the courier before dispatch, after delivery or without history', () => {
    expect(expectedCourierAction('CREATED')).toBeNull();
    expect(expectedCourierAction('DELIVERED')).toBeNull();
    expect(expectedCourierAction('EXCEPTION', 'CREATED')).toBeNull();
    expect(expectedCourierAction('EXCEPTION')).toBeNull();
  });
});
