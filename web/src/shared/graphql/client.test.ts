import { gql, type SubscriptionForwarder } from '@urql/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLClient } from './client';
import { liveSocketContext, socketStatus } from './reconnect';

const SEND = gql`mutation Send($body: String!) { sendMessage(input: { threadId: "t", clientMessageId: "c", body: $body }) { id } }`;
const ME = gql`query Me { me { id } }`;

/** Where each operation went: the socket forwarder or fetch (stand-ins for the socket and the network). */
function routedClient() {
  const overSocket: string[] = [];
  const overHttp: string[] = [];
  const forwardSubscription: SubscriptionForwarder = (request) => ({
    subscribe(sink) {
      overSocket.push(request.operationName ?? '');
      sink.next({ data: { sendMessage: { id: 'socket' } } });
      sink.complete();
      return { unsubscribe: () => undefined };
    },
  });
  const fetch = (async (_url: unknown, init?: { body?: string }) => {
    overHttp.push((JSON.parse(init?.body ?? '{}') as { operationName?: string }).operationName ?? '');
    return new Response(JSON.stringify({ data: { sendMessage: { id: 'http' }, me: null } }), { headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { client: createGraphQLClient({ url: 'http://localhost/graphql', forwardSubscription, fetch }), overSocket, overHttp };
}

afterEach(() => {
  socketStatus.value = 'idle';
});

describe('the GraphQL client’s transport', () => {
  it('sends a mutation that asks for the live socket over it while connected, and everything else over HTTP', async () => {
    const { client, overSocket, overHttp } = routedClient();
    socketStatus.value = 'connected';
    const live = await client.mutation(SEND, { body: 'a' }, liveSocketContext()).toPromise();
    const plain = await client.mutation(SEND, { body: 'b' }).toPromise();
    await client.query(ME, {}).toPromise();
    expect(live.data).toEqual({ sendMessage: { id: 'socket' } });
    expect(plain.data?.sendMessage).toEqual({ id: 'http' });
    expect(overSocket).toEqual(['Send']);
    expect(overHttp).toEqual(['Send', 'Me']);
  });

  it('uses HTTP when the socket is not connected', async () => {
    const { client, overSocket, overHttp } = routedClient();
    socketStatus.value = 'reconnecting';
    await client.mutation(SEND, { body: 'c' }, liveSocketContext()).toPromise();
    expect(overSocket).toEqual([]);
    expect(overHttp).toEqual(['Send']);
  });
});
