import { computed, onScopeDispose, shallowRef } from 'vue';
import { socketStatus } from '#shared/graphql/reconnect';

export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

/** The badge's three states: the browser's network, then the subscription socket. */
export function useConnectionState() {
  const online = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  const update = () => (online.value = navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return computed<ConnectionState>(() => {
    if (!online.value) return 'offline';
    return socketStatus.value === 'connected' ? 'connected' : 'reconnecting';
  });
}
