import { formatCents, type ShipmentStatus } from '@parceldesk/shared';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { MyOrdersQuery as MyOrders } from '#gql/graphql';
import { useConnection } from '#shared/graphql/connection';
import { MyOrdersQuery } from '../graphql/orders';

type RawOrder = MyOrders['myOrders']['edges'][number]['node'];

export interface OrderCardModel {
  id: string;
  orderNo: string;
  store: string;
  lines: { id: string; title: string; quantity: number }[];
  total: string;
  parcels: { id: string; waybillNo: string; status: ShipmentStatus }[];
}

export function toOrderCard(order: RawOrder, locale: string): OrderCardModel {
  return {
    id: order.id,
    orderNo: order.orderNo,
    store: order.merchant.name,
    lines: order.lines.map((line) => ({ id: line.id, title: line.title, quantity: line.quantity })),
    total: formatCents(order.totalCents, locale),
    parcels: order.shipments.map((s) => ({ id: s.id, waybillNo: s.waybillNo, status: s.status })),
  };
}

/** The buyer's orders, newest first, a page at a time. */
export function useMyOrders() {
  const { locale } = useI18n();
  const list = useConnection({ query: MyOrdersQuery, select: (data) => data.myOrders });
  return { ...list, orders: computed(() => list.nodes.value.map((order) => toOrderCard(order, locale.value))) };
}
