// The baseline's cases: the agents' queue and one case as the workbench reads it (see
// baseline-resolvers.ts).
import {
  checkWeight,
  complaintActions,
  maskPhone,
  missingEvidence,
  suggestRefundCents,
  sumCents,
  WeightSource,
  type ComplaintStatus,
  type EvidenceKind,
  type Role,
} from '@parceldesk/shared';
import { connection, group, viewer, window, type PageArgs, type Resolver } from './baseline-page.js';
import { MATCHES_SQL, matchParams, trustSignals, type MatchRow } from './baseline-trust.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_NO = /^C\d{8}[0-9A-F]{6}$/;

/** Who sees a case: its buyer, the order's store, agents. */
function canViewComplaint(user: { id: string; role: string }, c: { buyer_id: string; owner_id: string }): boolean {
  return (user.role === 'BUYER' && c.buyer_id === user.id) || (user.role === 'MERCHANT' && c.owner_id === user.id) || user.role === 'AGENT';
}

/**
 * The agents' signals of a case, from its order's lines (with the claimed units), its photos and
 * the order's parcels (each with its items and last pickup weighing): the shared rules decide.
 */
function complaintSignals(
  c: { refunded: string | null; reshipment_id: string | null },
  lines: { id: string; unit_price_cents: number; quantity: number; unit_weight_grams: number; quantity_missing: number | null }[],
  photos: { kind: EvidenceKind; id?: string; captured_at?: Date | null; unchecked?: boolean }[],
  parcels: { id: string; waybill_no: string; status: string; declared_weight_grams: number; items: { line_id: string; quantity: number }[] | null; weighed: number | null; delivered_at: Date | null; warning: any }[],
  matches: MatchRow[],
) {
  const claimed = lines.filter((l) => l.quantity_missing != null);
  const claimedIds = new Set(claimed.map((l) => l.id));
  const carriesClaim = (p: (typeof parcels)[number]) => (p.items ?? []).some((i) => claimedIds.has(i.line_id));
  const delivered = parcels.filter((p) => p.status === 'DELIVERED' && carriesClaim(p));
  let weightCheck = null;
  if (delivered.length > 0) {
    const unitWeight = new Map(lines.map((l) => [l.id, l.unit_weight_grams]));
    const expectedGrams = delivered.reduce((sum, p) => sum + (p.items ?? []).reduce((g, i) => g + i.quantity * (unitWeight.get(i.line_id) ?? 0), 0), 0);
    const allWeighed = delivered.every((p) => p.weighed != null);
    const observedGrams = delivered.reduce((sum, p) => sum + (allWeighed ? p.weighed! : p.declared_weight_grams), 0);
    const check = checkWeight({
      expectedGrams,
      observedGrams,
      source: allWeighed ? WeightSource.PICKUP_SCALE : WeightSource.WAYBILL_DECLARED,
      claimed: claimed.map((l) => ({ quantity: l.quantity_missing!, unitWeightGrams: l.unit_weight_grams })),
    });
    weightCheck = { ...check, waybills: delivered.map((p) => p.waybill_no) };
  }
  const paid = sumCents(lines.map((l) => l.unit_price_cents * l.quantity));
  const refundableCents = Math.max(0, paid - Number(c.refunded ?? 0));
  const kinds = photos.map((p) => p.kind);
  const missing = missingEvidence(kinds);
  return {
    evidenceChecklist: { complete: missing.length === 0, present: [...new Set(kinds)], missing },
    weightCheck,
    parcelsOnTheWay: parcels
      .filter((p) => p.status !== 'DELIVERED' && p.id !== c.reshipment_id && carriesClaim(p))
      .map((p) => ({ id: p.id, waybillNo: p.waybill_no, status: p.status })),
    ...trustSignals(photos as any[], delivered, parcels, matches),
    suggestedRefundCents: suggestRefundCents(
      claimed.map((l) => ({ quantity: l.quantity_missing!, unitPriceCents: l.unit_price_cents })),
      refundableCents,
    ),
    refundableCents,
  };
}

