import { ShipmentStatus } from '@parceldesk/shared';
import { useSubscription } from '@urql/vue';
import { computed, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { useConnection } from '#shared/graphql/connection';
import { MerchantOrdersQuery, StoreShipmentUpdatedSubscription } from '../graphql/dispatch';
import { toDispatchRows, withShipment, type BoardShipment, type DispatchRow } from './dispatchRows';

const SEARCH_DELAY_MS = 300;

const first = (value: LocationQuery[string]) => (Array.isArray(value) ? value[0] : value) ?? '';

/** The board's filters as they stand in the address (`?q=…&status=…`); unknown values are ignored. */
export function filtersFromQuery(query: LocationQuery): { search: string; status: ShipmentStatus | null } {
  const status = first(query.status);
  return {
    search: first(query.q).trim(),
    status: (Object.values(ShipmentStatus) as string[]).includes(status) ? (status as ShipmentStatus) : null,
  };
}

/** The query with the filters put in (empty ones left out), other keys kept. */
export function queryWithFilters(query: LocationQuery, search: string, status: ShipmentStatus | null): LocationQuery {
  const { q: _q, status: _s, ...rest } = query;
  return { ...rest, ...(search ? { q: search } : {}), ...(status ? { status } : {}) };
}

/**
 * The merchant's board, live: orders waiting for dispatch first (the server's order), searchable
 * and filterable. The filters live in the address, so a reload, a shared link or Back keep them.
 */
export function useDispatchBoard() {
  const route = useRoute();
  const router = useRouter();
  // Only this page's address is ours to read and write (the watchers may fire while leaving it).
  const here = route.name;
  const initial = filtersFromQuery(route.query);
  const search = ref(initial.search);
  const status = ref<ShipmentStatus | null>(initial.status);
  const appliedSearch = ref(initial.search);
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(search, (text) => {
    clearTimeout(timer);
    timer = setTimeout(() => (appliedSearch.value = text.trim()), SEARCH_DELAY_MS);
  });
  // Filters → address (replace: typing is not a history of its own)…
  watch([appliedSearch, status], ([text, chosen]) => {
    if (route.name !== here) return;
    const query = queryWithFilters(route.query, text, chosen);
    if (JSON.stringify(query) !== JSON.stringify(route.query)) void router.replace({ query });
  });
  // …and address → filters (Back to an earlier filter, a link opened in this tab).
  watch(
    () => [route.query.q, route.query.status],
    () => {
      if (route.name !== here) return;
      const wanted = filtersFromQuery(route.query);
      if (wanted.search !== appliedSearch.value) search.value = appliedSearch.value = wanted.search;
      if (wanted.status !== status.value) status.value = wanted.status;
    },
  );

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
