import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoData, type DemoKey } from '../demo/demo-data.js';
import { Session } from '../accounts/session.entity.js';
import { hashSessionToken } from '../accounts/session-token.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';

// Chat's mutations over the live socket (ws-server.ts socketMutations): the same rules as HTTP.
// A small request budget so that spending it takes a few sends.
const BUDGET = 12;
let app: TestApp;
let token: Record<DemoKey, string>;
let threadId: string;
const clients: Client[] = [];
/** What the server logs (info and up), one parsed line each. */
const logLines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

beforeAll(async () => {
  // Sessions re-checked every 300 ms here (30 s by default) for the revocation test.
  app = await createTestApp({ requestBudget: { points: BUDGET, windowSeconds: 600 }, live: { socketsPerUser: 10, subscriptionsPerSocket: 50, listenReconnectMs: 1000, sessionRecheckMs: 300 } }, { logger: pino({ level: 'info' }, logStream) });
  await seedDemoData(app.orm.em.fork());
  token = await app.loginDemoUsers();
  const shipment = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000002' }); // buyer 1 and 老李 (courier)
  const opened = await app.gql('mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }', { input: { kind: 'COURIER', shipmentId: shipment.id } }, token.buyer);
  threadId = opened.data!.openThread.id;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => app.close());

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq body clientMessageId } }';
const ADDED = 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { id seq body } }';

function socket(key: DemoKey): Client {
  const client = liveClient(app.url, token[key]);
  clients.push(client);
  return client;
}

/** One operation over the socket: its single result (data or errors). */
async function overSocket(client: Client, query: string, variables: Record<string, unknown>) {
  const stream = collect(client, query, variables);
  await stream.completed;
  return { data: stream.results[0] as any, errors: stream.errors.flat() as { message: string; extensions?: Record<string, unknown> }[] };
}

async function storedBodies(): Promise<string[]> {
  const rows = await app.orm.em.getConnection().execute<{ body: string }[]>('select body from messages where thread_id = ? order by seq', [threadId]);
  return rows.map((row) => row.body);
}

