import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../common/sql.js';
import { bandNeighbours, bandsOf, BAND_RADIUS, NEAR_DUPLICATE_DISTANCE } from './phash.js';

/*
 * Near-duplicate lookup over the evidence table's perceptual hashes. Each of the four 16-bit bands
 * has its own index (carrying the hash); a photo's candidates are the rows whose band equals one
 * of the 137 values within BAND_RADIUS bits of its own in any band (found through the indexes),
 * and the exact Hamming distance then keeps those within NEAR_DUPLICATE_DISTANCE. See phash.ts
 * for why this misses none.
 */

/** XOR masks of every 16-bit value within BAND_RADIUS bits, as smallints (the neighbours of 0). */
export const BAND_MASKS: readonly number[] = bandNeighbours(0, BAND_RADIUS);

/**
 * The matches of a probe among the evidence rows. `probe` names a row source with the probe's
 * hash `h` and, per band, the array `b0`..`b3` of its 137 neighbour values. One index-only scan per
 * band index with `= any(neighbours)` (PostgreSQL walks the sorted keys in one scan, ~80 descents
 * rather than 137), the exact distance checked on the index tuples, so only matches leave the
 * scans; a union of the four. Answers `id, phash`.
 *
 * On the bench's 1,000,000 hashes (EXPLAIN ANALYZE, best of three per probe, 200 probes, load 13):
 * executor p50 4.1 / p95 10.8 ms, against 4.5 / 12.0 for the earlier nested loop of 137
 * single-value probes per band. The work is the ~8,000 index tuples of the 137 × 4 buckets.
 */
function candidates(probe: string): string {
  const band = (i: number) =>
    `select o.id, o.phash from evidence o where o.phash_b${i} = any(${probe}.b${i}) and o.phash is not null and bit_count((o.phash # ${probe}.h)::bit(64)) <= ${NEAR_DUPLICATE_DISTANCE}`;
  return [0, 1, 2, 3].map(band).join(' union ');
}

/** A probe's neighbour arrays computed in SQL from a row `row` with phash and phash_b0..3 (with `masks(m)`: BAND_MASKS). */
const neighboursOf = (row: string) =>
  `select ${row}.phash as h, ${[0, 1, 2, 3].map((i) => `array(select ${row}.phash_b${i} # masks.m from masks) as b${i}`).join(', ')}`;

export interface PhotoMatch {
  /** The case's photo. */
  evidenceId: string;
  sha256: string;
  /** The photo it matches. */
  matchId: string;
  /** The case that photo belongs to; null for a photo sent in a chat or kept by a review. */
  otherComplaintId: string | null;
  otherCaseNo: string | null;
  /** Whether that photo is the same buyer's (another of their cases). */
  sameBuyer: boolean;
  /** The same bytes (sha256), not only the same picture. */
  exact: boolean;
  /** Bits that differ between the two hashes (0 for the same bytes). */
  distance: number;
}

/**
 * Photos of a case that match a photo elsewhere: in another case (any buyer's), or uploaded by
 * someone other than the buyer (a chat photo, a review's photo). The buyer's own unfiled uploads
 * and the case's own photos are left out. One statement.
 */
export function photoMatches(em: EntityManager, complaintId: string, buyerId: string): Promise<PhotoMatch[]> {
  return selectRows<PhotoMatch>(
    em,
    `with masks as (select unnest(?::int2[]) as m)
     select e.id as evidence_id, e.sha256, o.id as match_id, o.complaint_id as other_complaint_id, c.case_no as other_case_no,
            coalesce(c.buyer_id, o.uploader_id) = ? as same_buyer, o.sha256 = e.sha256 as exact,
            case when o.sha256 = e.sha256 or e.phash is null or o.phash is null then 0 else bit_count((e.phash # o.phash)::bit(64)) end as distance
       from evidence e
       join lateral (
         select o.id, o.complaint_id, o.uploader_id, o.sha256, o.phash from evidence o where o.sha256 = e.sha256 and o.id <> e.id
         union
         select n.id, n.complaint_id, n.uploader_id, n.sha256, n.phash
           from (${neighboursOf('e')}) p cross join lateral (${candidates('p')}) c join evidence n on n.id = c.id where e.phash is not null and c.id <> e.id
       ) o on true
       left join complaints c on c.id = o.complaint_id
      where e.complaint_id = ? and o.complaint_id is distinct from e.complaint_id
        and (o.complaint_id is not null or o.uploader_id <> ?)
      order by e.created_at, e.id, distance, o.id
      limit 100`,
    [BAND_MASKS, buyerId, complaintId, buyerId],
  );
}

/*
 * The probe is a one-row MATERIALIZED CTE on purpose: its scan keeps the plan serial. Inlined
 * (constants), PostgreSQL planned the four scans as a Parallel Append under a Gather, and starting
 * its workers took 10-18 ms on the loaded 2-core machine, several times the scans themselves.
 */
const NEAREST = `with p as materialized (select ?::bigint as h, ?::int2[] as b0, ?::int2[] as b1, ?::int2[] as b2, ?::int2[] as b3)
     select o.id, bit_count((o.phash # p.h)::bit(64)) as distance from p, lateral (${candidates('p')}) o
      order by distance, o.id limit ?`;

const nearestParams = (hash: bigint, limit: number) => [hash.toString(), ...bandsOf(hash).map((band) => `{${bandNeighbours(band, BAND_RADIUS).join(',')}}`), limit];

/** Stored photos within the threshold of one hash, nearest first (the bench's lookup; `limit` rows at most). */
export function nearestPhotos(em: EntityManager, hash: bigint, limit = 20): Promise<{ id: string; distance: number }[]> {
  return selectRows<{ id: string; distance: number }>(em, NEAREST, nearestParams(hash, limit));
}

/** PostgreSQL's own time for one lookup (EXPLAIN ANALYZE without per-node timing): the bench reports it beside the round trip's. */
export async function nearestExecutionMs(em: EntityManager, hash: bigint): Promise<number> {
  const rows = await em.getConnection().execute<{ 'QUERY PLAN': { 'Execution Time': number }[] }[]>(`explain (analyze, timing off, format json) ${NEAREST}`, nearestParams(hash, 20));
  return rows[0]!['QUERY PLAN'][0]!['Execution Time'];
}

/** The plan of nearestPhotos (the bench checks that the band indexes are used). */
export async function explainNearest(em: EntityManager, hash: bigint): Promise<string[]> {
  const rows = await em.getConnection().execute<{ 'QUERY PLAN': string }[]>(`explain ${NEAREST}`, nearestParams(hash, 20));
  return rows.map((row) => row['QUERY PLAN']);
}
