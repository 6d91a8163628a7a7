import type { SubscriptionForwarder } from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import { emitReconnected, socketStatus } from './reconnect';

const KEEP_ALIVE_MS = 20_000;
const PONG_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 30_000;

/** The server's close codes (server/src/realtime/live-sockets.ts LiveCloseCode). */
export const LiveCloseCode = {
  /** Events may have been missed (the server's database listener reconnected): reconnect, refetch. */
  Resync: 4012,
  /** Too many sockets open for this user: retry later, with backoff. */
  TooManySockets: 4013,
  /** The session is gone (logout, expiry): retrying cannot help, signing in can. */
  Forbidden: 4403,
} as const;

/**
 * What the client does when the socket closes with `code`. Every retry that connects again emits
 * `onReconnected`, so features refetch what they show from their last `seq`/`version`.
 */
export function closeAction(code: number | undefined): 'sign-in' | 'resync' | 'retry' {
  if (code === LiveCloseCode.Forbidden) return 'sign-in';
  if (code === LiveCloseCode.Resync) return 'resync';
  return 'retry';
}

/** Resync: back within a second, spread out so that every client of a server does not return at once. */
export function resyncDelay(random: () => number = Math.random): number {
  return Math.round(100 + random() * 900);
}

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

export interface LiveSocketOptions {
  url?: string;
  /** The WebSocket class (tests pass Node's `ws`); the browser's by default. */
  webSocketImpl?: unknown;
}

export async function createWsClient({ url = socketUrl(), webSocketImpl }: LiveSocketOptions = {}): Promise<WsClient> {
  // graphql-ws is fetched on the first subscription only: pages without live data never load it.
  const { createClient } = await import('graphql-ws');
  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let lastClose: number | undefined;
  const client = createClient({
    url,
    webSocketImpl,
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Back off (or resync), but try at once when the browser says the network is back.
    retryWait: (retries) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          globalThis.removeEventListener?.('online', done);
          resolve();
        };
        const timer = setTimeout(done, closeAction(lastClose) === 'resync' ? resyncDelay() : backoffDelay(retries));
        globalThis.addEventListener?.('online', done);
      }),
    // Network drops are not CloseEvents and graphql-ws treats them as fatal by default: retry them too.
    shouldRetry: (event) => {
      lastClose = isCloseEvent(event) ? event.code : undefined;
      return closeAction(lastClose) !== 'sign-in';
    },
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
          if (socket && socket.readyState === socket.OPEN) socket.close(4408, 'Request Timeout');
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  // The network went away: drop the socket now instead of waiting for a ping to time out, so
  // the page says "offline" and catches up from its last seq/version once it is back.
  globalThis.addEventListener?.('offline', () => client.terminate());
  return client;
}

function getWsClient(): Promise<WsClient> {
  wsClient ??= createWsClient().catch((error: unknown) => {
    wsClient = null;
    throw error;
  });
  return wsClient;
}

/**
 * urql's forwarder over a graphql-ws client. A socket closed because the session ended reaches
 * urql as an UNAUTHENTICATED GraphQL error, so it takes the same road as an HTTP answer would
 * (the client's onUnauthenticated: back to sign-in).
 */
export function createForwarder(getClient: () => Promise<WsClient>): SubscriptionForwarder {
  return (request) => {
    const payload = { ...request, query: request.query ?? '' };
    return {
      subscribe(sink) {
        let dispose: (() => void) | null = null;
        let closed = false;
        const forward: typeof sink = {
          next: (value) => sink.next(value),
          complete: () => sink.complete(),
          error: (error: unknown) => {
            if (isCloseEvent(error) && closeAction(error.code) === 'sign-in') {
              sink.error([{ message: 'Session ended', extensions: { code: 'UNAUTHENTICATED' } }]);
            } else sink.error(error);
          },
        };
        getClient().then(
          (client) => {
            if (!closed) dispose = client.subscribe(payload, forward);
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
}

export const forwardSubscription: SubscriptionForwarder = createForwarder(getWsClient);

/**
 * Close the socket so that live operations reconnect with the current cookie (after login): the
 * session is read once, when the socket opens.
 */
export function restartSubscriptions(): void {
  void wsClient?.then((client) => client.terminate());
}
