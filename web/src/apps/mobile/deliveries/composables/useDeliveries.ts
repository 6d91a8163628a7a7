import { useSubscription } from '@urql/vue';
import { computed, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConnection } from '#shared/graphql/connection';
import { CourierWorkSubscription, MyDeliveriesQuery } from '../graphql/deliveries';
import type { ScannedShipment } from './useCourierScan';

export type DeliveryTab = 'active' | 'done';
export type Delivery = ScannedShipment;

export interface DeliveryCardModel {
  id: string;
  version: number;
  waybillNo: string;
  status: Delivery['status'];
  statusBeforeException: Delivery['statusBeforeException'];
  address: string;
  /** A map search for the address (Amap, the maps app couriers use; opens the app on a phone). */
  mapHref: string;
  recipient: { name: string; phone: string; href: string | null } | null;
  items: string;
  pickupAt: string | null;
  pickupAddress: string | null;
  pickupNote: string | null;
  actions: Delivery['courierActions'];
}

export function toDeliveryCard(shipment: Delivery): DeliveryCardModel {
  return {
    id: shipment.id,
    version: shipment.version,
    waybillNo: shipment.waybillNo,
    status: shipment.status,
    statusBeforeException: shipment.statusBeforeException ?? null,
    address: shipment.order.shippingAddress,
    mapHref: `https://uri.amap.com/search?keyword=${encodeURIComponent(shipment.order.shippingAddress)}`,
    recipient: shipment.recipient
      ? {
          name: shipment.recipient.name,
          phone: shipment.recipient.phone,
          href: shipment.recipient.masked ? null : `tel:${shipment.recipient.phone.replace(/[^\d+]/g, '')}`,
        }
      : null,
    items: shipment.items.map((item) => `${item.line.title} × ${item.quantity}`).join('、'),
    pickupAt: shipment.dispatch?.pickupAt ?? null,
    pickupAddress: shipment.dispatch?.pickupAddress ?? null,
    pickupNote: shipment.dispatch?.note ?? null,
    actions: shipment.courierActions,
  };
}

/**
 * The courier's parcels: still to deliver, or delivered. Live: a parcel dispatched to them, or
 * taken away by a re-dispatch, reaches them as a notification; the list reloads and says so.
 */
export function useDeliveries(tab: Readonly<Ref<DeliveryTab>>) {
  const { t } = useI18n();
  const notice = shallowRef('');
  const list = useConnection({
    query: MyDeliveriesQuery,
    variables: () => ({ active: tab.value === 'active' }),
    select: (data) => data.myDeliveries,
  });
  /** A scan that moved a parcel out of this tab (delivered) takes it off the list. */
  function recorded(shipment: Delivery): void {
    const stillHere = (shipment.status === 'DELIVERED') === (tab.value === 'done');
    if (stillHere) list.replace(shipment);
    else list.nodes.value = list.nodes.value.filter((node) => node.id !== shipment.id);
  }
  useSubscription({ query: CourierWorkSubscription }, (_previous, data) => {
    const { kind, waybillNo } = data.notificationAdded;
    if (kind === 'COURIER_DISPATCHED' || kind === 'COURIER_WITHDRAWN') {
      notice.value = t(kind === 'COURIER_DISPATCHED' ? 'deliveries.assigned' : 'deliveries.scan.withdrawn', { waybill: waybillNo ?? '' });
      void list.reload();
    }
    return data;
  });
  return { list, notice, cards: computed(() => list.nodes.value.map(toDeliveryCard)), recorded };
}
