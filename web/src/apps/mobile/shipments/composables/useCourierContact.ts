import { useQuery } from '@urql/vue';
import { computed, watch } from 'vue';
import { CourierContactQuery } from '../graphql/shipment';
import { toContactCard } from './shipmentModel';

/**
 * The buyer's card for the courier of a parcel. Whether the number shows depends on the parcel's
 * state (dispatch reveals it, 24 h after delivery hides it), so it is asked again whenever the
 * parcel's version moves.
 */
export function useCourierContact(shipmentId: () => string, version: () => number | undefined, enabled: () => boolean) {
  const query = useQuery({
    query: CourierContactQuery,
    variables: () => ({ shipmentId: shipmentId() }),
    pause: () => !enabled(),
  });
  watch(version, (now, before) => {
    if (enabled() && now !== undefined && before !== undefined && now !== before) {
      void query.executeQuery({ requestPolicy: 'network-only' });
    }
  });
  return {
    card: computed(() => toContactCard(query.data.value?.courierContact)),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: computed(() => query.error.value ?? null),
  };
}
