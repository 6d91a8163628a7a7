import { ComplaintStatus } from '@parceldesk/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { AuthedContext } from '../common/context.js';
import { isUuid } from '../common/ids.js';
import { ConnectionType, pageWindow, windowedConnection, type Connection, type PageArgs } from '../common/pagination.js';
import { selectRows } from '../common/sql.js';
import { CaseHeadline } from './case-headline.type.js';

/**
 * 我的售后: the buyer's cases as a list shows them (status, store, goods, amount, last activity),
 * read as plain rows in one statement whatever the page size.
 */
@ObjectType({ simpleResolvers: true, description: 'One of the buyer’s cases as the case list (我的售后) and the order card show it' })
export class CaseSummary extends CaseHeadline {
  @Field(() => ID)
  orderId!: string;

  @Field()
  storeName!: string;

  @Field({ description: 'The first claimed item' })
  itemTitle!: string;

  @Field(() => Int, { description: 'How many different items the case claims' })
  itemCount!: number;

  @Field(() => Int, { description: 'Missing units claimed' })
  claimedUnits!: number;

  @Field(() => Int, { description: 'What the claimed units cost (分)' })
  claimedCents!: number;

  @Field(() => String, { nullable: true, description: 'RESHIP: the replacement parcel’s waybill' })
  reshipmentWaybillNo!: string | null;

  @Field({ description: 'The latest change, reply or photo on the case' })
  lastActivityAt!: Date;
}

@ObjectType()
export class CaseSummaryConnection extends ConnectionType(CaseSummary) {}

const SUMMARY = `c.id, c.case_no, c.status, c.order_id, o.order_no, m.name as store_name, c.resolution_kind, c.refund_cents,
    rs.waybill_no as reshipment_waybill_no, c.created_at,
    greatest(c.updated_at, (select max(n.created_at) from complaint_notes n where n.complaint_id = c.id and not n.internal)) as last_activity_at,
    goods.item_title, goods.item_count, goods.claimed_units, goods.claimed_cents
  from complaints c
  join orders o on o.id = c.order_id
  join merchants m on m.id = o.merchant_id
  left join shipments rs on rs.id = c.reshipment_id
  join lateral (
    select (array_agg(ol.title order by ol.position))[1] as item_title, count(*)::int as item_count,
           coalesce(sum(ci.quantity_missing), 0)::int as claimed_units,
           coalesce(sum(ci.quantity_missing * ol.unit_price_cents), 0)::int as claimed_cents
      from complaint_items ci join order_lines ol on ol.id = ci.line_id
     where ci.complaint_id = c.id
  ) goods on true`;

type SummaryRow = CaseSummary & { totalCount?: string };

export async function readMyCases(ctx: AuthedContext, page: PageArgs): Promise<Connection<CaseSummary>> {
  const window = pageWindow(page);
  const rows = await selectRows<SummaryRow>(
    ctx.db,
    `select count(*) over () as total_count, ${SUMMARY} where c.buyer_id = ? order by c.created_at desc, c.id desc limit ? offset ?`,
    [ctx.user.id, window.limit + 1, window.offset],
  );
  return windowedConnection(rows, window, async () =>
    Number((await selectRows<{ n: string }>(ctx.db, 'select count(*) as n from complaints where buyer_id = ?', [ctx.user.id]))[0]!.n),
  );
}

/** Per order of the buyer's (others' and unknown ids are left out): the latest case, for the order cards. One statement. */
export async function readLatestCasesOf(ctx: AuthedContext, orderIds: string[]): Promise<CaseSummary[]> {
  const ids = [...new Set(orderIds.filter(isUuid))].slice(0, 100);
  if (ids.length === 0) return [];
  return selectRows<CaseSummary>(
    ctx.db,
    `select distinct on (c.order_id) ${SUMMARY} where c.buyer_id = ? and c.order_id = any(?::uuid[]) order by c.order_id, c.created_at desc, c.id desc`,
    [ctx.user.id, ids],
  );
}

/** Open cases come first on an order card ("售后中"), then the latest outcome. */
export function isOpenCase(status: ComplaintStatus): boolean {
  return status === ComplaintStatus.SUBMITTED || status === ComplaintStatus.IN_REVIEW || status === ComplaintStatus.AWAITING_BUYER;
}
