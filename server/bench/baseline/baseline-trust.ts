/*
 * The baseline's photo and pickup signals (issue 20), hand-written over `pg` like the rest of the
 * baseline: the same facts as complaints/complaint.signals.ts reads, so both servers answer the
 * workbench with the same JSON.
 */

/** XOR masks of the 16-bit values within 2 bits (137), as smallints. */
const MASKS: number[] = (() => {
  const out = [0];
  for (let i = 0; i < 16; i++) out.push(1 << i);
  for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) out.push((1 << i) | (1 << j));
  return out.map((v) => (v >= 0x8000 ? v - 0x10000 : v));
})();

/** Photos of the case matching a photo of another case or of someone else (same bytes, or within 10 bits). */
export const MATCHES_SQL = `with masks as (select unnest($3::int2[]) as m)
  select e.id as evidence_id, e.sha256, o.id as match_id, o.complaint_id as other_complaint_id, x.case_no as other_case_no,
         coalesce(x.buyer_id, o.uploader_id) = $2 as same_buyer, o.sha256 = e.sha256 as exact,
         case when o.sha256 = e.sha256 or e.phash is null or o.phash is null then 0 else bit_count((e.phash # o.phash)::bit(64)) end as distance
    from evidence e
    join lateral (
      select o.id, o.complaint_id, o.uploader_id, o.sha256, o.phash from evidence o where o.sha256 = e.sha256 and o.id <> e.id
      union
      select n.id, n.complaint_id, n.uploader_id, n.sha256, n.phash from (
        select o.id, o.phash from masks join evidence o on o.phash_b0 = e.phash_b0 # masks.m where o.phash is not null
        union select o.id, o.phash from masks join evidence o on o.phash_b1 = e.phash_b1 # masks.m where o.phash is not null
        union select o.id, o.phash from masks join evidence o on o.phash_b2 = e.phash_b2 # masks.m where o.phash is not null
        union select o.id, o.phash from masks join evidence o on o.phash_b3 = e.phash_b3 # masks.m where o.phash is not null
      ) c join evidence n on n.id = c.id
      where e.phash is not null and c.id <> e.id and bit_count((c.phash # e.phash)::bit(64)) <= 10
    ) o on true
    left join complaints x on x.id = o.complaint_id
   where e.complaint_id = $1 and o.complaint_id is distinct from e.complaint_id and (o.complaint_id is not null or o.uploader_id <> $2)
   order by e.created_at, e.id, distance, o.id limit 100`;

export const matchParams = (complaintId: string, buyerId: string) => [complaintId, buyerId, MASKS];

export interface MatchRow {
  evidence_id: string;
  sha256: string;
  match_id: string;
  other_complaint_id: string | null;
  other_case_no: string | null;
  same_buyer: boolean;
  exact: boolean;
  distance: number;
}

export function trustSignals(
  photos: { id: string; captured_at: Date | null; unchecked: boolean }[],
  delivered: { delivered_at: Date | null }[],
  parcels: { waybill_no: string; warning: { expectedGrams: number; weighedGrams: number; warnedAt: string; sentAt: string | null; supplementWaybillNo: string | null } | null }[],
  matches: MatchRow[],
) {
  const times = delivered.flatMap((p) => (p.delivered_at ? [p.delivered_at.getTime()] : []));
  const deliveredAt = times.length ? new Date(Math.min(...times)) : null;
  return {
    duplicatePhotos: matches.flatMap((m) =>
      m.exact && m.other_complaint_id && !m.same_buyer ? [{ evidenceId: m.evidence_id, sha256: m.sha256, otherComplaintId: m.other_complaint_id, otherCaseNo: m.other_case_no }] : [],
    ),
    nearDuplicates: matches.map((m) => ({
      evidenceId: m.evidence_id,
      matchId: m.match_id,
      otherComplaintId: m.other_complaint_id,
      otherCaseNo: m.other_case_no,
      sameBuyer: m.same_buyer,
      exact: m.exact,
      distance: m.distance,
    })),
    preDeliveryPhotos: deliveredAt
      ? photos.flatMap((p) => (p.captured_at && p.captured_at.getTime() < deliveredAt.getTime() - 15 * 60_000 ? [{ evidenceId: p.id, capturedAt: p.captured_at, deliveredAt }] : []))
      : [],
    uncheckedPhotoIds: photos.filter((p) => p.unchecked).map((p) => p.id),
    storeWarnings: parcels.flatMap((p) => (p.warning ? [{ waybillNo: p.waybill_no, ...p.warning }] : [])),
  };
}
