import { computed } from 'vue';
import { useConnectionState } from '#shared/chat/composables/useConnectionState';

/**
 * Whether actions that need the server can be sent now (issue 18): false while the browser is
 * offline, so a button says so before the click instead of failing after it.
 */
export function useOnline() {
  const state = useConnectionState();
  return computed(() => state.value !== 'offline');
}
