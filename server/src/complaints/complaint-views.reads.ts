import { DeskView, OPEN_COMPLAINT_STATES } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { selectRows } from '../common/sql.js';

/*
 * The agents' queue views (issue 17): what each view holds, as SQL conditions on `complaints c`,
 * and all their counts in one statement. ALL holds decided, closed and withdrawn cases too.
 */

const OPEN = `c.status = any('{${OPEN_COMPLAINT_STATES.join(',')}}'::complaint_status[])`;

/** The conditions (and their parameters) of a view, for the agent `userId`. */
export function viewConditions(view: DeskView, userId: string): { conditions: string[]; params: unknown[]; orderFirst?: string } {
  switch (view) {
    case DeskView.MINE:
      return { conditions: [OPEN, 'c.assignee_id = ?'], params: [userId] };
    case DeskView.UNASSIGNED:
      return { conditions: [OPEN, 'c.assignee_id is null'], params: [] };
    case DeskView.OVERDUE:
      return { conditions: [OPEN, 'c.sla_due_at < now()'], params: [] };
    case DeskView.AWAITING_BUYER:
      return { conditions: [`c.status = 'AWAITING_BUYER'`], params: [] };
    case DeskView.DISPUTED:
      return { conditions: [OPEN, 'c.disputes > 0'], params: [] };
    case DeskView.ALL:
      // Open cases first (by SLA), then the decided and closed ones.
      return { conditions: ['true'], params: [], orderFirst: `(${OPEN}) desc, ` };
  }
}

export interface ViewCount {
  view: DeskView;
  count: number;
}

/** Every view's count for this agent, in one statement (the same conditions as the queue's). */
export async function readViewCounts(ctx: AuthedContext): Promise<ViewCount[]> {
  const [row] = await selectRows<Record<string, string>>(
    ctx.db,
    `select count(*) filter (where ${OPEN} and c.assignee_id = ?) as mine,
            count(*) filter (where ${OPEN} and c.assignee_id is null) as unassigned,
            count(*) filter (where ${OPEN} and c.sla_due_at < now()) as overdue,
            count(*) filter (where c.status = 'AWAITING_BUYER') as awaiting_buyer,
            count(*) filter (where ${OPEN} and c.disputes > 0) as disputed,
            count(*) as all_cases
       from complaints c`,
    [ctx.user.id],
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return [
    { view: DeskView.MINE, count: n('mine') },
    { view: DeskView.UNASSIGNED, count: n('unassigned') },
    { view: DeskView.OVERDUE, count: n('overdue') },
    { view: DeskView.AWAITING_BUYER, count: n('awaitingBuyer') },
    { view: DeskView.DISPUTED, count: n('disputed') },
    { view: DeskView.ALL, count: n('allCases') },
  ];
}
