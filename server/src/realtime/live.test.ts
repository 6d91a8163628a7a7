import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { demoApp, demoParcel, type TestApp } from '../test/harness.js';
import { collect } from '../test/live-client.js';
import { ShipmentTopic } from '../shipments/shipment.topics.js';

// Real server, real WebSockets (graphql-ws and raw ws clients), real embedded PostgreSQL.
// Small caps, so the limits are reached with a handful of sockets.
const CAPS = { socketsPerUser: 3, subscriptionsPerSocket: 4 };

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens: token } = await demoApp({ live: { ...CAPS, listenReconnectMs: 1500, sessionRecheckMs: 30_000 } })));
afterAll(() => app.close());

const opened: Client[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.dispose()));
  await eventually(() => app.server.liveSockets().sockets === 0 && app.server.deps.live.stats().subscribers === 0, 3000, 'all released');
});

const UPDATED = 'subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { id status version courier { displayName } events { status } } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A parcel of a demo order (by its story), read fresh. */
const parcel = (story: keyof DemoData['orders'], index = 0) => demoParcel(app, demo, story, index);

/** A connected graphql-ws client (not lazy) that remembers how its socket closed. */
function openSocket(bearer: string) {
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  let closedWith!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  const client: Client = createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: bearer },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: {
      connected: () => connected(),
      closed: (event) => closedWith({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }),
    },
  });
  opened.push(client);
  return { client, ready, closed };
}

