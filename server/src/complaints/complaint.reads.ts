import type { EntityManager } from '@mikro-orm/postgresql';
import {
  maskPhone,
  OPEN_COMPLAINT_STATES,
  type ComplaintChannel,
  type ComplaintStatus,
  type EvidenceKind,
  type ResolutionKind,
  type Role,
} from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { windowedConnection, type Connection, type PageWindow } from '../common/pagination.js';
import type { SelectionTree } from '../common/selection.js';
import { groupBy, selectRows } from '../common/sql.js';
import { shipmentLoaders } from '../shipments/shipment.loaders.js';
import { type OrderLineRow, type OrderRow, type ShipmentRow, type UserRow } from '../shipments/shipment.reads.js';
import { viewerOf } from '../shipments/viewer.js';
import type { ComplaintEventKind } from './complaint-event.entity.js';
import { CASE_NO, mayViewComplaint, seesInternal } from './complaint.access.js';
import { Complaint } from './complaint.entity.js';
import type { Evidence } from './evidence.entity.js';
import { refundedCents } from './complaint.queries.js';
import { photoMatches } from '../trust/near-duplicates.js';
import { viewConditions } from './complaint-views.reads.js';
import { readOrderParcels } from './case-parcels.reads.js';
import { evidenceChecklist, signalsOf, type ParcelFacts, type SignalFacts } from './complaint.signals.js';
import type { ComplaintQueueFilter, ComplaintResolution, ComplaintSignals, EvidenceChecklist } from './complaint.types.js';

/*
 * The read side of complaints: plain rows and the fields the page (the queue) or the case (the
 * workbench, readComplaintCase) shows, read ahead in one statement per relation (no entity
 * hydration, no promise per row). Changes keep
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
  description: string;
  threadId: string | null;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstRespondedAt: Date | null;
  slaDueAt: Date | null;
  resolutionKind: ResolutionKind | null;
  refundCents: number | null;
  resolutionReason: string | null;
  decidedAt: Date | null;
  reshipmentId: string | null;
  disputes: number;
  disputeReason: string | null;
  disputeComment: string | null;
  disputedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** The answers of the relation fields, read for the whole page (or the one case) before the fields run. */
  readAhead?: Partial<ComplaintReadAhead>;
}

/** The columns of a ComplaintRow (named, not `*`: reads are prepared statements). */
const COMPLAINT_COLUMNS = `c.id, c.case_no, c.order_id, c.buyer_id, c.assignee_id, c.status, c.channel, c.channels, c.description,
    c.thread_id, c.first_response_due_at, c.resolution_due_at, c.first_responded_at, c.sla_due_at, c.resolution_kind,
    c.refund_cents, c.resolution_reason, c.decided_at, c.reshipment_id, c.disputes, c.dispute_reason, c.dispute_comment, c.disputed_at, c.responded_at, c.closed_at,
    c.created_at, c.updated_at, c.version`;

/** Unfiltered: the fields apply the rules (internal notes and steps, signals) to what was read. */
export interface ComplaintReadAhead {
  order: OrderRow;
  buyer: UserRow;
  assignee: UserRow | null;
  missingItems: { line: OrderLineRow; quantityMissing: number }[];
  evidenceChecklist: EvidenceChecklist;
  evidence: EvidenceRow[];
  notes: ComplaintNoteRow[];
  timeline: ComplaintEventRow[];
  resolution: ComplaintResolution | null;
  /** Read only for a viewer who sees them (seesInternal). */
  signals: ComplaintSignals;
}

/** A case's photo as read: the entity's columns (phash and capturedAt are facts for agents' signals only, never published). */
export type EvidenceRow = Pick<Evidence, 'id' | 'kind' | 'mimeType' | 'bytes' | 'width' | 'height' | 'sha256' | 'storedSha256' | 'phash' | 'capturedAt' | 'createdAt'> & {
  /** False: the photo could not be hashed (accepted, not checked for reuse). */
  reuseChecked: boolean;
};

export interface ComplaintNoteRow {
  id: string;
  body: string;
  internal: boolean;
  photoIds: string[];
  createdAt: Date;
  authorRow: UserRow;
}

export interface ComplaintEventRow {
  id: string;
  kind: ComplaintEventKind;
  toStatus: ComplaintStatus | null;
  detail: string | null;
  internal: boolean;
  createdAt: Date;
  actorRow: UserRow | null;
}

