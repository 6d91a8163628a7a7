import type { EntityManager } from '@mikro-orm/postgresql';
import { isValidPhone, ShipmentStatus } from '@parceldesk/shared';
import type { PageWindow } from '../common/pagination.js';
import { selectRows, selectSplitRows } from '../common/sql.js';
import { orderColumns, ORDER_FROM, ORDER_EMBEDS,
  toOrderRow, type OrderRow } from './shipment.reads.js';

/**
 * The merchant's dispatch board order: orders with a parcel waiting for a courier (CREATED or
 * EXCEPTION) first, then newest first. One page of order rows, each with the total beside it.
 */
export async function findMerchantOrders(
  em: EntityManager,
  merchantId: string,
  filter: { status?: ShipmentStatus; search?: string },
  window: PageWindow,
): Promise<{ rows: (OrderRow & { totalCount?: string })[]; countAll: () => Promise<number> }> {
  const params: unknown[] = [merchantId];
  const conditions = ['o.merchant_id = ?'];
  if (filter.status) {
    conditions.push('exists (select 1 from shipments s where s.order_id = o.id and s.status = ?)');
    params.push(filter.status);
  }
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const phone = phoneMatch(filter.search);
    conditions.push(`(o.order_no ilike ? or b.display_name ilike ? or ${phone.sql}
      or exists (select 1 from shipments s where s.order_id = o.id and s.waybill_no ilike ?))`);
    params.push(like, like, ...phone.params, like);
  }
  const where = conditions.join(' and ');
  const rows = await selectSplitRows(
    em,
    `select ${orderColumns(false)}, count(*) over () as total_count
     from ${ORDER_FROM}
    where ${where}
    order by exists (select 1 from shipments s where s.order_id = o.id and s.status in (?, ?)) desc,
             o.created_at desc, o.id desc
    limit ? offset ?`,
    [...params, ShipmentStatus.CREATED, ShipmentStatus.EXCEPTION, window.limit + 1, window.offset],
    ORDER_EMBEDS,
    toOrderRow,
  );
  return { rows, countAll };

  async function countAll(): Promise<number> {
    const [row] = await selectRows<{ total: string }>(
      em,
      `select count(*) as total from ${ORDER_FROM} where ${where}`,
      params,
    );
    return Number(row?.total ?? 0);
  }
}

/**
 * The buyer's phone matches only as a whole number or by its last four digits, never as a
 * substring: the board shows 138****0002, and a substring search would let a merchant recover the
 * hidden middle digits one at a time. The last four are on screen already; a whole number only
 * confirms a number the merchant already has.
 */
function phoneMatch(search: string): { sql: string; params: string[] } {
  if (isValidPhone(search)) return { sql: 'b.phone = ?', params: [search] };
  if (/^\d{4}$/.test(search)) return { sql: 'right(b.phone, 4) = ?', params: [search] };
  return { sql: 'false', params: [] };
}
