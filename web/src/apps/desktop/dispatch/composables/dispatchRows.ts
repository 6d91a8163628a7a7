import type { ShipmentStatus } from '@parceldesk/shared';
import type { MerchantOrdersQuery } from '#gql/graphql';

export type BoardOrder = MerchantOrdersQuery['merchantOrders']['edges'][number]['node'];
export type BoardShipment = BoardOrder['shipments'][number];

/** One parcel on the board, as its row shows it. */
export interface DispatchRow {
  id: string;
  version: number;
  waybillNo: string;
  orderNo: string;
  buyer: string;
  /** Where the parcel goes (收件地址). */
  address: string;
  items: string;
  status: ShipmentStatus;
  courier: string | null;
  courierId: string | null;
  channel: 'PHONE' | 'APP' | null;
  pickupAt: string | null;
  pickupAddress: string | null;
  note: string | null;
  canDispatch: boolean;
  /** Dispatched before: the button says 重新派单. */
  redispatch: boolean;
  /** Why the parcel is in EXCEPTION (the courier's note), so a re-dispatch is not blind. */
  exceptionNote: string | null;
  events: BoardShipment['events'];
  lines: { id: string; title: string; quantity: number }[];
}

/** The note of the latest exception while the parcel is still in EXCEPTION. */
export function exceptionReason(shipment: Pick<BoardShipment, 'status' | 'events'>): string | null {
  if (shipment.status !== 'EXCEPTION') return null;
  const last = [...shipment.events].reverse().find((event) => event.status === 'EXCEPTION');
  return last?.note ?? null;
}

export function toDispatchRows(orders: readonly BoardOrder[]): DispatchRow[] {
  return orders.flatMap((order) =>
    order.shipments.map((s) => ({
      id: s.id,
      version: s.version,
      waybillNo: s.waybillNo,
      orderNo: order.orderNo,
      buyer: `${order.buyer.displayName} ${order.buyer.maskedPhone}`,
      address: order.shippingAddress,
      items: s.items.map((item) => `${item.line.title} × ${item.quantity}`).join('、'),
      status: s.status,
      courier: s.courier?.displayName ?? null,
      courierId: s.courier?.id ?? null,
      channel: s.dispatch?.channel ?? null,
      pickupAt: s.dispatch?.pickupAt ?? null,
      pickupAddress: s.dispatch?.pickupAddress ?? null,
      note: s.dispatch?.note ?? null,
      canDispatch: s.canDispatch,
      redispatch: s.dispatch !== null,
      exceptionNote: exceptionReason(s),
      events: s.events,
      lines: s.items.map((item) => ({ id: item.line.id, title: item.line.title, quantity: item.quantity })),
    })),
  );
}

/** The order holding `shipment`, with the newer copy in place; null when no shown order holds it. */
export function withShipment(orders: readonly BoardOrder[], shipment: BoardShipment): BoardOrder | null {
  const order = orders.find((o) => o.shipments.some((s) => s.id === shipment.id));
  if (!order) return null;
  return { ...order, shipments: order.shipments.map((s) => (s.id === shipment.id && shipment.version >= s.version ? shipment : s)) };
}
