import { getCurrentScope, onScopeDispose, shallowRef } from 'vue';

/**
 * The subscription socket's life, for features that must catch up after a gap.
 * Realtime correctness comes from the database (DESIGN §3): after a reconnect a feature asks for
 * what came after the last `seq`/`version` it saw, so it only needs to know *that* the socket
 * came back.
 */
export type SocketStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export const socketStatus = shallowRef<SocketStatus>('idle');

type Listener = () => void;
const listeners = new Set<Listener>();

/** Register `cb` to run each time the subscription socket reconnects; returns the unsubscribe. */
export function subscribeReconnected(cb: Listener): () => void {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

/**
 * Composable form: inside a component or effect scope the listener is removed with the scope.
 * Typical use: `onReconnected(() => refetch({ requestPolicy: 'network-only' }))`.
 */
export function onReconnected(cb: Listener): () => void {
  const off = subscribeReconnected(cb);
  if (getCurrentScope()) onScopeDispose(off);
  return off;
}

export function emitReconnected(): void {
  for (const cb of [...listeners]) {
    try {
      cb();
    } catch (error) {
      console.error('onReconnected listener failed', error);
    }
  }
}

/**
 * Context for a mutation the server also serves over the live socket (chat's sendMessage,
 * markThreadRead, setTyping): while the socket is connected it goes there (client.ts routes it),
 * saving an HTTP request and its session lookup; otherwise over HTTP as usual. A mutation in flight
 * when the socket drops is sent again once it is back (graphql-ws resubscribes), which is why only
 * idempotent ones ask.
 */
export function liveSocketContext(): { overLiveSocket: boolean } {
  return { overLiveSocket: socketStatus.value === 'connected' };
}