describe('request ids over the socket', () => {
  it('names the socket in every line it logs by its upgrade request\'s X-Request-ID, as HTTP requests are', async () => {
    // A proxy in front (nginx: proxy_set_header X-Request-ID $request_id) sets the header on the upgrade.
    class TracedWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { 'x-request-id': 'edge-42' } });
      }
    }
    const client = createClient({ url: `${app.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: TracedWebSocket, connectionParams: { authToken: token.agent }, retryAttempts: 0, lazy: true });
    clients.push(client);
    collect(client, ADDED, { threadId });
    const logged = (msg: string) => logLines.find((line) => line.msg === msg && line.connectionId === 'edge-42');
    await vi.waitFor(() => expect(logged('graphql subscribe')).toMatchObject({ transport: 'ws', requestId: expect.any(String) }), { timeout: 5000 });
    expect(logged('websocket connected')).toMatchObject({ transport: 'ws', userId: expect.any(String) });
    await client.dispose();
    await vi.waitFor(() => expect(logged('websocket closed')).toMatchObject({ transport: 'ws', code: expect.any(Number) }), { timeout: 5000 });
  });
});

describe('chat mutations over the live socket', () => {
  it('sends over the sender’s socket: the answer, the other side’s live copy, and an idempotent retry', async () => {
    const courier = socket('courier');
    const following = liveFeeds(app);
    const live = collect(courier, ADDED, { threadId });
    await following(1);
    const buyer = socket('buyer');
    const seen = live.results.length;
    const clientMessageId = randomUUID();
    const first = await overSocket(buyer, SEND, { input: { threadId, clientMessageId, body: '  到了吗？ ' } });
    expect(first.errors).toEqual([]);
    expect(first.data.sendMessage).toMatchObject({ body: '到了吗？', clientMessageId });
    const arrived = await live.next(seen + 1);
    expect(arrived.at(-1)).toEqual({ messageAdded: { id: first.data.sendMessage.id, seq: first.data.sendMessage.seq, body: '到了吗？' } });

    const retry = await overSocket(buyer, SEND, { input: { threadId, clientMessageId, body: '到了吗？' } });
    expect(retry.data.sendMessage).toEqual(first.data.sendMessage);
    expect((await storedBodies()).filter((body) => body === '到了吗？')).toHaveLength(1);
  });

  it('gives the same refusals as HTTP, and stores nothing', async () => {
    const before = await storedBodies();
    const buyer = socket('buyer');
    const empty = await overSocket(buyer, SEND, { input: { threadId, clientMessageId: randomUUID(), body: '   ' } });
    expect(empty.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const foreign = await overSocket(socket('buyer2'), SEND, { input: { threadId, clientMessageId: randomUUID(), body: 'not mine' } });
    expect(foreign.errors[0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const tooLong = await overSocket(buyer, SEND, { input: { threadId, clientMessageId: randomUUID(), body: 'x'.repeat(2001) } });
    expect(tooLong.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await storedBodies()).toEqual(before);
  });

  it('serves only the chat mutations: one naming another field is refused whole, queries stay on HTTP', async () => {
    const before = await storedBodies();
    const buyer = socket('buyer');
    const mixed = await overSocket(buyer, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } logout }', {
      input: { threadId, clientMessageId: randomUUID(), body: 'and log out' },
    });
    expect(mixed.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    const query = await overSocket(buyer, '{ me { id } }', {});
    expect(query.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(await storedBodies()).toEqual(before);
    // The session survived: the refused logout never ran.
    expect((await app.gql('{ me { id } }', {}, token.buyer)).data?.me).toBeTruthy();
  });

  it('charges each send to the user’s request budget, like an HTTP request (RATE_LIMITED once spent)', async () => {
    const courier = socket('courier');
    // The courier's subscription in the first test cost a point of its budget, like any root field.
    const left = BUDGET - 1;
    const answers = [];
    for (let i = 0; i < left + 1; i++) {
      answers.push(await overSocket(courier, SEND, { input: { threadId, clientMessageId: randomUUID(), body: `budget ${i}` } }));
    }
    expect(answers.slice(0, left).every((answer) => answer.errors.length === 0)).toBe(true);
    const refused = answers[left]!;
    expect(refused.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(await storedBodies()).not.toContain(`budget ${left}`);
    // The same budget as HTTP: the next HTTP request is refused too.
    const http = await app.gql('{ me { id } }', {}, token.courier);
    expect(http.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('charges each subscription to the budget like any root field: once spent, the next is refused and so is HTTP', async () => {
    const merchant = socket('merchant'); // nothing spent yet in this file
    const NOTIFIED = 'subscription { notificationAdded { id } }';
    const before = app.server.deps.live.stats().subscribers;
    const streams = Array.from({ length: BUDGET }, () => collect(merchant, NOTIFIED, {}));
    // graphql-ws does not acknowledge a subscribe: poll until all of them follow their feed.
    await vi.waitFor(() => expect(app.server.deps.live.stats().subscribers).toBe(before + BUDGET), { timeout: 5000, interval: 20 });
    expect(streams.every((stream) => stream.errors.length === 0)).toBe(true);
    const over = collect(merchant, NOTIFIED, {});
    await vi.waitFor(() => expect(over.errors.length).toBeGreaterThan(0), { timeout: 3000, interval: 20 });
    expect(over.errors.flat()[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect((await app.gql('{ me { id } }', {}, token.merchant)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('stops a session revoked in the database (not by logout): its next send at once, its idle sockets at the re-check', async () => {
    // The agent: nothing of its request budget spent in this file (a refused subscription would let
    // the lazy client close its socket). Not in this courier thread, so its sends answer NOT_FOUND.
    const sending = await app.login('13800000004');
    const idle = await app.login('13800000004');
    const revoke = (t: string) => app.orm.em.fork().nativeUpdate(Session, { tokenHash: hashSessionToken(t) }, { revokedAt: new Date() });
    const sender = liveClient(app.url, sending);
    const idler = liveClient(app.url, idle);
    clients.push(sender, idler);
    const closed = (client: Client) => new Promise<number>((resolve) => client.on('closed', (event: any) => resolve(event.code)));
    const senderClosed = closed(sender);
    const idlerClosed = closed(idler);
    // A subscription on each keeps its socket open (the client is lazy).
    collect(sender, 'subscription { notificationAdded { id } }', {});
    collect(idler, 'subscription { notificationAdded { id } }', {});
    const before = await overSocket(sender, SEND, { input: { threadId, clientMessageId: randomUUID(), body: 'before' } });
    expect(before.errors[0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    await vi.waitFor(() => expect(app.server.liveSockets().sockets).toBeGreaterThanOrEqual(2), { timeout: 3000, interval: 20 });

    await revoke(sending);
    const refused = await overSocket(sender, SEND, { input: { threadId, clientMessageId: randomUUID(), body: 'after' } });
    expect(refused.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await senderClosed).toBe(4403);
    expect(await storedBodies()).not.toContain('after');

    await revoke(idle);
    expect(await idlerClosed).toBe(4403);
  });
});