export const complaintResolvers: Record<string, Resolver> = {
  async complaintQueue(
    _root,
    args: PageArgs & { filter?: { status?: string[] | null; assigned?: string | null; overdue?: boolean | null; channel?: string | null } | null },
    ctx,
  ) {
    const user = viewer(ctx, 'AGENT');
    const w = window(args);
    const f = args.filter ?? {};
    const params: unknown[] = [f.status?.length ? f.status : ['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER']];
    const where = ['c.status = any($1::complaint_status[])'];
    if (f.assigned === 'MINE') where.push(`c.assignee_id = $${params.push(user.id)}`);
    if (f.assigned === 'UNASSIGNED') where.push('c.assignee_id is null');
    if (f.overdue) where.push('c.sla_due_at < now()');
    if (f.channel) where.push(`c.channels @> array[$${params.push(f.channel)}]`);
    const rows = await ctx.query<any>(
      `select c.id, c.case_no, c.status, c.channels, c.sla_due_at, c.created_at, c.version, b.id as buyer_id, b.display_name as buyer_name,
              a.id as assignee_id, a.display_name as assignee_name, o.id as order_id, o.order_no, count(*) over () as total
         from complaints c join users b on b.id = c.buyer_id left join users a on a.id = c.assignee_id join orders o on o.id = c.order_id
        where ${where.join(' and ')}
        order by c.sla_due_at asc nulls last, c.created_at asc, c.id asc limit $${params.push(w.limit + 1)} offset $${params.push(w.offset)}`,
      params,
    );
    const ids = rows.slice(0, w.limit).map((c) => c.id);
    const [items, photos] = await Promise.all([
      ctx.query<any>(
        `select i.complaint_id, i.quantity_missing, l.id as line_id, l.title from complaint_items i join order_lines l on l.id = i.line_id
          where i.complaint_id = any($1) order by l.position`,
        [ids],
      ),
      ctx.query<any>('select complaint_id, kind from evidence where complaint_id = any($1)', [ids]),
    ]);
    const itemsOf = group(items, 'complaint_id');
    const photosOf = group(photos, 'complaint_id');
    return connection(rows, w, (c: any) => ({
      id: c.id,
      caseNo: c.case_no,
      status: c.status,
      channels: c.channels,
      slaDueAt: c.sla_due_at,
      createdAt: c.created_at,
      version: c.version,
      buyer: { id: c.buyer_id, displayName: c.buyer_name },
      assignee: c.assignee_id ? { id: c.assignee_id, displayName: c.assignee_name } : null,
      order: { id: c.order_id, orderNo: c.order_no },
      missingItems: (itemsOf.get(c.id) ?? []).map((i) => ({ quantityMissing: i.quantity_missing, line: { id: i.line_id, title: i.title } })),
      evidenceChecklist: { complete: missingEvidence((photosOf.get(c.id) ?? []).map((p) => p.kind as EvidenceKind)).length === 0 },
    }));
  },

  // The agents' workbench: the case with its people, order, lines, photos, notes, timeline and
  // (agents only) the signals, in two round trips: the case, then its lists at once.
  async complaint(_root, args: { id: string }, ctx) {
    if (!ctx.user) throw new Error('Sign in first');
    const user = ctx.user;
    const by = UUID.test(args.id) ? 'c.id = $1' : CASE_NO.test(args.id) ? 'c.case_no = $1' : null;
    const [c] = by
      ? await ctx.query<any>(
          `select c.id, c.case_no, c.status, c.version, c.channels, c.thread_id, c.description, c.created_at, c.sla_due_at,
                  c.first_response_due_at, c.resolution_due_at, c.disputes, c.responded_at, c.order_id,
                  c.resolution_kind, c.refund_cents, c.resolution_reason, c.decided_at,
                  c.buyer_id, b.display_name as buyer_name, b.phone as buyer_phone, c.assignee_id, a.display_name as assignee_name,
                  o.order_no, m.id as merchant_id, m.name as merchant_name, m.owner_id,
                  r.id as reshipment_id, r.waybill_no as reshipment_waybill_no, r.status as reshipment_status,
                  (select sum(x.refund_cents) from complaints x
                    where x.order_id = c.order_id and x.id <> c.id and x.resolution_kind = 'REFUND' and x.status in ('RESOLVED', 'CLOSED')) as refunded
             from complaints c join orders o on o.id = c.order_id join merchants m on m.id = o.merchant_id
             join users b on b.id = c.buyer_id left join users a on a.id = c.assignee_id
             left join shipments r on r.id = c.reshipment_id
            where ${by}`,
          [args.id],
        )
      : [];
    if (!c || !canViewComplaint(user, c)) throw new Error('Complaint not found');
    const agent = user.role === 'AGENT';
    const [lines, photos, notes, events, parcels, matches] = await Promise.all([
      // Every line of the order (the total, what was paid, unit weights), with the units claimed.
      ctx.query<any>(
        `select l.id, l.title, l.unit_price_cents, l.unit_weight_grams, l.quantity, i.quantity_missing
           from order_lines l left join complaint_items i on i.line_id = l.id and i.complaint_id = $2
          where l.order_id = $1 order by l.position`,
        [c.order_id, c.id],
      ),
      ctx.query<any>('select id, kind, width, height, sha256, captured_at, phash is null as unchecked from evidence where complaint_id = $1 order by created_at, id', [c.id]),
      ctx.query<any>(
        `select n.id, n.body, n.internal, n.created_at, u.id as author_id, u.display_name, u.role
           from complaint_notes n join users u on u.id = n.author_id
          where n.complaint_id = $1 and (not n.internal or $2) order by n.created_at, n.id`,
        [c.id, agent],
      ),
      ctx.query<any>(
        `select e.id, e.kind, e.to_status, e.detail, e.created_at, u.id as actor_id, u.display_name
           from complaint_events e left join users u on u.id = e.actor_id
          where e.complaint_id = $1 and (not e.internal or $2) order by e.created_at, e.id`,
        [c.id, agent],
      ),
      // The order's parcels with their items and their last pickup weighing (signals).
      agent
        ? ctx.query<any>(
            `select s.id, s.waybill_no, s.status, s.declared_weight_grams,
                    (select json_agg(json_build_object('line_id', si.line_id, 'quantity', si.quantity)) from shipment_items si where si.shipment_id = s.id) as items,
                    (select e.measured_weight_grams from tracking_events e
                      where e.shipment_id = s.id and e.status = 'PICKED_UP' and e.measured_weight_grams is not null
                      order by e.occurred_at desc, e.created_at desc limit 1) as weighed, s.delivered_at,
                    (select json_build_object('expectedGrams', pa.expected_grams, 'weighedGrams', pa.weighed_grams, 'warnedAt', pa.created_at,
                                              'sentAt', pa.acted_at, 'supplementWaybillNo', sup.waybill_no)
                       from pickup_alerts pa left join shipments sup on sup.id = pa.supplement_id where pa.shipment_id = s.id) as warning
               from shipments s where s.order_id = $1 order by s.created_at, s.waybill_no`,
            [c.order_id],
          )
        : [],
      // Photos of the case that match one elsewhere (same bytes or the same picture).
      agent ? ctx.query<MatchRow>(MATCHES_SQL, matchParams(c.id, c.buyer_id)) : [],
    ]);
    const missing = missingEvidence(photos.map((p) => p.kind as EvidenceKind));
    return {
      id: c.id,
      caseNo: c.case_no,
      status: c.status,
      version: c.version,
      channels: c.channels,
      threadId: c.thread_id,
      description: c.description,
      createdAt: c.created_at,
      slaDueAt: c.sla_due_at,
      firstResponseDueAt: c.first_response_due_at,
      resolutionDueAt: c.resolution_due_at,
      disputes: c.disputes,
      allowedActions: complaintActions({
        role: user.role as Role,
        status: c.status as ComplaintStatus,
        isParty: true,
        disputes: c.disputes,
        responded: c.responded_at !== null,
      }),
      buyer: { id: c.buyer_id, displayName: c.buyer_name, maskedPhone: maskPhone(c.buyer_phone) },
      assignee: c.assignee_id ? { id: c.assignee_id, displayName: c.assignee_name } : null,
      order: {
        id: c.order_id,
        orderNo: c.order_no,
        totalCents: sumCents(lines.map((l) => l.unit_price_cents * l.quantity)),
        merchant: { id: c.merchant_id, name: c.merchant_name },
      },
      missingItems: lines
        .filter((l) => l.quantity_missing != null)
        .map((l) => ({
          quantityMissing: l.quantity_missing,
          line: { id: l.id, title: l.title, unitPriceCents: l.unit_price_cents, unitWeightGrams: l.unit_weight_grams, quantity: l.quantity },
        })),
      evidence: photos.map((p) => ({ id: p.id, kind: p.kind, width: p.width, height: p.height, url: `/evidence/${p.id}`, thumbnailUrl: `/evidence/${p.id}/thumb`, sha256: p.sha256 })),
      evidenceChecklist: { complete: missing.length === 0, missing },
      notes: notes.map((n) => ({ id: n.id, body: n.body, internal: n.internal, createdAt: n.created_at, author: { id: n.author_id, displayName: n.display_name, role: n.role } })),
      timeline: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        toStatus: e.to_status,
        detail: e.detail,
        createdAt: e.created_at,
        actor: e.actor_id ? { id: e.actor_id, displayName: e.display_name } : null,
      })),
      resolution:
        c.resolution_kind && c.decided_at
          ? {
              kind: c.resolution_kind,
              refundCents: c.refund_cents,
              reason: c.resolution_reason,
              decidedAt: c.decided_at,
              reshipment: c.reshipment_id ? { id: c.reshipment_id, waybillNo: c.reshipment_waybill_no, status: c.reshipment_status } : null,
            }
          : null,
      signals: agent ? complaintSignals(c, lines, photos, parcels, matches) : null,
    };
  },
};
