import { ComplaintStatus as C, Role } from './enums.js';
import { canComplaintTransition, canDispute, isComplaintOpen } from './complaint-machine.js';

/** What a photo shows (Shopee's list for missing items, plus OTHER). */
export const EvidenceKind = {
  PACKAGE_EXTERIOR: 'PACKAGE_EXTERIOR',
  WAYBILL_LABEL: 'WAYBILL_LABEL',
  CONTENTS: 'CONTENTS',
  SCALE: 'SCALE',
  OTHER: 'OTHER',
  /** Courier evidence at delivery: the parcel at the door (issue 20). */
  DOOR: 'DOOR',
  /** Courier evidence at delivery: the parcel in a locker or station compartment, with its pickup code. */
  LOCKER: 'LOCKER',
} as const;
export type EvidenceKind = (typeof EvidenceKind)[keyof typeof EvidenceKind];
/** What a buyer tags their evidence with. */
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['PACKAGE_EXTERIOR', 'WAYBILL_LABEL', 'CONTENTS', 'SCALE', 'OTHER'];

/**
 * Courier evidence (issue 20): a SCALE photo at pickup, a DOOR or LOCKER photo at delivery. One of
 * each moment per parcel; shown on the parcel page and in the case.
 */
export const COURIER_PHOTO_KINDS: readonly EvidenceKind[] = ['SCALE', 'DOOR', 'LOCKER'];
/** The moment a courier photo belongs to: the pickup scan or the delivery scan. */
export function courierPhotoMoment(kind: EvidenceKind): 'PICKUP' | 'DELIVERY' | null {
  if (kind === 'SCALE') return 'PICKUP';
  if (kind === 'DOOR' || kind === 'LOCKER') return 'DELIVERY';
  return null;
}

/** The photos a short-shipment case needs before an agent can judge it. */
export const REQUIRED_EVIDENCE: readonly EvidenceKind[] = [EvidenceKind.WAYBILL_LABEL, EvidenceKind.CONTENTS];

/** The kinds still missing from a set of photos, in the order of REQUIRED_EVIDENCE. */
export function missingEvidence(kinds: readonly EvidenceKind[]): EvidenceKind[] {
  return REQUIRED_EVIDENCE.filter((kind) => !kinds.includes(kind));
}

export const ResolutionKind = {
  REFUND: 'REFUND',
  RESHIP: 'RESHIP',
  REJECT: 'REJECT',
} as const;
export type ResolutionKind = (typeof ResolutionKind)[keyof typeof ResolutionKind];

export const WeightVerdict = {
  SUPPORTS_CLAIM: 'SUPPORTS_CLAIM',
  CONTRADICTS_CLAIM: 'CONTRADICTS_CLAIM',
  INCONCLUSIVE: 'INCONCLUSIVE',
} as const;
export type WeightVerdict = (typeof WeightVerdict)[keyof typeof WeightVerdict];

/** Where the weight compared against came from. */
export const WeightSource = {
  PICKUP_SCALE: 'PICKUP_SCALE',
  WAYBILL_DECLARED: 'WAYBILL_DECLARED',
} as const;
export type WeightSource = (typeof WeightSource)[keyof typeof WeightSource];

export interface WeightCheckInput {
  /** What the parcels carrying the claimed lines should weigh (Σ quantity × unit weight). */
  expectedGrams: number;
  /** What was weighed or declared for those parcels. */
  observedGrams: number;
  source: WeightSource;
  /** The claimed missing units with their unit weights. */
  claimed: readonly { quantity: number; unitWeightGrams: number }[];
}

export interface WeightCheck {
  expectedGrams: number;
  observedGrams: number;
  source: WeightSource;
  claimedGrams: number;
  missingGrams: number;
  impliedMissingUnits: number;
  toleranceGrams: number;
  verdict: WeightVerdict;
}

/**
 * Compares what the parcel should have weighed with what it did. Packaging and scales differ, so
 * differences within max(50 g, 5 % of the expected weight) count as none. Only a courier's scale
 * is evidence: a waybill's declared weight is the merchant's word, so it never decides a verdict.
 */
/** What scales and packaging may differ by: max(50 g, 5 % of the expected weight). */
export function weightToleranceGrams(expectedGrams: number): number {
  return Math.max(50, Math.round(expectedGrams * 0.05));
}

