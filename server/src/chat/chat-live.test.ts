import { makeDataDir, startBuiltServer, stopBuiltServer } from '../test/built-server.js';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { demoApp, type TestApp } from '../test/harness.js';
import { collect, liveClient } from '../test/live-client.js';

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

// Pings every 200 ms so a silent socket is dropped within the test's patience.
beforeAll(async () => ({ app, demo, tokens: token } = await demoApp({ wsPingMs: 200 })));
afterAll(() => app.close());

const OPEN = 'mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }';
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } }';
const ADDED = 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { seq body } }';

async function courierThread(): Promise<string> {
  const shipment = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000002' }); // buyer 1 and 老李
  const result = await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: shipment.id } }, token.buyer);
  return result.data!.openThread.id;
}

function rawSocket(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', options);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, opened, closed };
}

describe('WebSocket limits', () => {
  it('refuses a frame over 64 KB by closing the socket (1009)', async () => {
    const { socket, opened, closed } = rawSocket(app.url);
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: token.buyer, pad: 'x'.repeat(65 * 1024) } }));
    expect(await closed).toBe(1009);
  });

  it('drops a socket that stops answering pings, and its user no longer counts as online', async () => {
    const { socket, opened, closed } = rawSocket(app.url, { autoPong: false });
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: token.courier2 } }));
    await new Promise((resolve) => socket.once('message', resolve)); // connection_ack
    // The presence row is written just after the ack.
    await vi.waitFor(async () => expect([...(await app.server.deps.presence.online([demo.users.courier2.id]))]).toEqual([demo.users.courier2.id]));
    const started = Date.now();
    expect(await closed).toBe(1006); // terminated, no close frame
    expect(Date.now() - started).toBeLessThan(2000);
    await vi.waitFor(async () => expect((await app.server.deps.presence.online([demo.users.courier2.id])).size).toBe(0));
  });

  it('keeps a socket that answers pings', async () => {
    const { socket, opened, closed } = rawSocket(app.url);
    await opened;
    let state = 'open';
    void closed.then(() => (state = 'closed'));
    // Three pings answered (the ws client pongs by itself): three chances to drop it, none taken.
    let pings = 0;
    socket.on('ping', () => pings++);
    await vi.waitFor(() => expect(pings).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 50 });
    expect(state).toBe('open');
    socket.close();
  });
});

describe('two server processes on one database', () => {
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child && child.exitCode === null) await stopBuiltServer(child);
  });

  it('delivers a message sent through one process to a subscriber on the other, in seq order', async () => {
    // The built server as a second process on this test's database (sessions live there too).
    const other = await startBuiltServer(makeDataDir('second'), { DATABASE_URL: app.databaseUrl });
    child = other.child;
    const otherUrl = other.url;

    const threadId = await courierThread();
    const courierOnOther = liveClient(otherUrl, token.courier);
    const stream = collect(courierOnOther, ADDED, { threadId });
    // graphql-ws does not acknowledge a subscribe: send probes until one arrives (on a loaded machine
    // the other process may register the subscription late; a client would catch up by seq).
    const send = (body: string) => app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body } }, token.buyer);
    await vi.waitFor(async () => {
      await send('probe');
      expect(stream.results.length).toBeGreaterThan(0);
    }, { timeout: 15_000, interval: 500 });
    const sent = [];
    for (const body of ['一', '二', '三']) {
      const result = await app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body } }, token.buyer);
      sent.push(result.data!.sendMessage.seq);
    }
    // Late probes may still land among them: wait for the three words themselves.
    const words = () => stream.results.filter((r: any) => r.messageAdded.body !== 'probe');
    await vi.waitFor(() => expect(words()).toHaveLength(3), { timeout: 15_000, interval: 50 });
    const got = words();
    expect(got.map((r: any) => [r.messageAdded.seq, r.messageAdded.body])).toEqual([
      [sent[0], '一'],
      [sent[1], '二'],
      [sent[2], '三'],
    ]);
    await courierOnOther.dispose();
  });
});