/** The agents' queue: open cases (or the statuses asked), most urgent SLA first; agents see every case. */
export async function readComplaintQueue(
  ctx: AuthedContext,
  filter: ComplaintQueueFilter | undefined,
  window: PageWindow,
  asked: SelectionTree | undefined,
): Promise<Connection<ComplaintRow>> {
  // A view (issue 17) says which cases; the other filters narrow it further.
  const { conditions, params, orderFirst = '' } = filter?.view
    ? viewConditions(filter.view, ctx.user.id)
    : { conditions: ['c.status = any(?::complaint_status[])'], params: [filter?.status?.length ? filter.status : OPEN_COMPLAINT_STATES] as unknown[], orderFirst: '' };
  if (filter?.view && filter.status?.length) {
    conditions.push('c.status = any(?::complaint_status[])');
    params.push(filter.status);
  }
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
    ctx.db,
    `select ${COMPLAINT_COLUMNS}, count(*) over () as total_count from complaints c where ${where}
      order by ${orderFirst}c.sla_due_at asc nulls last, c.created_at asc, c.id asc limit ? offset ?`,
    [...params, window.limit + 1, window.offset],
  );
  const connection = await windowedConnection(rows, window, async () => {
    const [row] = await selectRows<{ n: string }>(ctx.db, `select count(*) as n from complaints c where ${where}`, params);
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
          ctx.db,
          'select complaint_id, line_id, quantity_missing from complaint_items where complaint_id = any(?::uuid[])',
          [ids],
        )
      : undefined,
    node.evidenceChecklist
      ? selectRows<{ complaintId: string; kind: EvidenceKind }>(ctx.db, 'select complaint_id, kind from evidence where complaint_id = any(?::uuid[]) order by created_at, id', [ids])
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

// --- one case (the workbench) ---
//
// The case with its people and order in one statement (the access rule needs the order's store),
// then each list the selection asks for in one statement, all at once: the fields then answer
// without a promise. Signals share the order's lines and the photos with the other fields.

type Raw = Record<string, any>;

const USER_COLUMNS = (alias: string) => `${alias}.role as ${alias}_role, ${alias}.display_name as ${alias}_display_name, ${alias}.phone as ${alias}_phone, ${alias}.locale as ${alias}_locale`;

/** Every column the Complaint type shows, the order (`o_`), buyer (`b_`), assignee (`a_`), and the refunds of the order's other cases. */
const CASE_SELECT = `select ${COMPLAINT_COLUMNS},
    o.order_no as o_order_no, o.shipping_address as o_shipping_address, o.created_at as o_created_at,
    o.buyer_id as o_buyer_id, o.merchant_id as o_merchant_id, m.name as o_merchant_name,
    ${USER_COLUMNS('b')}, ${USER_COLUMNS('a')},
    (select sum(x.refund_cents) from complaints x
      where x.order_id = c.order_id and x.id <> c.id and x.resolution_kind = 'REFUND' and x.status in ('RESOLVED', 'CLOSED')) as refunded_cents
  from complaints c join orders o on o.id = c.order_id join merchants m on m.id = o.merchant_id
  join users b on b.id = c.buyer_id left join users a on a.id = c.assignee_id`;

function userOf(id: string, row: Raw, prefix: string): UserRow {
  return { id, role: row[`${prefix}Role`] as Role, displayName: row[`${prefix}DisplayName`], maskedPhone: maskPhone(row[`${prefix}Phone`]), locale: row[`${prefix}Locale`] };
}

/**
 * One case, by id or case number, for whoever may see it (NOT_FOUND otherwise, as for a missing
 * id), with the lists `asked` (the selection under the field) read ahead.
 */
export async function readComplaintCase(ctx: AuthedContext, id: string, asked: SelectionTree): Promise<ComplaintRow> {
  const by = isUuid(id) ? 'c.id = ?' : CASE_NO.test(id) ? 'c.case_no = ?' : null;
  const rows = by ? await selectRows<Raw>(ctx.db, `${CASE_SELECT} where ${by}`, [id]) : [];
  const raw = rows[0];
  if (!raw || !mayViewComplaint(viewerOf(ctx), { buyerId: raw.buyerId, merchantId: raw.oMerchantId })) throw notFound('Complaint');
  const complaint: ComplaintRow = {
    id: raw.id,
    caseNo: raw.caseNo,
    orderId: raw.orderId,
    buyerId: raw.buyerId,
    assigneeId: raw.assigneeId,
    status: raw.status,
    channel: raw.channel,
    channels: raw.channels,
    description: raw.description,
    threadId: raw.threadId,
    firstResponseDueAt: raw.firstResponseDueAt,
    resolutionDueAt: raw.resolutionDueAt,
    firstRespondedAt: raw.firstRespondedAt,
    slaDueAt: raw.slaDueAt,
    resolutionKind: raw.resolutionKind,
    refundCents: raw.refundCents,
    resolutionReason: raw.resolutionReason,
    decidedAt: raw.decidedAt,
    reshipmentId: raw.reshipmentId,
    disputes: raw.disputes,
    disputeReason: raw.disputeReason,
    disputeComment: raw.disputeComment,
    disputedAt: raw.disputedAt,
    respondedAt: raw.respondedAt,
    closedAt: raw.closedAt,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    version: raw.version,
  };
  const order: OrderRow = {
    id: raw.orderId,
    buyerId: raw.oBuyerId,
    merchantId: raw.oMerchantId,
    // Couriers never see a case (mayViewComplaint), so the courier rule never reads them.
    courierIds: null,
    merchantName: raw.oMerchantName,
    orderNo: raw.oOrderNo,
    shippingAddress: raw.oShippingAddress,
    createdAt: raw.oCreatedAt,
  };
  complaint.readAhead = {
    order,
    buyer: userOf(raw.buyerId, raw, 'b'),
    assignee: raw.assigneeId ? userOf(raw.assigneeId, raw, 'a') : null,
  };
  await readAheadCase(ctx, complaint, order, Number(raw.refundedCents ?? 0), asked);
  return complaint;
}

async function readAheadCase(ctx: AuthedContext, complaint: ComplaintRow, order: OrderRow, refunded: number, asked: SelectionTree): Promise<void> {
  const em = ctx.db;
  const signals = seesInternal(ctx.user) && !!(asked.signals || asked.suggestedRefundCents || asked.weightCheck);
  const lines = signals || !!(asked.missingItems || asked.order?.totalCents || asked.order?.lines);
  const photos = signals || !!(asked.evidence || asked.evidenceChecklist);
  const decided = complaint.resolutionKind !== null && complaint.decidedAt !== null;
  // The reshipment is a parcel of the order: the signals' parcels include it.
  const reshipment = decided && complaint.reshipmentId && asked.resolution?.reshipment && !signals ? complaint.reshipmentId : null;
  const [lineRows, evidence, notes, timeline, parcels, duplicates, reshipped] = await Promise.all([
    lines ? readCaseLines(em, complaint) : undefined,
    photos ? readCaseEvidence(em, complaint.id) : undefined,
    asked.notes ? readCaseNotes(em, complaint.id) : undefined,
    asked.timeline ? readCaseEvents(em, complaint.id) : undefined,
    signals ? readOrderParcels(em, complaint.orderId) : undefined,
    signals ? photoMatches(em, complaint.id, complaint.buyerId) : undefined,
    reshipment ? shipmentLoaders(ctx).shipment.load(reshipment) : undefined,
  ]);
  const ahead = complaint.readAhead!;
  if (lineRows) {
    order.readAhead = { lines: lineRows.map((row) => row.line) };
    ahead.missingItems = claimedOf(lineRows);
  }
  if (evidence) {
    ahead.evidence = evidence;
    ahead.evidenceChecklist = evidenceChecklist(evidence.map((photo) => photo.kind));
  }
  if (notes) ahead.notes = notes;
  if (timeline) ahead.timeline = timeline;
  if (parcels) {
    ahead.signals = signalsOf(signalFacts(complaint, lineRows!, evidence!, parcels, refunded, duplicates!));
  }
  if (asked.resolution) {
    let reshipmentRow: ShipmentRow | null = null;
    if (decided && complaint.reshipmentId && asked.resolution.reshipment) {
      reshipmentRow = reshipped ?? parcels?.find((p) => p.id === complaint.reshipmentId)?.parcel ?? (await shipmentLoaders(ctx).shipment.load(complaint.reshipmentId!)) ?? null;
    }
    ahead.resolution = decided
      ? { kind: complaint.resolutionKind!, refundCents: complaint.refundCents, reason: complaint.resolutionReason, decidedAt: complaint.decidedAt!, reshipment: reshipmentRow }
      : null;
  }
}

/** The keys of a case the signals need, from an entity or a row. */
export interface CaseKeys {
  id: string;
  orderId: string;
  buyerId: string;
  reshipmentId: string | null;
}

export function caseKeys(root: Complaint | ComplaintRow): CaseKeys {
  if (!(root instanceof Complaint)) return root;
  return { id: root.id, orderId: root.order.id, buyerId: root.buyer.id, reshipmentId: root.reshipment?.id ?? null };
}

/** The signals of a case nothing was read ahead for (a mutation's answer, a live event, a queue row): five statements. */
export async function readCaseSignals(em: EntityManager, keys: CaseKeys): Promise<ComplaintSignals> {
  const [lines, evidence, parcels, duplicates, refunded] = await Promise.all([
    readCaseLines(em, keys),
    readCaseEvidence(em, keys.id),
    readOrderParcels(em, keys.orderId),
    photoMatches(em, keys.id, keys.buyerId),
    refundedCents(em, keys.orderId, keys.id),
  ]);
  return signalsOf(signalFacts(keys, lines, evidence, parcels, refunded, duplicates));
}

function signalFacts(
  keys: Pick<CaseKeys, 'reshipmentId'>,
  lines: CaseLine[],
  evidence: EvidenceRow[],
  parcels: ParcelFacts<ShipmentRow>[],
  refunded: number,
  matches: SignalFacts<ShipmentRow>['matches'],
): SignalFacts<ShipmentRow> {
  return {
    lines: lines.map((row) => row.line),
    claimed: claimedOf(lines).map(({ line, quantityMissing }) => ({ lineId: line.id, quantityMissing, unitWeightGrams: line.unitWeightGrams, unitPriceCents: line.unitPriceCents })),
    evidenceKinds: evidence.map((photo) => photo.kind),
    photos: evidence.map((photo) => ({ id: photo.id, capturedAt: photo.capturedAt, reuseChecked: photo.reuseChecked })),
    parcels,
    reshipmentId: keys.reshipmentId,
    refundedCents: refunded,
    matches,
  };
}

/** A line of the case's order, with the units the case claims of it (null: not claimed). */
interface CaseLine {
  line: OrderLineRow;
  quantityMissing: number | null;
}

function claimedOf(lines: CaseLine[]): { line: OrderLineRow; quantityMissing: number }[] {
  // Already in position order (the statement's).
  return lines.flatMap(({ line, quantityMissing }) => (quantityMissing === null ? [] : [{ line, quantityMissing }]));
}

/** Every line of the case's order with the units claimed: the order's total, the claim and the signals from one statement. */
async function readCaseLines(em: EntityManager, keys: Pick<CaseKeys, 'id' | 'orderId'>): Promise<CaseLine[]> {
  const rows = await selectRows<Raw>(
    em,
    `select l.id, l.order_id, l.position, l.title, l.sku, l.unit_price_cents, l.quantity, l.unit_weight_grams,
            l.unit_price_cents * l.quantity as line_total_cents, o.buyer_id, o.merchant_id, i.quantity_missing
       from order_lines l join orders o on o.id = l.order_id
       left join complaint_items i on i.line_id = l.id and i.complaint_id = ?
      where l.order_id = ? order by l.position, l.id`,
    [keys.id, keys.orderId],
  );
  return rows.map((row) => ({
    line: {
      id: row.id,
      orderId: row.orderId,
      position: row.position,
      title: row.title,
      sku: row.sku,
      unitPriceCents: row.unitPriceCents,
      quantity: row.quantity,
      unitWeightGrams: row.unitWeightGrams,
      lineTotalCents: row.lineTotalCents,
      buyerId: row.buyerId,
      merchantId: row.merchantId,
      courierIds: null,
    },
    quantityMissing: row.quantityMissing,
  }));
}

function readCaseEvidence(em: EntityManager, complaintId: string): Promise<EvidenceRow[]> {
  return selectRows<EvidenceRow>(
    em,
    'select id, kind, mime_type, bytes, width, height, sha256, stored_sha256, phash is not null as reuse_checked, phash, captured_at, created_at from evidence where complaint_id = ? order by created_at, id',
    [complaintId],
  );
}

async function readCaseNotes(em: EntityManager, complaintId: string): Promise<ComplaintNoteRow[]> {
  const rows = await selectRows<Raw>(
    em,
    `select n.id, n.body, n.internal, n.photo_ids, n.created_at, n.author_id, ${USER_COLUMNS('u')}
       from complaint_notes n join users u on u.id = n.author_id
      where n.complaint_id = ? order by n.created_at, n.id`,
    [complaintId],
  );
  return rows.map((row) => ({ id: row.id, body: row.body, internal: row.internal, photoIds: row.photoIds ?? [], createdAt: row.createdAt, authorRow: userOf(row.authorId, row, 'u') }));
}

async function readCaseEvents(em: EntityManager, complaintId: string): Promise<ComplaintEventRow[]> {
  const rows = await selectRows<Raw>(
    em,
    `select e.id, e.kind, e.to_status, e.detail, e.internal, e.created_at, e.actor_id, ${USER_COLUMNS('u')}
       from complaint_events e left join users u on u.id = e.actor_id
      where e.complaint_id = ? order by e.created_at, e.id`,
    [complaintId],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    toStatus: row.toStatus,
    detail: row.detail,
    internal: row.internal,
    createdAt: row.createdAt,
    actorRow: row.actorId ? userOf(row.actorId, row, 'u') : null,
  }));
}
