/**
 * Issue 10, server side: dispatch notes keep to their audience, couriers hear of work given and
 * taken away, deliveries record how the parcel was received, and an exception remembers where the
 * parcel had got to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Notification } from '../notifications/notification.entity.js';
import { merchantFactory, userFactory } from '../test/factories.js';
import { demoApp, demoParcel, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { Shipment } from './shipment.entity.js';
import { ShipmentTopic } from './shipment.topics.js';
import { TrackingEvent } from './tracking-event.entity.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

/** A parcel of a demo order (by its story), read fresh. */
const parcelOf = (order: keyof DemoData['orders'], index = 0) => demoParcel(app, demo, order, index);

const future = () => new Date(Date.now() + 2 * 3600_000).toISOString();
const DISPATCH = `mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { id version dispatch { note } } }`;
const RECORD = `mutation($input: RecordTrackingEventInput!) {
  recordTrackingEvent(input: $input) { id status version statusBeforeException events { status receivedBy pickupCode } }
}`;
const SHIPMENT = `query($id: ID!) { shipment(id: $id) { dispatch { note } dispatches { note } events { status note } } }`;
const NOTE = '放门卫室，别打电话给买家';

const dispatchTo = (shipmentId: string, courierId: string, note: string | null = NOTE) =>
  app.gql(DISPATCH, { input: { shipmentId, courierId, channel: 'PHONE', pickupAt: future(), pickupAddress: '仓库 1 号门', note } }, tokens.merchant);
const record = (shipmentId: string, status: string, extra: Record<string, unknown> = {}, token = tokens.courier) =>
  app.gql(RECORD, { input: { shipmentId, status, ...extra } }, token);

/** Notifications sent since the test file started (the demo data carries a seeded history, all older). */
const started = new Date();
async function notificationsOf(userId: string, shipmentId: string) {
  return app.orm.em.fork().find(Notification, { recipient: userId, shipmentId, createdAt: { $gte: started } }, { orderBy: { createdAt: 'asc' } });
}

describe('dispatch note audience', () => {
  it('shows the note to its courier and the store, never to the buyer, and keeps it off the timeline', async () => {
    const parcel = await parcelOf('buyer2New');
    const dispatched = await dispatchTo(parcel.id, demo.users.courier.id);
    expect(dispatched.errors).toBeUndefined();
    expect(dispatched.data!.dispatchShipment.dispatch.note).toBe(NOTE);

    const asBuyer = await app.gql(SHIPMENT, { id: parcel.id }, tokens.buyer2);
    expect(asBuyer.errors).toBeUndefined();
    expect(asBuyer.data!.shipment.dispatch.note).toBeNull();
    expect(asBuyer.data!.shipment.dispatches.map((d: any) => d.note)).toEqual([null]);
    expect(JSON.stringify(asBuyer.data)).not.toContain(NOTE);

    for (const token of [tokens.courier, tokens.merchant, tokens.agent]) {
      const seen = await app.gql(SHIPMENT, { id: parcel.id }, token);
      expect(seen.data!.shipment.dispatch.note).toBe(NOTE);
      expect(seen.data!.shipment.events.map((e: any) => e.note)).toEqual([null]);
    }
    const stored = await app.orm.em.fork().find(TrackingEvent, { shipment: parcel.id });
    expect(stored.map((e) => e.note)).toEqual([null]);
  });

  it('hides an earlier courier’s note from the courier who holds the parcel now', async () => {
    const parcel = await parcelOf('dispatched');
    expect((await dispatchTo(parcel.id, demo.users.courier2.id, '小赵专用的话')).errors).toBeUndefined();
    const result = await app.gql(SHIPMENT, { id: parcel.id }, tokens.courier2);
    expect(result.data!.shipment.dispatches.map((d: any) => d.note)).toEqual([null, '小赵专用的话']);
  });
});

describe('couriers hear of dispatch and withdrawal', () => {
  it('notifies the new courier with the note, and the courier it was taken from', async () => {
    const parcel = await parcelOf('exception'); // held by courier2, in EXCEPTION
    expect((await dispatchTo(parcel.id, demo.users.courier.id)).errors).toBeUndefined();
    const given = await notificationsOf(demo.users.courier.id, parcel.id);
    expect(given.map((n) => [n.kind, n.detail, n.waybillNo])).toEqual([['COURIER_DISPATCHED', NOTE, 'YX1000000004']]);
    const taken = await notificationsOf(demo.users.courier2.id, parcel.id);
    expect(taken.map((n) => n.kind)).toEqual(['COURIER_WITHDRAWN']);

    // Dispatching again to the same courier is not a withdrawal.
    const again = await dispatchTo(parcel.id, demo.users.courier.id, null);
    expect(again.errors).toBeUndefined();
    expect((await notificationsOf(demo.users.courier.id, parcel.id)).map((n) => n.kind)).toEqual(['COURIER_DISPATCHED', 'COURIER_DISPATCHED']);
    expect(await notificationsOf(demo.users.courier2.id, parcel.id)).toHaveLength(1);

    const list = await app.gql('{ myNotifications(first: 5) { edges { node { kind waybillNo } } } }', {}, tokens.courier2);
    expect(list.data!.myNotifications.edges[0].node).toEqual({ kind: 'COURIER_WITHDRAWN', waybillNo: 'YX1000000004' });
  });
});

