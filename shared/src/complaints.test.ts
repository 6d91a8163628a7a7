import { describe, expect, it } from 'vitest';
import {
  checkWeight,
  complaintActions,
  ComplaintAction as A,
  missingEvidence,
  suggestRefundCents,
  WeightSource,
  WeightVerdict,
} from './complaints.js';
import { fileComplaintSchema, resolveComplaintSchema } from './complaint-schemas.js';

describe('evidence checklist', () => {
  it('asks for the waybill and the contents until both are there', () => {
    expect(missingEvidence([])).toEqual(['WAYBILL_LABEL', 'CONTENTS']);
    expect(missingEvidence(['CONTENTS', 'SCALE'])).toEqual(['WAYBILL_LABEL']);
    expect(missingEvidence(['WAYBILL_LABEL', 'CONTENTS'])).toEqual([]);
  });
});

describe('weight check', () => {
  const grapes = [{ quantity: 1, unitWeightGrams: 1100 }];
  it('supports a claim when the pickup scale is light by the claimed units', () => {
    const check = checkWeight({ expectedGrams: 2200, observedGrams: 1150, source: WeightSource.PICKUP_SCALE, claimed: grapes });
    expect(check).toMatchObject({ missingGrams: 1050, claimedGrams: 1100, impliedMissingUnits: 1, toleranceGrams: 110, verdict: WeightVerdict.SUPPORTS_CLAIM });
  });
  it('contradicts a claim when the parcel weighed what it should', () => {
    const check = checkWeight({ expectedGrams: 2200, observedGrams: 2190, source: WeightSource.PICKUP_SCALE, claimed: grapes });
    expect(check.verdict).toBe(WeightVerdict.CONTRADICTS_CLAIM);
    expect(check.impliedMissingUnits).toBe(0);
  });
  it('is inconclusive between the two, and whenever only the declared weight is known', () => {
    expect(checkWeight({ expectedGrams: 2200, observedGrams: 1800, source: WeightSource.PICKUP_SCALE, claimed: grapes }).verdict).toBe(WeightVerdict.INCONCLUSIVE);
    expect(checkWeight({ expectedGrams: 2200, observedGrams: 1100, source: WeightSource.WAYBILL_DECLARED, claimed: grapes }).verdict).toBe(WeightVerdict.INCONCLUSIVE);
  });
});

describe('suggested refund', () => {
  it('is missing units × price, capped at what is refundable', () => {
    expect(suggestRefundCents([{ quantity: 1, unitPriceCents: 5990 }], 11980)).toBe(5990);
    expect(suggestRefundCents([{ quantity: 2, unitPriceCents: 5990 }], 8000)).toBe(8000);
    expect(suggestRefundCents([{ quantity: 1, unitPriceCents: 100 }], -5)).toBe(0);
  });
});

describe('allowed actions', () => {
  const base = { isParty: true, disputes: 0, responded: false };
  it('lets agents work open cases and only note closed ones', () => {
    expect(complaintActions({ ...base, role: 'AGENT', status: 'IN_REVIEW' })).toEqual(
      expect.arrayContaining([A.ASSIGN, A.REQUEST_MORE_EVIDENCE, A.RESOLVE, A.ADD_INTERNAL_NOTE]),
    );
    expect(complaintActions({ ...base, role: 'AGENT', status: 'AWAITING_BUYER' })).not.toContain(A.RESOLVE);
    expect(complaintActions({ ...base, role: 'AGENT', status: 'CLOSED' })).toEqual([A.ADD_INTERNAL_NOTE]);
  });
  it('lets the buyer answer a decision once and dispute it only once', () => {
    expect(complaintActions({ ...base, role: 'BUYER', status: 'RESOLVED' })).toEqual([A.ACCEPT_RESOLUTION, A.DISPUTE_RESOLUTION]);
    expect(complaintActions({ ...base, role: 'BUYER', status: 'RESOLVED', disputes: 1 })).toEqual([A.ACCEPT_RESOLUTION]);
    expect(complaintActions({ ...base, role: 'BUYER', status: 'RESOLVED', responded: true })).toEqual([]);
    expect(complaintActions({ ...base, role: 'BUYER', status: 'AWAITING_BUYER' })).toEqual([A.ATTACH_EVIDENCE, A.ADD_PUBLIC_REPLY, A.WITHDRAW]);
  });
  it('gives other buyers and couriers nothing, merchants a public reply only', () => {
    expect(complaintActions({ ...base, role: 'BUYER', status: 'IN_REVIEW', isParty: false })).toEqual([]);
    expect(complaintActions({ ...base, role: 'COURIER', status: 'IN_REVIEW' })).toEqual([]);
    expect(complaintActions({ ...base, role: 'MERCHANT', status: 'IN_REVIEW' })).toEqual([A.ADD_PUBLIC_REPLY]);
  });
});

describe('complaint schemas', () => {
  it('names the field that is wrong', () => {
    const result = fileComplaintSchema.safeParse({ orderId: 'o', missingItems: [], description: ' ', evidenceIds: [], idempotencyKey: 'k' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['missingItems', 'description', 'idempotencyKey']);
  });
  it('needs an amount to refund and a reason to reject', () => {
    expect(resolveComplaintSchema.safeParse({ kind: 'REFUND' }).error!.issues[0]!.path).toEqual(['refundCents']);
    expect(resolveComplaintSchema.safeParse({ kind: 'REJECT', reason: '  ' }).error!.issues[0]!.path).toEqual(['reason']);
    expect(resolveComplaintSchema.safeParse({ kind: 'RESHIP' }).success).toBe(true);
  });
});
