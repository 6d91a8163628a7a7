// @vitest-environment node
import { useServer } from 'graphql-ws/use/ws';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { subscribeReconnected } from './reconnect';
import { closeAction, createForwarder, createWsClient, LiveCloseCode, resyncDelay } from './subscriptions';

// A real graphql-ws server on a real socket (Node's ws): the browser's WebSocket is the one part
// that cannot run here, so the client gets ws's implementation of the same interface.
// graphql-ws's server loads graphql as Node does (CommonJS); vite would hand this file the ESM
// build, and graphql refuses a schema from the other copy.
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = buildSchema('type Query { ok: Boolean } type Subscription { tick: Int }');
const roots = {
  subscription: {
    tick: async function* () {
      yield { tick: 1 };
      await new Promise(() => undefined); // stays open until the client or the socket ends it
    },
  },
};

let server: WebSocketServer;
let url: string;
let connections: WebSocket[];
let subscribes: number;
let dispose: () => void | Promise<void>;

beforeEach(async () => {
  connections = [];
  subscribes = 0;
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => connections.push(socket));
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const cleanup = useServer({ schema, roots, onSubscribe: () => void subscribes++ }, server);
  dispose = () => cleanup.dispose();
});
afterEach(() => dispose());

const until = async (check: () => boolean, ms = 4000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

function subscribe(forward: ReturnType<typeof createForwarder>) {
  const seen = { next: 0, errors: [] as unknown[] };
  const subscription = forward({ query: 'subscription { tick }', variables: {} } as never, undefined as never).subscribe({
    next: () => void seen.next++,
    error: (error: unknown) => void seen.errors.push(error),
    complete: () => undefined,
  });
  return { seen, subscription };
}

describe('the live socket after the server closes it', () => {
  it('reconnects at once on Resync, subscribes again and tells features to refetch', async () => {
    const client = await createWsClient({ url, webSocketImpl: WebSocket });
    let refetches = 0;
    const off = subscribeReconnected(() => void refetches++);
    const { seen, subscription } = subscribe(createForwarder(async () => client));
    await until(() => seen.next === 1);
    const started = Date.now();
    connections[0]!.close(LiveCloseCode.Resync, 'Resync');
    await until(() => refetches === 1 && seen.next === 2);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(subscribes).toBe(2);
    expect(seen.errors).toEqual([]);
    subscription.unsubscribe();
    off();
    await client.dispose();
  });

  it('retries after too many sockets, and gives up with UNAUTHENTICATED when the session ended', async () => {
    const client = await createWsClient({ url, webSocketImpl: WebSocket });
    const { seen, subscription } = subscribe(createForwarder(async () => client));
    await until(() => seen.next === 1);
    connections[0]!.close(LiveCloseCode.TooManySockets, 'Too many connections for this user: at most 10');
    await until(() => connections.length === 2 && seen.next === 2);
    connections[1]!.close(LiveCloseCode.Forbidden, 'Logged out');
    await until(() => seen.errors.length === 1);
    expect(seen.errors[0]).toEqual([{ message: 'Session ended', extensions: { code: 'UNAUTHENTICATED' } }]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(connections).toHaveLength(2); // no third attempt
    subscription.unsubscribe();
    await client.dispose();
  });
});

describe('closeAction', () => {
  it('maps the server’s close codes', () => {
    expect(closeAction(4012)).toBe('resync');
    expect(closeAction(4403)).toBe('sign-in');
    expect(closeAction(4013)).toBe('retry');
    expect(closeAction(1006)).toBe('retry');
    expect(closeAction(undefined)).toBe('retry');
    expect(resyncDelay(() => 0)).toBe(100);
    expect(resyncDelay(() => 1)).toBe(1000);
  });
});
