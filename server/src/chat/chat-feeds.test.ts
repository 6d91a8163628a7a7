import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { ChatTopic } from './chat.topics.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { demoApp, type TestApp } from '../test/harness.js';
import { collect } from '../test/live-client.js';

// Real server, real graphql-ws clients, real embedded PostgreSQL: the chat subscriptions follow
// LiveHub feeds, so they are released at once and share one read per event.

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;
/** Registered pub/sub listeners with no subscription open (the WebSocket server's logout listener). */
let idleListeners: number;

beforeAll(async () => {
  ({ app, demo, tokens: token } = await demoApp());
  // The outbox worker polls every 5 s in a transaction of its own: on a loaded machine a poll
  // lands in a counting window (seen as a stray begin/select outbox/commit). This file counts an
  // event's statements and delivers no notification, so the worker is stopped.
  await app.server.deps.outbox.stop();
  idleListeners = app.server.deps.realtime.listenerCount();
});
afterAll(() => app.close());

const opened: Client[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.dispose()));
  await eventually(() => app.server.deps.live.stats().subscribers === 0, 10_000, 'all released');
});

const ADDED = 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { seq body clientMessageId author { id } } }';
const ACTIVITY = 'subscription($threadId: ID!) { threadActivity(threadId: $threadId) { typing readUpToSeq user { id role } } }';
const QUEUE_LIVE = 'subscription { supportQueueChanged { id unreadCount lastMessage { body } } }';
const OPEN = 'mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }';
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** graphql-ws subscribes asynchronously: wait until this process follows exactly `count`. */
const subscribersAre = (count: number) => eventually(() => app.server.deps.live.stats().subscribers === count, 15_000, `${count} subscribers`);

function openSocket(who: DemoKey): { client: Client; ready: Promise<void> } {
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: token[who] },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { connected: () => connected() },
  });
  opened.push(client);
  return { client, ready };
}

/**
 * Waits until the server runs no SQL for a while: a send reaches offline participants after it
 * answers (offline-reach.ts), and those statements must not be counted as an event's.
 */
async function quiet(): Promise<void> {
  await vi.waitFor(async () => {
    const { queries } = await app.countQueries(() => sleep(300));
    expect(queries.filter((sql) => !sql.includes('user_presence'))).toEqual([]);
  }, { timeout: 15_000, interval: 50 });
}

let courierChat: Promise<{ threadId: string; messageId: string }> | null = null;

/** Buyer 1 and 老李's courier thread with one message from the buyer (its id, to publish again); sent once. */
function courierThread(): Promise<{ threadId: string; messageId: string }> {
  courierChat ??= (async () => {
    const shipment = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000002' });
    const threadId = (await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: shipment.id } }, token.buyer)).data!.openThread.id;
    const sent = await app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body: '在吗' } }, token.buyer);
    expect(sent.errors).toBeUndefined();
    await quiet();
    return { threadId, messageId: sent.data!.sendMessage.id };
  })();
  return courierChat;
}

/**
 * The SQL run while one event is published and delivered. Left out: the NOTIFY itself, and the
 * presence rows sockets write when they open and close (fire-and-forget, not the feed's reads).
 */
async function statementsForEvent(publish: () => Promise<void>, delivered: () => Promise<unknown>): Promise<string[]> {
  const { queries } = await app.countQueries(async () => {
    await publish();
    await delivered();
    await sleep(200); // anything late is counted too
  });
  return queries.filter((sql) => !sql.includes('pg_notify') && !sql.includes('user_presence'));
}

describe('release', () => {
  it('completed messageAdded/threadActivity subscriptions and those of a closed socket leave no subscriber, no listener and cost no SQL', async () => {
    const { threadId, messageId } = await courierThread();
    const realtime = app.server.deps.realtime;
    const message = () => realtime.publish(ChatTopic.MESSAGE_ADDED, threadId, messageId);
    const typing = () => realtime.publish(ChatTopic.THREAD_ACTIVITY, threadId, `TYPING:${demo.users.buyer.id}`);
    const a = openSocket('courier');
    const b = openSocket('courier');
    await Promise.all([a.ready, b.ready]);
    const onA = [ADDED, ADDED, ACTIVITY, ACTIVITY].map((query) => collect(a.client, query, { threadId }));
    const onB = [ADDED, ADDED, ACTIVITY, ACTIVITY].map((query) => collect(b.client, query, { threadId }));
    const all = [...onA, ...onB];
    await subscribersAre(all.length);
    await Promise.all([message(), typing()]);
    await Promise.all(all.map((s) => s.next(1)));
    expect(onA[0]!.results[0]).toMatchObject({ messageAdded: { body: '在吗', clientMessageId: null } });
    expect(onA[2]!.results[0]).toMatchObject({ threadActivity: { typing: true, user: { id: demo.users.buyer.id, role: 'BUYER' } } });

    for (const stream of onA) stream.unsubscribe();
    await b.client.dispose();
    // Released at once, not at the thread's next event: no event is published until this holds.
    await eventually(() => realtime.listenerCount() === idleListeners, 10_000, 'no listener left');
    expect(app.server.deps.live.stats()).toEqual({ keys: 0, subscribers: 0 });
    const before = all.map((s) => s.results.length);
    expect(await statementsForEvent(message, () => sleep(100))).toEqual([]);
    expect(await statementsForEvent(typing, () => sleep(100))).toEqual([]);
    expect(all.map((s) => s.results.length)).toEqual(before);
  });
});