/** The promise's value, or a failure after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what = 'answer'): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no ${what} within ${ms} ms`)))]);
}

/** Resolves once `check` holds, polling; rejects after `ms`. */
async function eventually(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Waits until this process follows exactly `count` subscriptions (graphql-ws subscribes asynchronously). */
const subscribersAre = (count: number) => eventually(() => app.server.deps.live?.stats().subscribers === count, 10_000, `${count} subscribers`);

/** The SQL statements run while one SHIPMENT_UPDATED event of this parcel is delivered. */
async function statementsForOneEvent(shipmentId: string, delivered: () => Promise<unknown>) {
  const { queries } = await app.countQueries(async () => {
    await app.server.deps.realtime.publish(ShipmentTopic.SHIPMENT_UPDATED, shipmentId);
    await delivered();
    await sleep(150); // anything late would be counted too
  });
  return queries.filter((sql) => !BACKGROUND.some((mark) => sql.includes(mark)));
}

/**
 * Statements that a process runs on its own clock, not for the event: NOTIFY, the outbox worker,
 * and the presence and socket bookkeeping that opening and closing the sockets queues (written
 * "soon", so on a loaded machine it can land inside the measured window).
 */
const BACKGROUND = ['pg_notify', 'outbox_messages', 'user_presence', 'live_socket', 'scheduled_job'];

describe('caps (item 1)', () => {
  it('refuses a user’s socket over the per-user cap with a clear close code, and not another user’s', async () => {
    const mine = Array.from({ length: CAPS.socketsPerUser }, () => openSocket(token.buyer2));
    await Promise.all(mine.map((s) => s.ready));
    const extra = openSocket(token.buyer2);
    expect(await within(extra.closed, 3000, 'close')).toEqual({ code: 4013, reason: `Too many connections for this user: at most ${CAPS.socketsPerUser}` });
    const other = openSocket(token.buyer);
    await other.ready;
    // One closes: the user may open one again.
    await mine[0]!.client.dispose();
    await eventually(() => app.server.liveSockets().sockets === CAPS.socketsPerUser, 2000, 'release');
    const again = openSocket(token.buyer2);
    await again.ready;
    for (const s of [...mine, other, again]) await s.client.dispose();
  });

  it('refuses a subscription over the per-socket cap with RATE_LIMITED; a completed one frees its place', async () => {
    const shipment = await parcel('twoParcels', 1); // buyer2's
    const { client, ready } = openSocket(token.buyer2);
    await ready;
    const streams = Array.from({ length: CAPS.subscriptionsPerSocket }, () => collect(client, UPDATED, { id: shipment.id }));
    await subscribersAre(CAPS.subscriptionsPerSocket);
    const over = collect(client, UPDATED, { id: shipment.id });
    await within(over.completed, 3000, 'refusal');
    expect(over.errors.flat()).toMatchObject([{ message: `Too many subscriptions on this connection: at most ${CAPS.subscriptionsPerSocket} at once`, extensions: { code: 'RATE_LIMITED' } }]);
    streams[0]!.unsubscribe();
    await subscribersAre(CAPS.subscriptionsPerSocket - 1);
    const next = collect(client, UPDATED, { id: shipment.id });
    await subscribersAre(CAPS.subscriptionsPerSocket);
    expect(next.errors).toEqual([]);
    await app.server.deps.realtime.publish(ShipmentTopic.SHIPMENT_UPDATED, shipment.id);
    await next.next(1);
    await client.dispose();
  });
});

describe('release (item 2)', () => {
  it('completed subscriptions and those of a closed socket cost no SQL at the next event and leave no listener', async () => {
    const shipment = await parcel('delivered'); // never changes again
    const realtime = app.server.deps.realtime;
    const a = openSocket(token.buyer);
    const b = openSocket(token.buyer);
    await Promise.all([a.ready, b.ready]);
    const completed = Array.from({ length: 3 }, () => collect(a.client, UPDATED, { id: shipment.id }));
    Array.from({ length: 3 }, () => collect(b.client, UPDATED, { id: shipment.id }));
    await subscribersAre(6);

    for (const stream of completed) stream.unsubscribe();
    await b.client.dispose();
    await subscribersAre(0);
    expect(await statementsForOneEvent(shipment.id, () => sleep(100))).toEqual([]);
    expect(app.server.deps.live.stats().subscribers).toBe(0);
    expect(realtime.listenerCount()).toBe(1); // the WebSocket server's own logout listener only
    await a.client.dispose();
  });

  it('releases every subscription of the schema that needs no setup at once on complete', async () => {
    const shipment = await parcel('outForDelivery'); // buyer 1's, in the demo store
    const cases: [DemoKey, string, Record<string, unknown>][] = [
      ['buyer', UPDATED, { id: shipment.id }],
      ['buyer', 'subscription { notificationAdded { id } }', {}],
      ['merchant', 'subscription { storeShipmentUpdated { id } }', {}],
      ['agent', 'subscription { complaintQueueChanged { __typename } }', {}],
    ];
    for (const [who, query, variables] of cases) {
      const socket = openSocket(token[who]);
      await socket.ready;
      const streams = Array.from({ length: 3 }, () => collect(socket.client, query, variables));
      await subscribersAre(3);
      expect(streams.flatMap((stream) => stream.errors), query).toEqual([]);
      for (const stream of streams) stream.unsubscribe();
      await subscribersAre(0);
      expect(app.server.deps.realtime.listenerCount(), query).toBe(1);
      await socket.client.dispose();
    }
  });

  it('listens once per parcel in a process, however many follow it', async () => {
    const shipment = await parcel('delivered');
    const a = openSocket(token.buyer);
    await a.ready;
    Array.from({ length: 4 }, () => collect(a.client, UPDATED, { id: shipment.id }));
    await subscribersAre(4);
    expect(app.server.deps.live.stats()).toEqual({ keys: 1, subscribers: 4 });
    expect(app.server.deps.realtime.listenerCount()).toBe(2);
  });
});

describe('one read per event per process', () => {
  it('runs the same SQL for 3 subscribers as for 24 across buyer, store and courier sockets', async () => {
    const shipment = await parcel('outForDelivery'); // buyer 1, 老李
    const who: DemoKey[] = ['buyer', 'merchant', 'courier'];
    const measure = async (socketsEach: number, subscriptionsEach: number) => {
      const sockets = who.flatMap((key) => Array.from({ length: socketsEach }, () => openSocket(token[key])));
      await Promise.all(sockets.map((s) => s.ready));
      const streams = sockets.flatMap((s) => Array.from({ length: subscriptionsEach }, () => collect(s.client, UPDATED, { id: shipment.id })));
      await subscribersAre(streams.length);
      const queries = await statementsForOneEvent(shipment.id, () => Promise.all(streams.map((s) => s.next(1, 15_000))));
      for (const s of streams) expect((s.results[0] as any).shipmentUpdated).toMatchObject({ id: shipment.id, courier: { displayName: '派件员老李' } });
      for (const s of sockets) await s.client.dispose();
      await subscribersAre(0);
      return { subscribers: streams.length, queries };
    };
    const few = await measure(1, 1);
    const many = await measure(2, 4);
    expect(few.subscribers).toBe(3);
    expect(many.subscribers).toBe(24);
    expect(many.queries.length, many.queries.join('\n')).toBe(few.queries.length);
    expect(few.queries.length).toBeLessThanOrEqual(4); // the parcel with its order, its events, its courier
  });
});

describe('after a LISTEN reconnect (item 6)', () => {
  it('closes open sockets: Resync for a live session (a later subscription is served), Forbidden for one logged out meanwhile', async () => {
    const shipment = await parcel('twoParcels', 1); // buyer2
    const stays = openSocket(token.buyer2);
    const loggedOut = await app.login('13800000005');
    const leaves = openSocket(loggedOut);
    await Promise.all([stays.ready, leaves.ready]);
    const stream = collect(stays.client, UPDATED, { id: shipment.id });
    await subscribersAre(1);

    // The listener's connection ends as it does when PostgreSQL restarts: its backend is
    // terminated by the server (the same "administrator command" a fast shutdown sends). A real
    // restart of the shared test PostgreSQL would break every other test file running meanwhile.
    const admin = new pg.Client({ connectionString: app.databaseUrl });
    await admin.connect();
    const { rowCount } = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN parceldesk_events'`,
    );
    expect(rowCount).toBe(1);
    // The backend is gone (termination is only asked for above), so nothing listens any more.
    const listening = async () => Number((await admin.query(`select count(*) from pg_stat_activity where datname = current_database() and query = 'LISTEN parceldesk_events'`)).rows[0].count);
    await vi.waitFor(async () => expect(await listening()).toBe(0), { timeout: 5000, interval: 10 });
    await admin.end();
    // While LISTEN is down: a committed change and a logout, whose NOTIFYs nobody hears.
    const scan = await app.gql('mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { version } }', { input: { shipmentId: shipment.id, status: 'IN_TRANSIT' } }, token.courier);
    expect(scan.errors).toBeUndefined();
    const logout = await app.gql('mutation { logout }', {}, loggedOut);
    expect(logout.data).toEqual({ logout: true });
    expect(stream.results).toHaveLength(0); // lost: the premise of this test

    expect(await within(stays.closed, 5000, 'close')).toEqual({ code: 4012, reason: 'Resync' });
    expect(await within(leaves.closed, 5000, 'close')).toEqual({ code: 4403, reason: 'Session ended' });
    // The logged-out token cannot come back; the live one can, and is served again.
    const retry = openSocket(loggedOut);
    expect((await retry.closed).code).toBe(4403);
    const back = openSocket(token.buyer2);
    await back.ready;
    const resumed = collect(back.client, UPDATED, { id: shipment.id });
    await subscribersAre(1);
    await app.gql('mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { version } }', { input: { shipmentId: shipment.id, status: 'OUT_FOR_DELIVERY' } }, token.courier);
    const [update] = await resumed.next(1);
    expect((update as any).shipmentUpdated.status).toBe('OUT_FOR_DELIVERY');
    await stays.client.dispose();
    await back.client.dispose();
  });
});

