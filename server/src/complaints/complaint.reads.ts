import { OPEN_COMPLAINT_STATES, type ComplaintChannel, type ComplaintStatus, type EvidenceKind, type ResolutionKind } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { windowedConnection, type Connection, type PageWindow } from '../common/pagination.js';
import type { SelectionTree } from '../common/selection.js';
import { groupBy, selectRows } from '../common/sql.js';
import { shipmentLoaders, type OrderLineRow, type OrderRow, type UserRow } from '../shipments/shipment.reads.js';
import { Complaint } from './complaint.entity.js';
import { evidenceChecklist } from './complaint.signals.js';
import type { ComplaintQueueFilter, EvidenceChecklist } from './complaint.types.js';

/*
 * The read side of complaint lists: plain rows and the fields the page shows, read ahead for the
 * whole page in one statement per relation (no entity hydration, no promise per row). Changes keep
 * MikroORM's unit of work in complaint.service.ts; a field a row has not read ahead falls back to
 * the entity (complaintEntity), so every field answers the same for a row as for an entity.
 */

/** A complaints row: the entity's columns (camelCase, as the GraphQL fields read them) and its keys. */
export interface ComplaintRow {
  id: string;
  caseNo: string;
  orderId: string;
  buyerId: string;
  assigneeId: string | null;
  status: ComplaintStatus;
  channel: ComplaintChannel;
  channels: ComplaintChannel[];
  slaDueAt: Date | null;
  resolutionKind: ResolutionKind | null;
  createdAt: Date;
  version: number;
  /** The answers of the relation fields, read for the whole page before the fields run. */
  readAhead?: Partial<ComplaintReadAhead>;
}

export interface ComplaintReadAhead {
  order: OrderRow;
  buyer: UserRow;
  assignee: UserRow | null;
  missingItems: { line: OrderLineRow; quantityMissing: number }[];
  evidenceChecklist: EvidenceChecklist;
}

/** The agents' queue: open cases (or the statuses asked), most urgent SLA first; agents see every case. */
export async function readComplaintQueue(
  ctx: AuthedContext,
  filter: ComplaintQueueFilter | undefined,
  window: PageWindow,
  asked: SelectionTree | undefined,
): Promise<Connection<ComplaintRow>> {
  const conditions = ['c.status = any(?::complaint_status[])'];
  const params: unknown[] = [filter?.status?.length ? filter.status : OPEN_COMPLAINT_STATES];
  if (filter?.assigned === 'MINE') {
    conditions.push('c.assignee_id = ?');
    params.push(ctx.user.id);
  }
  if (filter?.assigned === 'UNASSIGNED') conditions.push('c.assignee_id is null');
  if (filter?.overdue) conditions.push('c.sla_due_at < now()');
  if (filter?.channel) {
    conditions.push('c.channels @> array[?]::text[]');
    params.push(filter.channel);
  }
  const where = conditions.join(' and ');
  const rows = await selectRows<ComplaintRow & { totalCount?: string }>(
    ctx.em,
    `select c.*, count(*) over () as total_count from complaints c where ${where}
      order by c.sla_due_at asc nulls last, c.created_at asc, c.id asc limit ? offset ?`,
    [...params, window.limit + 1, window.offset],
  );
  const connection = await windowedConnection(rows, window, async () => {
    const [row] = await selectRows<{ n: string }>(ctx.em, `select count(*) as n from complaints c where ${where}`, params);
    return Number(row?.n ?? 0);
  });
  await readAheadComplaints(ctx, connection.edges.map((edge) => edge.node), asked?.edges?.node);
  return connection;
}

/** Reads the relations `node` asks of these cases: one batched statement each, through the shipments loaders. */
async function readAheadComplaints(ctx: AuthedContext, complaints: ComplaintRow[], node: SelectionTree | undefined): Promise<void> {
  if (!node || complaints.length === 0) return;
  const loaders = shipmentLoaders(ctx);
  const ids = complaints.map((c) => c.id);
  const people = node.buyer || node.assignee ? [...new Set(complaints.flatMap((c) => [c.buyerId, ...(c.assigneeId ? [c.assigneeId] : [])]))] : [];
  const [orders, users, items, kinds] = await Promise.all([
    node.order ? loaders.order.loadMany(complaints.map((c) => c.orderId)) : undefined,
    people.length ? loaders.user.loadMany(people) : undefined,
    node.missingItems
      ? selectRows<{ complaintId: string; lineId: string; quantityMissing: number }>(
          ctx.em,
          'select complaint_id, line_id, quantity_missing from complaint_items where complaint_id = any(?::uuid[])',
          [ids],
        )
      : undefined,
    node.evidenceChecklist
      ? selectRows<{ complaintId: string; kind: EvidenceKind }>(ctx.em, 'select complaint_id, kind from evidence where complaint_id = any(?::uuid[]) order by created_at, id', [ids])
      : undefined,
  ]);
  const lines = items?.length ? await loaders.line.loadMany(items.map((item) => item.lineId)) : [];
  const lineById = new Map(lines.flatMap((line) => (line && !(line instanceof Error) ? [[line.id, line] as const] : [])));
  const userById = new Map((users ?? []).flatMap((user) => (user && !(user instanceof Error) ? [[user.id, user] as const] : [])));
  const itemsOf = groupBy(items ?? [], (item) => item.complaintId);
  const kindsOf = groupBy(kinds ?? [], (row) => row.complaintId);
  complaints.forEach((complaint, i) => {
    const ahead: Partial<ComplaintReadAhead> = {};
    const order = orders?.[i];
    if (order && !(order instanceof Error)) ahead.order = order;
    if (users) {
      const buyer = userById.get(complaint.buyerId);
      if (buyer) ahead.buyer = buyer;
      ahead.assignee = complaint.assigneeId ? (userById.get(complaint.assigneeId) ?? null) : null;
    }
    if (items) {
      ahead.missingItems = (itemsOf.get(complaint.id) ?? [])
        .flatMap((item) => {
          const line = lineById.get(item.lineId);
          return line ? [{ line, quantityMissing: item.quantityMissing }] : [];
        })
        .sort((a, b) => a.line.position - b.line.position);
    }
    if (kinds) ahead.evidenceChecklist = evidenceChecklist((kindsOf.get(complaint.id) ?? []).map((row) => row.kind));
    complaint.readAhead = ahead;
  });
}

/**
 * A field of a case: what was read ahead for a row, else the entity's answer (an entity root, or
 * the row's entity loaded through MikroORM's batched reference loader).
 */
export function complaintField<K extends keyof ComplaintReadAhead, T>(
  ctx: AuthedContext,
  root: Complaint | ComplaintRow,
  key: K | null,
  fromEntity: (complaint: Complaint) => T | Promise<T>,
): ComplaintReadAhead[K] | T | Promise<T> {
  if (root instanceof Complaint) return fromEntity(root);
  if (key !== null && root.readAhead && key in root.readAhead) return root.readAhead[key] as ComplaintReadAhead[K];
  return ctx.em
    .getReference(Complaint, root.id, { wrapped: true })
    .load({ dataloader: true })
    .then((complaint) => {
      if (!complaint) throw new Error(`complaint ${root.id} vanished while it was read`);
      return fromEntity(complaint);
    });
}