describe('one read per event per process', () => {
  /** Opens `sockets` courier sockets with `each` subscriptions to `query`, measures one event, closes them. */
  async function measure(threadId: string, query: string, sockets: number, each: number, publish: () => Promise<void>, others = 0) {
    const clients = Array.from({ length: sockets }, () => openSocket('courier'));
    await Promise.all(clients.map((c) => c.ready));
    const streams = clients.flatMap((c) => Array.from({ length: each }, () => collect(c.client, query, { threadId })));
    await subscribersAre(others + streams.length);
    // One listener for the thread in this process, however many follow it.
    expect(app.server.deps.live.stats()).toEqual({ keys: 1, subscribers: others + streams.length });
    expect(app.server.deps.realtime.listenerCount()).toBe(idleListeners + 1);
    await quiet(); // the sockets' own opening bookkeeping is not counted as the event's
    const queries = await statementsForEvent(publish, () => Promise.all(streams.map((s) => s.next(1, 15_000))));
    const results = streams.map((s) => s.results[0]);
    for (const c of clients) await c.client.dispose();
    await subscribersAre(others);
    return { queries, results };
  }

  it('messageAdded: the same SQL for 9 subscribers as for 1', async () => {
    const { threadId, messageId } = await courierThread();
    const publish = () => app.server.deps.realtime.publish(ChatTopic.MESSAGE_ADDED, threadId, messageId);
    const one = await measure(threadId, ADDED, 1, 1, publish);
    const nine = await measure(threadId, ADDED, 3, 3, publish);
    expect(one.queries).toHaveLength(1); // the message with its thread's access facts
    expect(nine.queries).toEqual(one.queries);
    expect(nine.results).toHaveLength(9);
    for (const result of nine.results) expect(result).toMatchObject({ messageAdded: { body: '在吗', clientMessageId: null } });
  });

  it('threadActivity: the same SQL for 9 subscribers as for 1, and never the viewer’s own typing', async () => {
    const { threadId } = await courierThread();
    const publish = () => app.server.deps.realtime.publish(ChatTopic.THREAD_ACTIVITY, threadId, `TYPING:${demo.users.buyer.id}`);
    // The buyer follows too: the typing is its own, so it gets nothing.
    const buyer = openSocket('buyer');
    await buyer.ready;
    const own = collect(buyer.client, ACTIVITY, { threadId });
    await subscribersAre(1);
    const one = await measure(threadId, ACTIVITY, 1, 1, publish, 1);
    expect(app.server.deps.live.stats().subscribers).toBe(1);
    const nine = await measure(threadId, ACTIVITY, 3, 3, publish, 1);
    expect(one.queries.length).toBeLessThanOrEqual(3); // thread access, the typist, their read marker
    expect([...nine.queries].sort()).toEqual([...one.queries].sort());
    for (const result of nine.results) expect(result).toMatchObject({ threadActivity: { typing: true, user: { id: demo.users.buyer.id } } });
    // The courier's typing reaches the buyer after the buyer's own would have.
    await app.server.deps.realtime.publish(ChatTopic.THREAD_ACTIVITY, threadId, `TYPING:${demo.users.courier.id}`);
    await own.next(1);
    expect(own.results.map((r: any) => r.threadActivity.user.id)).toEqual([demo.users.courier.id]);
    expect(own.errors).toEqual([]);
  });

  it('supportQueueChanged: one read per change whatever the number of agent subscriptions, each with its own unread count', async () => {
    const threadId = (await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer2)).data!.openThread.id;
    for (const body of ['一', '二']) expect((await app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body } }, token.buyer2)).errors).toBeUndefined();
    // Seqs: 一, the automatic acknowledgement, 二.
    const read = await app.gql('mutation($t: ID!) { markThreadRead(threadId: $t, upToSeq: 2) { unreadCount } }', { t: threadId }, token.agent);
    expect(read.errors).toBeUndefined();
    await quiet(); // the sends' own events and offline reach are over before anyone subscribes
    const publish = () => app.server.deps.realtime.publish(ChatTopic.SUPPORT_QUEUE_CHANGED, 'all', threadId);
    const run = async (sockets: number, each: number) => {
      const clients = Array.from({ length: sockets }, () => openSocket('agent'));
      await Promise.all(clients.map((c) => c.ready));
      const streams = clients.flatMap((c) => Array.from({ length: each }, () => collect(c.client, QUEUE_LIVE, {})));
      await subscribersAre(streams.length);
      await quiet(); // the sockets' own opening bookkeeping is not counted as the event's
      const queries = await statementsForEvent(publish, () => Promise.all(streams.map((s) => s.next(1, 15_000))));
      const results = streams.map((s) => s.results[0]);
      for (const c of clients) await c.client.dispose();
      await subscribersAre(0);
      return { queries, results };
    };
    const one = await run(1, 1);
    const six = await run(2, 3);
    expect(one.queries.length).toBeLessThanOrEqual(2); // the thread view, its read markers
    expect([...six.queries].sort()).toEqual([...one.queries].sort());
    // The agent read up to seq 2 of 3: its own unread count, not the buyer's.
    for (const result of [...one.results, ...six.results]) expect(result).toMatchObject({ supportQueueChanged: { id: threadId, unreadCount: 1, lastMessage: { body: '二' } } });
  });
});