describe('delivery receipt and resuming after an exception', () => {
  it('records a locker delivery with its pickup code, and refuses one without, writing nothing', async () => {
    const parcel = await parcelOf('outForDelivery');
    const refused = await record(parcel.id, 'DELIVERED', { receivedBy: 'LOCKER' });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions!.field).toBe('pickupCode');
    const unknownKind = await record(parcel.id, 'DELIVERED', { receivedBy: 'NEIGHBOUR' });
    expect(unknownKind.errors).toBeDefined();
    const early = await record(parcel.id, 'EXCEPTION', { note: '电话不通', receivedBy: 'PROXY' });
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect((await app.orm.em.fork().findOneOrFail(Shipment, parcel.id)).version).toBe(parcel.version);

    const done = await record(parcel.id, 'DELIVERED', { receivedBy: 'LOCKER', pickupCode: ' 8-2-3071 ', expectedVersion: parcel.version });
    expect(done.errors).toBeUndefined();
    expect(done.data!.recordTrackingEvent.events.at(-1)).toEqual({ status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: '8-2-3071' });
    // The buyer needs the code to collect the parcel.
    const asBuyer = await app.gql(`query($id: ID!) { shipment(id: $id) { events { receivedBy pickupCode } } }`, { id: parcel.id }, tokens.buyer);
    expect(asBuyer.data!.shipment.events.at(-1)).toEqual({ receivedBy: 'LOCKER', pickupCode: '8-2-3071' });
  });

  it('remembers where the parcel had got to before an exception', async () => {
    const parcel = await parcelOf('twoParcels', 1); // YX1000000007, PICKED_UP with courier
    const out = await record(parcel.id, 'OUT_FOR_DELIVERY');
    expect(out.data!.recordTrackingEvent.statusBeforeException).toBeNull();
    const failed = await record(parcel.id, 'EXCEPTION', { note: '无人在家' });
    expect(failed.data!.recordTrackingEvent).toMatchObject({ status: 'EXCEPTION', statusBeforeException: 'OUT_FOR_DELIVERY' });
  });
});

describe('the merchant’s board', () => {
  it('lists couriers with the full phone number to call', async () => {
    const result = await app.gql('{ couriers { phone courier { displayName } } }', {}, tokens.merchant);
    expect(result.data!.couriers).toContainEqual({ phone: '13800000002', courier: { displayName: '派件员老李' } });
    expect(errorCode(await app.gql('{ couriers { phone } }', {}, tokens.buyer))).toBe('FORBIDDEN');
  });

  it('hears of every change to its store’s parcels live, and only its own', async () => {
    const BOARD = 'subscription { storeShipmentUpdated { waybillNo status version } }';
    const em = app.orm.em.fork();
    const otherOwner = userFactory(em, { role: 'MERCHANT' });
    merchantFactory(em, otherOwner);
    await em.flush();
    const mine = liveClient(app.url, tokens.merchant);
    const other = liveClient(app.url, await app.tokenFor(otherOwner.id));
    const following = liveFeeds(app);
    const board = collect(mine, BOARD, {});
    const otherBoard = collect(other, BOARD, {});
    await following(2);

    const parcel = await parcelOf('twoParcels', 0); // YX1000000006, IN_TRANSIT with courier2
    expect((await record(parcel.id, 'OUT_FOR_DELIVERY', {}, tokens.courier2)).errors).toBeUndefined();
    const [event] = await board.next(1);
    expect(event.storeShipmentUpdated).toEqual({ waybillNo: 'YX1000000006', status: 'OUT_FOR_DELIVERY', version: parcel.version + 1 });
    // A later event of this store reaches this board only after the first was routed to every
    // board: by then the other store's board would have had it.
    await app.server.deps.realtime.publish(ShipmentTopic.STORE_SHIPMENT_UPDATED, demo.merchant.id, parcel.id);
    await board.next(2);
    expect(otherBoard.results).toHaveLength(0);

    const buyer = liveClient(app.url, tokens.buyer);
    const refused = collect(buyer, BOARD, {});
    await refused.completed;
    expect(JSON.stringify(refused.errors)).toContain('"code":"FORBIDDEN"');
    await Promise.all([mine, other, buyer].map((c) => c.dispose()));
  });
});

describe('the courier’s card', () => {
  const RECIPIENT = 'query($id: ID!) { shipment(id: $id) { recipient { name phone masked } } }';

  it('names the recipient with the full number while the parcel is on its way, to its courier only', async () => {
    const parcel = await parcelOf('dispatched'); // YX1000000005 was re-dispatched to courier2 above
    const held = await app.gql(RECIPIENT, { id: parcel.id }, tokens.courier2);
    expect(held.data!.shipment.recipient).toEqual({ name: demo.users.buyer2.displayName, phone: '13800000005', masked: false });
    for (const token of [tokens.buyer2, tokens.merchant, tokens.agent]) {
      expect((await app.gql(RECIPIENT, { id: parcel.id }, token)).data!.shipment.recipient).toBeNull();
    }
  });

  it('records where a pickup and a delivery happened when the courier names no place', async () => {
    const parcel = await parcelOf('dispatched');
    const picked = await record(parcel.id, 'PICKED_UP', {}, tokens.courier2);
    expect(picked.errors).toBeUndefined();
    const events = await app.orm.em.fork().find(TrackingEvent, { shipment: parcel.id, status: 'PICKED_UP' });
    expect(events.map((e) => e.location)).toEqual(['仓库 1 号门']);
  });
});
