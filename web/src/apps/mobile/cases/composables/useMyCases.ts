import { formatCents, isComplaintOpen, type ComplaintStatus } from '@parceldesk/shared';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { MyCasesQuery as MyCases } from '#gql/graphql';
import { useConnection } from '#shared/graphql/connection';
import { useDateFormat } from '#shared/format/datetime';
import { MyCasesQuery } from '../graphql/cases';

type RawCase = MyCases['myCases']['edges'][number]['node'];

export interface CaseCardModel {
  id: string;
  caseNo: string;
  status: ComplaintStatus;
  open: boolean;
  store: string;
  goods: { key: string; params: Record<string, string | number> };
  claimed: { units: number; amount: string };
  outcome: { key: string; params: Record<string, string> } | null;
  lastActivity: string;
  lastActivityIso: string;
}

export function toCaseCard(c: RawCase, locale: string, formatTime: (iso: string) => string): CaseCardModel {
  const status = c.status as ComplaintStatus;
  const open = isComplaintOpen(status);
  let outcome: CaseCardModel['outcome'] = null;
  if (c.resolutionKind === 'REFUND') outcome = { key: 'complaints.cases.outcome.REFUND', params: { amount: formatCents(c.refundCents ?? 0, locale) } };
  else if (c.resolutionKind === 'RESHIP') outcome = c.reshipmentWaybillNo ? { key: 'complaints.cases.outcome.RESHIP', params: { waybill: c.reshipmentWaybillNo } } : { key: 'complaints.cases.outcome.RESHIP_pending', params: {} };
  else if (c.resolutionKind === 'REJECT') outcome = { key: 'complaints.cases.outcome.REJECT', params: {} };
  else if (status === 'WITHDRAWN') outcome = { key: 'complaints.cases.outcome.WITHDRAWN', params: {} };
  return {
    id: c.id,
    caseNo: c.caseNo,
    status,
    open,
    store: c.storeName,
    goods: c.itemCount > 1 ? { key: 'complaints.cases.itemsMore', params: { item: c.itemTitle, n: c.itemCount } } : { key: 'complaints.cases.items', params: { item: c.itemTitle } },
    claimed: { units: c.claimedUnits, amount: formatCents(c.claimedCents, locale) },
    outcome,
    lastActivity: formatTime(c.lastActivityAt),
    lastActivityIso: c.lastActivityAt,
  };
}

/** 我的售后: the buyer's cases, newest first, a page at a time. */
export function useMyCases() {
  const { locale } = useI18n();
  const { formatRelative } = useDateFormat();
  const list = useConnection({ query: MyCasesQuery, select: (data) => data.myCases });
  return { ...list, cases: computed(() => list.nodes.value.map((c) => toCaseCard(c, locale.value, (iso) => formatRelative(iso)))) };
}
