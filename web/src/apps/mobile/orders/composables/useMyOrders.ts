import { formatCents, isComplaintOpen, type ComplaintStatus, type ShipmentStatus } from '@parceldesk/shared';
import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { MyOrdersQuery as MyOrders, OrderCasesQuery as OrderCases } from '#gql/graphql';
import { useConnection } from '#shared/graphql/connection';
import { MyOrdersQuery, OrderCasesQuery } from '../graphql/orders';

type RawOrder = MyOrders['myOrders']['edges'][number]['node'];
type RawCase = OrderCases['latestCasesOf'][number];

/** The order's after-sales line: a case in progress, or how the latest one ended. */
export interface OrderCaseModel {
  id: string;
  caseNo: string;
  open: boolean;
  /** i18n key and params of the outcome (null while open). */
  outcome: { key: string; params: Record<string, string> } | null;
}

export interface OrderCardModel {
  id: string;
  orderNo: string;
  store: string;
  lines: { id: string; title: string; quantity: number }[];
  total: string;
  parcels: { id: string; waybillNo: string; status: ShipmentStatus }[];
  case: OrderCaseModel | null;
}

export function toOrderCase(c: RawCase, locale: string): OrderCaseModel {
  const open = isComplaintOpen(c.status as ComplaintStatus);
  let outcome: OrderCaseModel['outcome'] = null;
  if (!open) {
    if (c.status === 'WITHDRAWN') outcome = { key: 'orders.case.WITHDRAWN', params: {} };
    else if (c.resolutionKind === 'REFUND') outcome = { key: 'orders.case.REFUND', params: { amount: formatCents(c.refundCents ?? 0, locale) } };
    else if (c.resolutionKind === 'RESHIP') outcome = { key: 'orders.case.RESHIP', params: { waybill: c.reshipmentWaybillNo ?? '' } };
    else outcome = { key: 'orders.case.REJECT', params: {} };
  }
  return { id: c.id, caseNo: c.caseNo, open, outcome };
}

export function toOrderCard(order: RawOrder, locale: string, found: RawCase | null = null): OrderCardModel {
  return {
    id: order.id,
    orderNo: order.orderNo,
    store: order.merchant.name,
    lines: order.lines.map((line) => ({ id: line.id, title: line.title, quantity: line.quantity })),
    total: formatCents(order.totalCents, locale),
    parcels: order.shipments.map((s) => ({ id: s.id, waybillNo: s.waybillNo, status: s.status })),
    case: found ? toOrderCase(found, locale) : null,
  };
}

/** The buyer's orders, newest first, a page at a time, each with its latest after-sales case. */
export function useMyOrders() {
  const { locale } = useI18n();
  const list = useConnection({ query: MyOrdersQuery, select: (data) => data.myOrders });
  const orderIds = computed(() => list.nodes.value.map((order) => order.id));
  // One statement for the cases of every order shown, asked again when more orders arrive.
  const cases = useQuery({ query: OrderCasesQuery, variables: () => ({ orderIds: orderIds.value }), pause: () => orderIds.value.length === 0, requestPolicy: 'cache-and-network' });
  const byOrder = computed(() => new Map((cases.data.value?.latestCasesOf ?? []).map((c) => [c.orderId, c])));
  return { ...list, orders: computed(() => list.nodes.value.map((order) => toOrderCard(order, locale.value, byOrder.value.get(order.id) ?? null))) };
}
