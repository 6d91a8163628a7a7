import { checkWeight, missingEvidence, ShipmentStatus, suggestRefundCents, sumCents, WeightSource, type EvidenceKind } from '@parceldesk/shared';
import type { PhotoMatch } from '../trust/near-duplicates.js';
import type { ComplaintSignals, EvidenceChecklist, WeightCheckResult } from './complaint.types.js';

export function evidenceChecklist(kinds: EvidenceKind[]): EvidenceChecklist {
  const missing = missingEvidence(kinds);
  return { complete: missing.length === 0, present: [...new Set(kinds)], missing };
}

/** A parcel of the case's order as the signals weigh it: its items and its last pickup weighing. */
export interface ParcelFacts<P> {
  /** What `parcelsOnTheWay` answers for it. */
  parcel: P;
  id: string;
  status: ShipmentStatus;
  waybillNo: string;
  declaredWeightGrams: number;
  items: { lineId: string; quantity: number }[];
  /** The courier's scale at the last pickup scan that weighed it; null when none did. */
  weighed: number | null;
  deliveredAt: Date | null;
  /** The store's warning at pickup (shipments/pickup-alerts.ts), if the scale read light. */
  warning: { expectedGrams: number; weighedGrams: number; warnedAt: Date; sentAt: Date | null; supplementWaybillNo: string | null } | null;
}

/** Camera clocks drift: a capture time this much before delivery is still taken as after it. */
export const CAPTURE_CLOCK_SLACK_MS = 15 * 60_000;

/** What the signals of a case are worked out from (complaint.reads.ts reads it). */
export interface SignalFacts<P> {
  /** Every line of the order (what was paid, unit weights). */
  lines: { id: string; unitWeightGrams: number; unitPriceCents: number; lineTotalCents: number }[];
  /** The lines the case claims, with the units said to be missing. */
  claimed: { lineId: string; quantityMissing: number; unitWeightGrams: number; unitPriceCents: number }[];
  evidenceKinds: EvidenceKind[];
  /** The case's photos with their stored facts. */
  photos: { id: string; capturedAt: Date | null; reuseChecked: boolean }[];
  parcels: ParcelFacts<P>[];
  /** The parcel a RESHIP decision created: never "on the way" for the claim. */
  reshipmentId: string | null;
  /** Refunds granted on the order's other cases that stand. */
  refundedCents: number;
  /** Photos matching photos elsewhere (trust/near-duplicates.ts#photoMatches). */
  matches: PhotoMatch[];
}

/** What the case's figures say, from the data the shipments slice keeps: the shared rules decide. */
export function signalsOf<P>(facts: SignalFacts<P>): Omit<ComplaintSignals, 'parcelsOnTheWay'> & { parcelsOnTheWay: P[] } {
  const { lines, claimed, parcels } = facts;
  const claimedLineIds = new Set(claimed.map((i) => i.lineId));
  const carriesClaim = (p: ParcelFacts<P>) => p.items.some((it) => claimedLineIds.has(it.lineId));

  const delivered = parcels.filter((p) => p.status === ShipmentStatus.DELIVERED && carriesClaim(p));
  const parcelsOnTheWay = parcels.filter((p) => p.status !== ShipmentStatus.DELIVERED && p.id !== facts.reshipmentId && carriesClaim(p));

  let weightCheck: WeightCheckResult | null = null;
  if (delivered.length > 0) {
    const unitWeight = new Map(lines.map((l) => [l.id, l.unitWeightGrams]));
    const expectedGrams = delivered.reduce((sum, p) => sum + p.items.reduce((g, it) => g + it.quantity * (unitWeight.get(it.lineId) ?? 0), 0), 0);
    // The courier's scale at pickup is evidence; without it for every parcel, the waybill's
    // declared weight is all there is.
    const allWeighed = delivered.every((p) => p.weighed != null);
    const observedGrams = delivered.reduce((a, p) => a + (allWeighed ? p.weighed! : p.declaredWeightGrams), 0);
    const check = checkWeight({
      expectedGrams,
      observedGrams,
      source: allWeighed ? WeightSource.PICKUP_SCALE : WeightSource.WAYBILL_DECLARED,
      claimed: claimed.map((i) => ({ quantity: i.quantityMissing, unitWeightGrams: i.unitWeightGrams })),
    });
    weightCheck = { ...check, waybills: delivered.map((p) => p.waybillNo) };
  }

  // The earliest delivery of a parcel carrying a claimed line: a photo of what arrived is taken after it.
  const deliveries = delivered.flatMap((p) => (p.deliveredAt ? [p.deliveredAt.getTime()] : []));
  const deliveredAt = deliveries.length ? new Date(Math.min(...deliveries)) : null;
  const preDeliveryPhotos = deliveredAt
    ? facts.photos.flatMap((photo) =>
        photo.capturedAt && photo.capturedAt.getTime() < deliveredAt.getTime() - CAPTURE_CLOCK_SLACK_MS ? [{ evidenceId: photo.id, capturedAt: photo.capturedAt, deliveredAt }] : [],
      )
    : [];

  const paid = sumCents(lines.map((l) => l.lineTotalCents));
  const refundableCents = Math.max(0, paid - facts.refundedCents);
  return {
    evidenceChecklist: evidenceChecklist(facts.evidenceKinds),
    weightCheck,
    parcelsOnTheWay: parcelsOnTheWay.map((p) => p.parcel),
    // The first signal of reuse (kept as it was): the same bytes in another buyer's case.
    duplicatePhotos: facts.matches.flatMap((m) =>
      m.exact && m.otherComplaintId && !m.sameBuyer ? [{ evidenceId: m.evidenceId, sha256: m.sha256, otherComplaintId: m.otherComplaintId, otherCaseNo: m.otherCaseNo! }] : [],
    ),
    nearDuplicates: facts.matches.map(({ sha256: _sha, ...match }) => match),
    preDeliveryPhotos,
    storeWarnings: parcels.flatMap((p) => (p.warning ? [{ waybillNo: p.waybillNo, ...p.warning }] : [])),
    uncheckedPhotoIds: facts.photos.filter((photo) => !photo.reuseChecked).map((photo) => photo.id),
    suggestedRefundCents: suggestRefundCents(
      claimed.map((i) => ({ quantity: i.quantityMissing, unitPriceCents: i.unitPriceCents })),
      refundableCents,
    ),
    refundableCents,
  };
}