describe('a socket closed during its session lookup (item 8)', () => {
  it('leaves no registration and no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const socketsBefore = 0; // afterEach leaves none
    await eventually(() => app.server.liveSockets().sockets === socketsBefore, 5000, 'no socket open');
    const timersBefore = timers();
    // Hold every session lookup: they wait for this lock while the sockets go away.
    const locker = new pg.Client({ connectionString: app.databaseUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table sessions in access exclusive mode');
    const raw = Array.from({ length: 20 }, () => new WebSocket(`${app.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws'));
    await Promise.all(raw.map((socket) => new Promise((resolve) => socket.once('open', resolve))));
    for (const socket of raw) socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: token.agent } }));
    // The lookups are held on the lock (as many as the pool has connections; the rest wait for one).
    const held = async () => Number((await locker.query(`select count(*) from pg_locks where relation = 'sessions'::regclass and not granted`)).rows[0].count);
    await vi.waitFor(async () => expect(await held()).toBeGreaterThan(0), { timeout: 10_000, interval: 25 });
    for (const socket of raw) socket.terminate();
    // The server hears the closes while the lookups are still held: nothing on this side says when,
    // so this one wait stays a time.
    await sleep(300);
    await locker.query('commit');
    await locker.end();
    // The held lookups finish; what they left behind is released, or the wait runs out.
    await vi.waitFor(() => {
      expect(timers()).toBeLessThan(timersBefore + 5); // one leaked expiry timer per socket otherwise
      expect(app.server.liveSockets()).toEqual({ sockets: socketsBefore, users: expect.any(Number), timers: socketsBefore });
    }, { timeout: 10_000, interval: 50 });
  });
});

describe('production rules on the WebSocket (item 11)', () => {
  it('serves subscriptions only: queries and mutations (login) are refused, introspection too', async () => {
    const { client, ready } = openSocket(token.buyer);
    await ready;
    const refused = async (query: string) => {
      const stream = collect(client, query, {});
      await stream.completed;
      expect(stream.results, query).toEqual([]);
      return stream.errors.flat() as { message: string; extensions?: { code?: string } }[];
    };
    for (const query of ['{ me { id } }', 'mutation { login(input: { phone: "13800000001", password: "demo1234" }) { token } }']) {
      expect(await refused(query), query).toMatchObject([{ message: 'Only subscriptions and chat mutations are served over the WebSocket: send other queries and mutations over HTTP', extensions: { code: 'BAD_REQUEST' } }]);
    }
    const introspection = await refused('{ __schema { queryType { name } } }');
    expect(introspection[0]).toMatchObject({ message: expect.stringContaining('introspection has been disabled'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    await client.dispose();
  });

  it('gives no field suggestions outside development', async () => {
    const { client, ready } = openSocket(token.buyer);
    await ready;
    const stream = collect(client, 'subscription { shipmentUpdate(shipmentId: "x") { id } }', {});
    await stream.completed;
    const message = (stream.errors.flat()[0] as { message: string }).message;
    expect(message).toContain('Cannot query field "shipmentUpdate"');
    expect(message).not.toContain('Did you mean');
    await client.dispose();
  });
});
