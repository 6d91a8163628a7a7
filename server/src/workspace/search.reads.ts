import { ErrorCode, hasForbiddenCharacters, maskPhone, searchKind, trimInvisible, WORKSPACE_LIMITS } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { DomainError } from '../common/errors.js';
import { selectRows } from '../common/sql.js';
import type { DeskSearchHit, DeskSearchKind } from './workspace.types.js';

/*
 * The desk's one search box (issue 17). One statement per search, every branch on an index:
 * - a whole phone number (11 digits from 1) matches that buyer only (users_phone_unique): never a
 *   part of a number, so typing digits cannot unmask anyone's phone; hits show the masked phone;
 * - a case number, order number or waybill from its start (the *_pattern indexes);
 * - a buyer's name from its start or its end (users_display_name_prefix / _suffix).
 * Agents see every case and support conversation, so the hits need no further rule.
 */

const PER_BRANCH = 10;

/** `%`, `_` and `\` typed by the agent match themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What every hit selects about its buyer, order, latest case and support conversation. */
const HIT_SELECT = `select h.kind, h.id, h.label, h.status, h.created_at, u.display_name as buyer_name, u.phone as buyer_phone, o.order_no,
    coalesce(h.complaint_id, (select x.id from complaints x where x.order_id = h.order_id order by x.created_at desc limit 1)) as complaint_id,
    coalesce(h.thread_id,
      (select t.id from threads t where t.buyer_id = h.buyer_id and t.kind = 'SUPPORT' and t.closed_at is null),
      (select t.id from threads t where t.buyer_id = h.buyer_id and t.kind = 'SUPPORT' order by t.created_at desc limit 1)) as thread_id
  from hits h join users u on u.id = h.buyer_id left join orders o on o.id = h.order_id
  order by h.rank, h.created_at desc limit ${WORKSPACE_LIMITS.searchResultsMax}`;

/**
 * A buyer's cases (newest first), orders and support conversations, for buyers in `buyers`: each
 * buyer's newest few read backwards from its (buyer, created_at) index (a lateral per buyer), so the
 * cost stays the same however many cases a buyer has (bench/search.ts: 100 cases per buyer).
 */
const BUYER_BRANCHES = `
  (select 'CASE' as kind, c.id, c.case_no as label, c.status::text as status, c.buyer_id, c.order_id, c.id as complaint_id, null::uuid as thread_id, c.created_at, 1 as rank
     from buyers b cross join lateral (select x.* from complaints x where x.buyer_id = b.id order by x.created_at desc limit ${PER_BRANCH}) c
    order by c.created_at desc limit ${PER_BRANCH})
  union all
  (select 'ORDER', o.id, o.order_no, null, o.buyer_id, o.id, null, null, o.created_at, 2
     from buyers b cross join lateral (select x.* from orders x where x.buyer_id = b.id order by x.created_at desc limit 5) o
    order by o.created_at desc limit 5)
  union all
  (select 'CONVERSATION', t.id, '', case when t.closed_at is null then 'OPEN' else 'CLOSED' end, t.buyer_id, t.order_id, null, t.id, t.created_at, 0
     from buyers b cross join lateral (select x.* from threads x where x.kind = 'SUPPORT' and x.buyer_id = b.id order by x.created_at desc limit 3) t
    order by t.created_at desc limit 3)`;

const BY_PHONE = `with buyers as (select id from users where phone = ? and role = 'BUYER'),
  hits as (${BUYER_BRANCHES})
  ${HIT_SELECT}`;

const BY_TEXT = `with buyers as (
    select id from users where role = 'BUYER' and (lower(display_name) like ? or reverse(lower(display_name)) like ?) limit ${PER_BRANCH}),
  hits as (
    (select 'CASE' as kind, c.id, c.case_no as label, c.status::text as status, c.buyer_id, c.order_id, c.id as complaint_id, null::uuid as thread_id, c.created_at, 0 as rank
       from complaints c where c.case_no like ? order by c.case_no limit ${PER_BRANCH})
    union all
    (select 'ORDER', o.id, o.order_no, null, o.buyer_id, o.id, null, null, o.created_at, 0
       from orders o where o.order_no like ? order by o.order_no limit ${PER_BRANCH})
    union all
    (select 'PARCEL', s.id, s.waybill_no, s.status::text, o.buyer_id, s.order_id, null, null, s.created_at, 0
       from shipments s join orders o on o.id = s.order_id where s.waybill_no like ? order by s.waybill_no limit ${PER_BRANCH})
    union all ${BUYER_BRANCHES})
  ${HIT_SELECT}`;

interface HitRow {
  kind: DeskSearchKind;
  id: string;
  label: string;
  status: string | null;
  createdAt: Date;
  buyerName: string;
  buyerPhone: string;
  orderNo: string | null;
  complaintId: string | null;
  threadId: string | null;
}

/** The search input, cleaned: at most 64 characters, no control characters; null when too short to search. */
export function searchInput(raw: string): string | null {
  const query = trimInvisible(raw.replace(/\s+/g, ' '));
  if (query.length > WORKSPACE_LIMITS.searchMaxLength) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `query: must be at most ${WORKSPACE_LIMITS.searchMaxLength} characters`, { field: 'query' });
  }
  if (hasForbiddenCharacters(query)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'query: must not contain control characters', { field: 'query' });
  return query.length >= 2 ? query : null;
}

/** The statement and its parameters for a cleaned query (the bench explains it with these). */
export function searchStatement(query: string): { sql: string; params: unknown[] } {
  if (searchKind(query) === 'PHONE') return { sql: BY_PHONE, params: [query] };
  const code = `${literal(query.toUpperCase())}%`;
  const name = query.toLowerCase();
  const reversed = [...name].reverse().join('');
  return { sql: BY_TEXT, params: [`${literal(name)}%`, `${literal(reversed)}%`, code, code, code] };
}

export async function deskSearch(ctx: AuthedContext, raw: string): Promise<DeskSearchHit[]> {
  const query = searchInput(raw);
  if (query === null) return [];
  const { sql, params } = searchStatement(query);
  const rows = await selectRows<HitRow>(ctx.db, sql, params);
  return rows.map(({ buyerPhone, ...row }) => ({
    ...row,
    label: row.kind === 'CONVERSATION' ? row.buyerName : row.label,
    buyerMaskedPhone: maskPhone(buyerPhone),
  }));
}
