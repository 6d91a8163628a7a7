import { makeDataDir, startBuiltServer, stopBuiltServer } from '../test/built-server.js';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { demoApp, demoParcel, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { ShipmentTopic } from './shipment.topics.js';

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens: token } = await demoApp()));
afterAll(() => app.close());

const UPDATED = 'subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { id status version events { status } } }';
const RECORD = 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { version } }';

/** A parcel of a demo order (by its story), read fresh. */
const parcel = (story: keyof DemoData['orders'], index = 0) => demoParcel(app, demo, story, index);

/** Waits until the server has registered the subscription (graphql-ws subscribes asynchronously). */

describe('shipmentUpdated', () => {
  it('pushes each change with its version to the buyer, the store and the courier', async () => {
    const shipment = await parcel('twoParcels', 1); // PICKED_UP, 老李, buyer2
    const clients = ['buyer2', 'merchant', 'courier'].map((who) => liveClient(app.url, token[who as DemoKey]));
    const following = liveFeeds(app);
    const streams = clients.map((client) => collect(client, UPDATED, { id: shipment.id }));
    await following(3);
    await app.gql(RECORD, { input: { shipmentId: shipment.id, status: 'IN_TRANSIT' } }, token.courier);
    await app.gql(RECORD, { input: { shipmentId: shipment.id, status: 'OUT_FOR_DELIVERY' } }, token.courier);
    for (const stream of streams) {
      const results = await stream.next(2);
      expect(results.map((r: any) => [r.shipmentUpdated.status, r.shipmentUpdated.version])).toEqual([
        ['IN_TRANSIT', shipment.version + 1],
        ['OUT_FOR_DELIVERY', shipment.version + 2],
      ]);
    }
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('refuses anyone else at subscribe time: another buyer or courier (NOT_FOUND), an agent (FORBIDDEN)', async () => {
    const shipment = await parcel('twoParcels', 1);
    for (const [who, code] of [['buyer', 'NOT_FOUND'], ['courier2', 'NOT_FOUND'], ['agent', 'FORBIDDEN']] as const) {
      const client = liveClient(app.url, token[who as DemoKey]);
      const stream = collect(client, UPDATED, { id: shipment.id });
      await stream.completed;
      expect(JSON.stringify(stream.errors), who).toContain(`"code":"${code}"`);
      expect(stream.results).toHaveLength(0);
      await client.dispose();
    }
  });

  it('stops telling a courier once the parcel is re-dispatched to someone else', async () => {
    const shipment = await parcel('dispatched'); // DISPATCHED to 老李
    const client = liveClient(app.url, token.courier!);
    const store = liveClient(app.url, token.merchant!);
    const following = liveFeeds(app);
    const stream = collect(client, UPDATED, { id: shipment.id });
    const storeStream = collect(store, UPDATED, { id: shipment.id });
    await following(2);
    const redispatch = await app.gql(
      'mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { version } }',
      { input: { shipmentId: shipment.id, courierId: demo.users.courier2.id, channel: 'PHONE', pickupAt: new Date(Date.now() + 3600_000).toISOString(), pickupAddress: '仓库' } },
      token.merchant,
    );
    expect(redispatch.errors).toBeUndefined();
    await app.gql(RECORD, { input: { shipmentId: shipment.id, status: 'PICKED_UP' } }, token.courier2);
    // The store hears of the last change: the feed has handed it to every subscriber (one read,
    // then each one's check). A refused subscribe on 老李's socket answers after anything sent there before.
    await storeStream.next(2);
    const probe = collect(client, UPDATED, { id: shipment.id });
    await probe.completed;
    expect(JSON.stringify(probe.errors)).toContain('"code":"NOT_FOUND"');
    expect(stream.results).toHaveLength(0);
    await client.dispose();
    await store.dispose();
  });

  it('applies the depth limit to subscriptions too', async () => {
    const client = liveClient(app.url, token.buyer2!);
    const deep = `subscription { shipmentUpdated(shipmentId: "x") { order { shipments { order { shipments { order { shipments { order { shipments { order { shipments { id } } } } } } } } } } } }`;
    const stream = collect(client, deep, {});
    await stream.completed;
    expect(JSON.stringify(stream.errors)).toContain('depth limit');
    await client.dispose();
  });
});

describe('two server processes on one database', () => {
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child && child.exitCode === null) await stopBuiltServer(child);
  });

  it('delivers a change made through one process to a subscriber on the other', async () => {
    // The built server as a second process on this test's database (sessions live there too).
    const other = await startBuiltServer(makeDataDir('second'), { DATABASE_URL: app.databaseUrl });
    child = other.child;
    const otherUrl = other.url;

    const shipment = await parcel('outForDelivery'); // 老李, buyer 1
    const client = liveClient(otherUrl, token.buyer!); // sessions live in the shared database
    const stream = collect(client, UPDATED, { id: shipment.id });
    // graphql-ws acknowledges no subscribe, and the other process's feeds are not this test's to
    // count: repeat the parcel's (unchanged) update through the database until one arrives there.
    await vi.waitFor(async () => {
      await app.server.deps.realtime.publish(ShipmentTopic.SHIPMENT_UPDATED, shipment.id);
      expect(stream.results.length).toBeGreaterThan(0);
    }, { timeout: 15_000, interval: 100 });
    const result = await app.gql(RECORD, { input: { shipmentId: shipment.id, status: 'DELIVERED' } }, token.courier);
    expect(result.errors).toBeUndefined();
    const delivered = () => stream.results.map((r: any) => r.shipmentUpdated).find((u: any) => u.status === 'DELIVERED');
    await vi.waitFor(() => expect(delivered()).toBeDefined(), { timeout: 15_000, interval: 20 });
    expect(delivered()).toMatchObject({ status: 'DELIVERED', version: shipment.version + 1 });
    await client.dispose();
  });
});
