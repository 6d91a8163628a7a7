import { computed, ref } from 'vue';
import { useConnection } from '#shared/graphql/connection';
import { MyDeliveriesQuery } from '../graphql/deliveries';
import type { ScannedShipment } from './useCourierScan';

export type DeliveryTab = 'active' | 'done';
export type Delivery = ScannedShipment;

export interface DeliveryCardModel {
  id: string;
  version: number;
  waybillNo: string;
  status: Delivery['status'];
  address: string;
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
    address: shipment.order.shippingAddress,
    pickupAt: shipment.dispatch?.pickupAt ?? null,
    pickupAddress: shipment.dispatch?.pickupAddress ?? null,
    pickupNote: shipment.dispatch?.note ?? null,
    actions: shipment.courierActions,
  };
}

/** The courier's parcels: still to deliver, or delivered. */
export function useDeliveries() {
  const tab = ref<DeliveryTab>('active');
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
  return { tab, list, cards: computed(() => list.nodes.value.map(toDeliveryCard)), recorded };
}
