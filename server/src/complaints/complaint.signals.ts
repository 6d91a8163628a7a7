import type { EntityManager } from '@mikro-orm/postgresql';
import { checkWeight, missingEvidence, ShipmentStatus, suggestRefundCents, sumCents, WeightSource, type EvidenceKind } from '@parceldesk/shared';
import { Shipment } from '../shipments/shipment.entity.js';
import type { Complaint } from './complaint.entity.js';
import { duplicatePhotos, refundedCents } from './complaint.queries.js';
import type { ComplaintSignals, EvidenceChecklist, WeightCheckResult } from './complaint.types.js';

export function evidenceChecklist(kinds: EvidenceKind[]): EvidenceChecklist {
  const missing = missingEvidence(kinds);
  return { complete: missing.length === 0, present: [...new Set(kinds)], missing };
}

/** What the case's figures say, from the data the shipments slice keeps (one case at a time). */
export async function computeSignals(em: EntityManager, complaint: Complaint): Promise<ComplaintSignals> {
  const order = await complaint.order.loadOrFail();
  const [items, evidence, lines, shipments] = await Promise.all([
    complaint.items.loadItems({ populate: ['line'] }),
    complaint.evidence.loadItems(),
    order.lines.loadItems(),
    em.find(Shipment, { order: order.id }, { populate: ['items', 'events'], orderBy: { createdAt: 'asc', waybillNo: 'asc' } }),
  ]);
  const claimedLineIds = new Set(items.map((i) => i.line.id));
  const carriesClaim = (s: Shipment) => s.items.getItems().some((it) => claimedLineIds.has(it.line.id));
  const reshipId = complaint.reshipment?.id;

  const delivered = shipments.filter((s) => s.status === ShipmentStatus.DELIVERED && carriesClaim(s));
  const parcelsOnTheWay = shipments.filter((s) => s.status !== ShipmentStatus.DELIVERED && s.id !== reshipId && carriesClaim(s));

  let weightCheck: WeightCheckResult | null = null;
  if (delivered.length > 0) {
    const unitWeight = new Map(lines.map((l) => [l.id, l.unitWeightGrams]));
    const expectedGrams = delivered.reduce((sum, s) => sum + s.items.getItems().reduce((g, it) => g + it.quantity * (unitWeight.get(it.line.id) ?? 0), 0), 0);
    // The courier's scale at pickup is evidence; without it for every parcel, the waybill's
    // declared weight is all there is.
    const weighed = delivered.map((s) => s.events.getItems().filter((e) => e.status === ShipmentStatus.PICKED_UP && e.measuredWeightGrams != null).at(-1)?.measuredWeightGrams ?? null);
    const allWeighed = weighed.every((w) => w != null);
    const observedGrams = allWeighed ? weighed.reduce<number>((a, w) => a + w!, 0) : delivered.reduce((a, s) => a + s.declaredWeightGrams, 0);
    const check = checkWeight({
      expectedGrams,
      observedGrams,
      source: allWeighed ? WeightSource.PICKUP_SCALE : WeightSource.WAYBILL_DECLARED,
      claimed: items.map((i) => ({ quantity: i.quantityMissing, unitWeightGrams: i.line.getEntity().unitWeightGrams })),
    });
    weightCheck = { ...check, waybills: delivered.map((s) => s.waybillNo) };
  }

  const paid = sumCents(lines.map((l) => l.lineTotalCents));
  const refundableCents = Math.max(0, paid - (await refundedCents(em, order.id, complaint.id)));
  const duplicates = await duplicatePhotos(em, complaint.id, complaint.buyer.id);
  return {
    evidenceChecklist: evidenceChecklist(evidence.map((e) => e.kind)),
    weightCheck,
    parcelsOnTheWay,
    duplicatePhotos: duplicates.map((d) => ({ evidenceId: d.evidence_id, sha256: d.sha256, otherComplaintId: d.other_complaint_id, otherCaseNo: d.other_case_no })),
    suggestedRefundCents: suggestRefundCents(items.map((i) => ({ quantity: i.quantityMissing, unitPriceCents: i.line.getEntity().unitPriceCents })), refundableCents),
    refundableCents,
  };
}
