import { ComplaintStatus, WeightSource, WeightVerdict } from '@parceldesk/shared';
import { registerEnumType } from 'type-graphql';
import type { AutoDecisionPolicy } from '../config.js';
import type { ComplaintSignals } from './complaint.types.js';

/*
 * The documented rules of an instant decision (docs/trust.md lists them with their values). A case
 * is refunded without a person only when every rule passes; the rules read the facts stored when
 * the photos and scans arrived (the case's signals) and the buyer's own case history, never who
 * the buyer is otherwise (no name, phone, address, spending or account age).
 */
export const AutoRule = {
  /** Nobody has worked the case yet (still SUBMITTED, unassigned, never disputed). */
  UNTOUCHED: 'UNTOUCHED',
  /** The courier's pickup scale supports the claim: light by at least the claimed units (within the tolerance). */
  WEIGHT_SUPPORTS_CLAIM: 'WEIGHT_SUPPORTS_CLAIM',
  /** No parcel carrying a claimed line is still on its way. */
  NOTHING_ON_THE_WAY: 'NOTHING_ON_THE_WAY',
  /** The required photo kinds (waybill label, contents) are attached. */
  REQUIRED_PHOTOS: 'REQUIRED_PHOTOS',
  /** Every photo was checked for reuse (its perceptual hash could be computed). */
  PHOTOS_CHECKED: 'PHOTOS_CHECKED',
  /** No photo shows the same picture as a photo of another case or of another person. */
  NO_REUSED_PHOTO: 'NO_REUSED_PHOTO',
  /** No photo was taken (EXIF capture time) before the parcel was delivered. */
  NO_PRE_DELIVERY_PHOTO: 'NO_PRE_DELIVERY_PHOTO',
  /** The buyer's other cases in the recent window are at most the threshold. */
  RECENT_CASES: 'RECENT_CASES',
  /** The refund is above zero and at most the cap. */
  AMOUNT_UNDER_CAP: 'AMOUNT_UNDER_CAP',
} as const;
export type AutoRule = (typeof AutoRule)[keyof typeof AutoRule];
registerEnumType(AutoRule, { name: 'AutoRule', description: 'A rule of the instant decision (docs/trust.md)' });

export const AUTO_RULES: readonly AutoRule[] = Object.values(AutoRule);

/** What the rules read about one case. */
export interface AutoFacts {
  status: ComplaintStatus;
  assigned: boolean;
  disputes: number;
  signals: Pick<ComplaintSignals, 'weightCheck' | 'evidenceChecklist' | 'nearDuplicates' | 'duplicatePhotos' | 'preDeliveryPhotos' | 'uncheckedPhotoIds' | 'suggestedRefundCents'> & {
    parcelsOnTheWay: unknown[];
  };
  /** Units the case claims, over all its lines. */
  claimedUnits: number;
  /** The buyer's other cases filed within the policy's window, withdrawn ones left out. */
  recentCases: number;
}

export interface AutoCheck {
  rule: AutoRule;
  passed: boolean;
  /** The figures the rule compared, for agents and the record (e.g. "1050/1100/110"). */
  detail: string;
}

/** Every rule, each with its outcome; the case is refunded when all pass. */
export function evaluateAutoRules(facts: AutoFacts, policy: Pick<AutoDecisionPolicy, 'maxRefundCents' | 'maxRecentCases' | 'recentDays'>): { refund: boolean; refundCents: number; checks: AutoCheck[] } {
  const { signals } = facts;
  const weight = signals.weightCheck;
  const refundCents = signals.suggestedRefundCents;
  const checks: AutoCheck[] = [
    {
      rule: AutoRule.UNTOUCHED,
      passed: facts.status === ComplaintStatus.SUBMITTED && !facts.assigned && facts.disputes === 0,
      detail: `${facts.status}${facts.assigned ? ':assigned' : ''}${facts.disputes ? ':disputed' : ''}`,
    },
    {
      rule: AutoRule.WEIGHT_SUPPORTS_CLAIM,
      passed:
        weight !== null &&
        weight.source === WeightSource.PICKUP_SCALE &&
        weight.verdict === WeightVerdict.SUPPORTS_CLAIM &&
        weight.impliedMissingUnits >= facts.claimedUnits,
      detail: weight ? `${weight.verdict}:${weight.source}:missing ${weight.missingGrams} g of ${weight.expectedGrams} g, claimed ${weight.claimedGrams} g, tolerance ${weight.toleranceGrams} g, units ${weight.impliedMissingUnits}/${facts.claimedUnits}` : 'no delivered parcel weighed',
    },
    { rule: AutoRule.NOTHING_ON_THE_WAY, passed: signals.parcelsOnTheWay.length === 0, detail: String(signals.parcelsOnTheWay.length) },
    {
      rule: AutoRule.REQUIRED_PHOTOS,
      passed: signals.evidenceChecklist.complete,
      detail: signals.evidenceChecklist.missing.join(',') || 'complete',
    },
    { rule: AutoRule.PHOTOS_CHECKED, passed: signals.uncheckedPhotoIds.length === 0, detail: String(signals.uncheckedPhotoIds.length) },
    {
      rule: AutoRule.NO_REUSED_PHOTO,
      passed: signals.nearDuplicates.length === 0 && signals.duplicatePhotos.length === 0,
      detail: String(signals.nearDuplicates.length + signals.duplicatePhotos.length),
    },
    { rule: AutoRule.NO_PRE_DELIVERY_PHOTO, passed: signals.preDeliveryPhotos.length === 0, detail: String(signals.preDeliveryPhotos.length) },
    {
      rule: AutoRule.RECENT_CASES,
      passed: facts.recentCases <= policy.maxRecentCases,
      detail: `${facts.recentCases}/${policy.maxRecentCases} in ${policy.recentDays} days`,
    },
    { rule: AutoRule.AMOUNT_UNDER_CAP, passed: refundCents > 0 && refundCents <= policy.maxRefundCents, detail: `${refundCents}/${policy.maxRefundCents}` },
  ];
  return { refund: checks.every((check) => check.passed), refundCents, checks };
}

/** The decision's reason as the buyer reads it on the case (the marketplace's language; the app words it per locale from the checks). */
export function refundReason(facts: AutoFacts, refundCents: number): string {
  const weight = facts.signals.weightCheck!;
  const yuan = (refundCents / 100).toFixed(2);
  return `自动核验通过：揽收称重比应重少 ${weight.missingGrams} g（约 ${weight.impliedMissingUnits} 件），与您申报的缺少数量一致；照片齐全且未发现重复使用。已退款 ¥${yuan}。`;
}
