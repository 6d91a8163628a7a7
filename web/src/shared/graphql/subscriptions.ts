import type { SubscriptionForwarder } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import { emitReconnected, socketStatus } from './reconnect';

const KEEP_ALIVE_MS = 20_000;
const PONG_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 30_000;
/** The server closes with 4403 when the session is gone: retrying cannot help, logging in can. */
const CLOSE_FORBIDDEN = 4403;

let wsClient: Promise<WsClient> | null = null;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoffDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** retries);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isCloseEvent(value: unknown): value is { code: number } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}

async function createWsClient(): Promise<WsClient> {
  // graphql-ws is fetched on the first subscription only: pages without live data never load it.
  const { createClient } = await import('graphql-ws');
  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const client = createClient({
    url: socketUrl(),
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Back off, but try at once when the browser says the network is back.
    retryWait: (retries) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          window.removeEventListener('online', done);
          resolve();
        };
        const timer = setTimeout(done, backoffDelay(retries));
        window.addEventListener('online', done);
      }),
    // Network drops are not CloseEvents and graphql-ws treats them as fatal by default: retry them too.
    shouldRetry: (event) => !(isCloseEvent(event) && event.code === CLOSE_FORBIDDEN),
    on: {
      connecting: (isRetry) => {
        socketStatus.value = isRetry ? 'reconnecting' : 'connecting';
      },
      connected: (s, _payload, wasRetry) => {
        socket = s as WebSocket;
        socketStatus.value = 'connected';
        if (wasRetry) emitReconnected();
      },
      closed: () => {
        socket = null;
        clearTimeout(pongTimer);
        if (socketStatus.value === 'connected') socketStatus.value = 'idle';
      },
      // A half-open connection never answers our ping: close it so the retry logic takes over.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'Request Timeout');
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  // The network went away: drop the socket now instead of waiting for a ping to time out, so
  // the page says "offline" and catches up from its last seq/version once it is back.
  window.addEventListener('offline', () => client.terminate());
  return client;
}

function getWsClient(): Promise<WsClient> {
  wsClient ??= createWsClient().catch((error: unknown) => {
    wsClient = null;
    throw error;
  });
  return wsClient;
}

export const forwardSubscription: SubscriptionForwarder = (request) => {
  const payload = { ...request, query: request.query ?? '' };
  return {
    subscribe(sink) {
      let dispose: (() => void) | null = null;
      let closed = false;
      getWsClient().then(
        (client) => {
          if (!closed) dispose = client.subscribe(payload, sink);
        },
        (error: unknown) => sink.error(error),
      );
      return {
        unsubscribe() {
          closed = true;
          dispose?.();
        },
      };
    },
  };
};

/**
 * Close the socket so that live operations reconnect with the current cookie (after login): the
 * session is read once, when the socket opens.
 */
export function restartSubscriptions(): void {
  void wsClient?.then((client) => client.terminate());
}
