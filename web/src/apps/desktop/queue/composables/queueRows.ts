import type { ComplaintChannel, ComplaintStatus } from '@parceldesk/shared';
import type { QueueRowFieldsFragment } from '#gql/graphql';

export interface QueueRow {
  id: string;
  caseNo: string;
  status: ComplaintStatus;
  channels: ComplaintChannel[];
  buyer: string;
  orderNo: string;
  items: string;
  assignee: string | null;
  slaDueAt: string | null;
  overdue: boolean;
  /** Decided, closed or withdrawn (the ALL view): no clock. */
  decided: boolean;
  evidenceComplete: boolean;
}

/** Table rows for the queue: what an agent scans at a glance, overdue marked against `now`. */
export function toQueueRows(nodes: readonly QueueRowFieldsFragment[], now: number): QueueRow[] {
  return nodes.map((n) => ({
    id: n.id,
    caseNo: n.caseNo,
    status: n.status,
    channels: [...n.channels],
    buyer: n.buyer.displayName,
    orderNo: n.order.orderNo,
    items: n.missingItems.map((i) => `${i.line.title} × ${i.quantityMissing}`).join('；'),
    assignee: n.assignee?.displayName ?? null,
    slaDueAt: n.slaDueAt ?? null,
    overdue: n.slaDueAt != null && Date.parse(n.slaDueAt) < now,
    decided: !['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER'].includes(n.status),
    evidenceComplete: n.evidenceChecklist.complete,
  }));
}

/** The few cases that went overdue while the queue is open, newest first, each once. */
export function withOverdue(
  shown: readonly { id: string; caseNo: string }[],
  event: { kind: string; complaint: { id: string; caseNo: string } },
  keep = 5,
): { id: string; caseNo: string }[] {
  if (event.kind !== 'OVERDUE') return shown as { id: string; caseNo: string }[];
  const { id, caseNo } = event.complaint;
  return [{ id, caseNo }, ...shown.filter((c) => c.id !== id)].slice(0, keep);
}