export function checkWeight(input: WeightCheckInput): WeightCheck {
  const claimedGrams = input.claimed.reduce((sum, c) => sum + c.quantity * c.unitWeightGrams, 0);
  const claimedUnits = input.claimed.reduce((sum, c) => sum + c.quantity, 0);
  const missingGrams = Math.max(0, input.expectedGrams - input.observedGrams);
  const toleranceGrams = weightToleranceGrams(input.expectedGrams);
  const unitGrams = claimedUnits > 0 ? claimedGrams / claimedUnits : 0;
  const impliedMissingUnits = unitGrams > 0 && missingGrams > toleranceGrams ? Math.round(missingGrams / unitGrams) : 0;
  let verdict: WeightVerdict = WeightVerdict.INCONCLUSIVE;
  if (input.source === WeightSource.PICKUP_SCALE && claimedGrams > 0) {
    if (missingGrams >= claimedGrams - toleranceGrams) verdict = WeightVerdict.SUPPORTS_CLAIM;
    else if (missingGrams <= toleranceGrams) verdict = WeightVerdict.CONTRADICTS_CLAIM;
  }
  return { expectedGrams: input.expectedGrams, observedGrams: input.observedGrams, source: input.source, claimedGrams, missingGrams, impliedMissingUnits, toleranceGrams, verdict };
}

/** Suggested refund: missing units × unit price, never above what is left of what was paid. */
export function suggestRefundCents(claimed: readonly { quantity: number; unitPriceCents: number }[], refundableCents: number): number {
  const value = claimed.reduce((sum, c) => sum + c.quantity * c.unitPriceCents, 0);
  return Math.max(0, Math.min(value, refundableCents));
}

/** What a viewer may do with a complaint now; the server answers it per viewer as `allowedActions`. */
export const ComplaintAction = {
  ASSIGN: 'ASSIGN',
  ADD_INTERNAL_NOTE: 'ADD_INTERNAL_NOTE',
  ADD_PUBLIC_REPLY: 'ADD_PUBLIC_REPLY',
  REQUEST_MORE_EVIDENCE: 'REQUEST_MORE_EVIDENCE',
  RESOLVE: 'RESOLVE',
  ATTACH_EVIDENCE: 'ATTACH_EVIDENCE',
  ACCEPT_RESOLUTION: 'ACCEPT_RESOLUTION',
  DISPUTE_RESOLUTION: 'DISPUTE_RESOLUTION',
  WITHDRAW: 'WITHDRAW',
} as const;
export type ComplaintAction = (typeof ComplaintAction)[keyof typeof ComplaintAction];

export interface ComplaintActionContext {
  role: Role;
  status: C;
  /** The viewer is the complaint's buyer (for BUYER) or its order's store (for MERCHANT). */
  isParty: boolean;
  disputes: number;
  /** The buyer already answered the current decision. */
  responded: boolean;
}

/** Actions by role and state, guarded by the state machine. */
export function complaintActions(ctx: ComplaintActionContext): ComplaintAction[] {
  const A = ComplaintAction;
  const open = isComplaintOpen(ctx.status);
  const actions: ComplaintAction[] = [];
  if (ctx.role === Role.AGENT) {
    if (open) actions.push(A.ASSIGN);
    actions.push(A.ADD_INTERNAL_NOTE);
    if (ctx.status !== C.CLOSED && ctx.status !== C.WITHDRAWN) actions.push(A.ADD_PUBLIC_REPLY);
    if (ctx.status === C.SUBMITTED || ctx.status === C.IN_REVIEW) {
      actions.push(A.REQUEST_MORE_EVIDENCE, A.RESOLVE);
    }
  } else if (ctx.role === Role.BUYER && ctx.isParty) {
    if (open) actions.push(A.ATTACH_EVIDENCE, A.ADD_PUBLIC_REPLY);
    if (!ctx.responded && canComplaintTransition(ctx.status, C.CLOSED)) actions.push(A.ACCEPT_RESOLUTION);
    if (!ctx.responded && canDispute(ctx.status, ctx.disputes)) actions.push(A.DISPUTE_RESOLUTION);
    if (canComplaintTransition(ctx.status, C.WITHDRAWN)) actions.push(A.WITHDRAW);
  } else if (ctx.role === Role.MERCHANT && ctx.isParty) {
    if (ctx.status !== C.CLOSED && ctx.status !== C.WITHDRAWN) actions.push(A.ADD_PUBLIC_REPLY);
  }
  return actions;
}
