import type { EntityManager } from '@mikro-orm/postgresql';
import { DISPUTE_REASONS, disputeSchema, ErrorCode, OPEN_COMPLAINT_STATES, ResolutionKind, ShipmentStatus } from '@parceldesk/shared';
import { badInput, DomainError } from '../common/errors.js';
import { ShipmentItem } from '../shipments/shipment-item.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import type { Complaint } from './complaint.entity.js';

/**
 * One remedy per missing unit (DESIGN §7): a reshipment belongs to the decision that made it;
 * disputing that decision withdraws its parcel while nobody has it yet, and otherwise the next
 * decision accounts for it (a new RESHIP reuses it, a refund leaves out what it carries).
 */

/**
 * A decided case goes back to review only while no other case of its order is open: the order has
 * one open case (the partial unique index would refuse the write). Answers CONFLICT naming that case.
 */
export async function requireNoOtherOpenCase(em: EntityManager, complaint: Complaint): Promise<void> {
  const [other] = await em.getConnection().execute<{ case_no: string }[]>(
    `select case_no from complaints where order_id = ? and id <> ? and status in (?, ?, ?) limit 1`,
    [complaint.order.id, complaint.id, ...OPEN_COMPLAINT_STATES],
  );
  if (other) {
    throw new DomainError(
      ErrorCode.CONFLICT,
      `Case ${other.case_no} of this order is open: add your reason there, or wait for its decision`,
      { field: 'id', openCaseNo: other.case_no },
    );
  }
}

/**
 * On a dispute: a reshipment still waiting for dispatch (CREATED: no courier, no scan) is taken
 * back (deleted with its items); answers its waybill. A parcel already handed over stays with the
 * case for the next decision; answers null.
 */
export async function withdrawWaitingReshipment(em: EntityManager, complaint: Complaint): Promise<string | null> {
  if (!complaint.reshipment) return null;
  const parcel = await em.findOne(Shipment, complaint.reshipment.id);
  if (!parcel) {
    complaint.reshipment = null;
    return null;
  }
  if (parcel.status !== ShipmentStatus.CREATED) return null;
  const waybill = parcel.waybillNo;
  complaint.reshipment = null;
  await em.nativeDelete(ShipmentItem, { shipment: parcel.id });
  em.remove(parcel);
  return waybill;
}

/** What a parcel standing from an earlier decision carries of the claimed lines: units and their value. */
export async function standingReshipment(em: EntityManager, complaint: Complaint): Promise<{ parcel: Shipment; coveredCents: number; claimedCents: number; uncovered: Map<string, number> } | null> {
  if (!complaint.reshipment) return null;
  const parcel = await em.findOne(Shipment, complaint.reshipment.id);
  if (!parcel) return null;
  const [carried, claimed] = await Promise.all([
    em.find(ShipmentItem, { shipment: parcel.id }),
    em.find(ComplaintItem, { complaint: complaint.id }, { populate: ['line'] }),
  ]);
  const inParcel = new Map(carried.map((item) => [item.line.id, item.quantity]));
  let coveredCents = 0;
  let claimedCents = 0;
  const uncovered = new Map<string, number>();
  for (const item of claimed) {
    const price = item.line.getEntity().unitPriceCents;
    const covered = Math.min(item.quantityMissing, inParcel.get(item.line.id) ?? 0);
    coveredCents += covered * price;
    claimedCents += item.quantityMissing * price;
    if (item.quantityMissing > covered) uncovered.set(item.line.id, item.quantityMissing - covered);
  }
  return { parcel, coveredCents, claimedCents, uncovered };
}

/**
 * The buyer disputes the decision (once): the reason is required (words with OTHER), no other case
 * of the order may be open, and a RESHIP decision's parcel that nobody has yet is withdrawn.
 * Answers the withdrawn parcel's waybill for the timeline, or null.
 */
export async function applyDispute(
  em: EntityManager,
  complaint: Complaint,
  input: { reason: string | null | undefined; comment: string | null | undefined },
  at: Date,
): Promise<string | null> {
  const parsed = disputeSchema.safeParse({ reason: input.reason ?? undefined, comment: input.comment ?? null });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'reason');
    throw badInput(field, field === 'reason' ? `choose one of ${DISPUTE_REASONS.join(', ')}` : issue.message);
  }
  const wasReship = complaint.resolutionKind === ResolutionKind.RESHIP;
  // The machine says whether this case may be disputed at all before anything else is looked at.
  complaint.respond(false, at);
  await requireNoOtherOpenCase(em, complaint);
  complaint.disputeReason = parsed.data.reason;
  complaint.disputeComment = parsed.data.comment?.trim() || null;
  complaint.disputedAt = at;
  return wasReship ? withdrawWaitingReshipment(em, complaint) : null;
}
