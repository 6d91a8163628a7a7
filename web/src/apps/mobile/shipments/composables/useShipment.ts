import { useQuery, useSubscription } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';
import { onReconnected } from '#shared/graphql/reconnect';
import { ShipmentQuery, ShipmentUpdatedSubscription } from '../graphql/shipment';
import { newerShipment, toItemLines, toTimeline, type ShipmentDetail } from './shipmentModel';

/**
 * One parcel, kept current: the query answers first (from the network, every visit), then every `shipmentUpdated` event replaces it
 * when its version is newer; after the socket comes back the query runs again to catch up on what
 * the gap missed (DESIGN §3).
 */
export function useShipment(id: () => string) {
  // Never from the cache: a page that says it is live shows the parcel as it is now on every
  // visit (the subscription only carries what happens after it starts).
  const query = useQuery({ query: ShipmentQuery, variables: () => ({ id: id() }), requestPolicy: 'network-only' });
  const live = shallowRef<ShipmentDetail | null>(null);

  useSubscription({ query: ShipmentUpdatedSubscription, variables: () => ({ id: id() }) }, (_previous, data) => {
    live.value = newerShipment(live.value, data.shipmentUpdated) ?? null;
    return data;
  });
  watch(id, () => {
    live.value = null;
  });

  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' });
  onReconnected(() => void refetch());

  const shipment = computed(() => newerShipment(query.data.value?.shipment, live.value?.id === id() ? live.value : null));

  return {
    shipment,
    timeline: computed(() => toTimeline(shipment.value?.events ?? [])),
    items: computed(() => toItemLines(shipment.value?.items ?? [])),
    loading: computed(() => query.fetching.value && !shipment.value),
    error: computed(() => (shipment.value ? null : (query.error.value ?? null))),
    refetch,
  };
}
