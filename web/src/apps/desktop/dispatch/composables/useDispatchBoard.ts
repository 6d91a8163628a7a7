import type { ShipmentStatus } from '@parceldesk/shared';
import { useSubscription } from '@urql/vue';
import { computed, ref, watch } from 'vue';
import { useConnection } from '#shared/graphql/connection';
import { MerchantOrdersQuery, StoreShipmentUpdatedSubscription } from '../graphql/dispatch';
import { toDispatchRows, withShipment, type BoardShipment, type DispatchRow } from './dispatchRows';

const SEARCH_DELAY_MS = 300;

/** The merchant's board, live: orders waiting for dispatch first (the server's order), searchable and filterable. */
export function useDispatchBoard() {
  const search = ref('');
  const status = ref<ShipmentStatus | null>(null);
  const appliedSearch = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(search, (text) => {
    clearTimeout(timer);
    timer = setTimeout(() => (appliedSearch.value = text.trim()), SEARCH_DELAY_MS);
  });

  const list = useConnection({
    query: MerchantOrdersQuery,
    variables: () => ({ filter: { search: appliedSearch.value || null, status: status.value } }),
    select: (data) => data.merchantOrders,
  });

  function updateShipment(shipment: BoardShipment): void {
    const order = withShipment(list.nodes.value, shipment);
    if (order) list.replace(order);
  }

  // Live: a courier's scan or another desk's dispatch updates the row in place (a reconnect reloads
  // the page through useConnection, covering what the gap missed).
  useSubscription({ query: StoreShipmentUpdatedSubscription }, (_previous, data) => {
    updateShipment(data.storeShipmentUpdated);
    return data;
  });

  const rows = computed(() => toDispatchRows(list.nodes.value));
  /** A parcel never dispatched starts from the address this store used last (most go from one warehouse). */
  function formRow(row: DispatchRow): DispatchRow {
    if (row.pickupAddress) return row;
    const latest = rows.value
      .filter((r) => r.pickupAddress && r.pickupAt)
      .sort((a, b) => Date.parse(b.pickupAt!) - Date.parse(a.pickupAt!))[0];
    return { ...row, pickupAddress: latest?.pickupAddress ?? null };
  }

  return { search, status, list, rows, updateShipment, formRow };
}
