import { ShipmentStatus as S } from '@parceldesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { OrderBuilder } from '../demo/order-builder.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { demoApp, demoParcel, errorCode, type TestApp } from '../test/harness.js';
import { ContactReveal } from './contact-reveal.entity.js';
import { Dispatch } from './dispatch.entity.js';
import { Shipment } from './shipment.entity.js';
import { TrackingEvent } from './tracking-event.entity.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

/** A parcel of a demo order (by its story), read fresh. */
const parcelOf = (order: keyof DemoData['orders'], index = 0) => demoParcel(app, demo, order, index);

const future = (hours = 2) => new Date(Date.now() + hours * 3600_000).toISOString();

const DISPATCH = `mutation Dispatch($input: DispatchShipmentInput!) {
  dispatchShipment(input: $input) { id status version courier { displayName } dispatch { channel pickupAddress note } dispatches { id } events { status } }
}`;
const RECORD = `mutation Record($input: RecordTrackingEventInput!) {
  recordTrackingEvent(input: $input) { id status version events { status measuredWeightGrams note } }
}`;

async function dispatch(shipmentId: string, extra: Record<string, unknown> = {}, token = tokens.merchant) {
  return app.gql(DISPATCH, {
    input: { shipmentId, courierId: demo.users.courier.id, channel: 'PHONE', pickupAt: future(), pickupAddress: '仓库 1 号门', ...extra },
  }, token);
}
const record = (shipmentId: string, status: string, extra: Record<string, unknown> = {}, token = tokens.courier) =>
  app.gql(RECORD, { input: { shipmentId, status, ...extra } }, token);

describe('who sees what', () => {
  it('gives a buyer only their own orders, newest first, a page at a time', async () => {
    const query = `query($after: String) { myOrders(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id orderNo } } } }`;
    const first = await app.gql(query, {}, tokens.buyer);
    expect(first.data!.myOrders.totalCount).toBe(4);
    expect(first.data!.myOrders.pageInfo.hasNextPage).toBe(true);
    const second = await app.gql(query, { after: first.data!.myOrders.pageInfo.endCursor }, tokens.buyer);
    expect(second.data!.myOrders.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.data!.myOrders.edges, ...second.data!.myOrders.edges].map((e: any) => e.node.id);
    const mine = [demo.orders.notDispatched, demo.orders.outForDelivery, demo.orders.exception, demo.orders.delivered].map((o) => o.id);
    expect(ids).toEqual(mine);
  });

  it('answers a foreign, a missing and a malformed id alike with NOT_FOUND', async () => {
    const query = 'query($id: ID!) { order(id: $id) { id } }';
    const foreign = await app.gql(query, { id: demo.orders.dispatched.id }, tokens.buyer);
    const missing = await app.gql(query, { id: '00000000-0000-4000-8000-000000000000' }, tokens.buyer);
    const malformed = await app.gql(query, { id: 'nope' }, tokens.buyer);
    for (const result of [foreign, missing, malformed]) expect(errorCode(result)).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message).toBe(missing.errors![0]!.message);
  });

  it('shows couriers only the parcels dispatched to them', async () => {
    const query = 'query($id: ID!) { shipment(id: $id) { waybillNo } }';
    expect((await app.gql(query, { id: (await parcelOf('outForDelivery')).id }, tokens.courier)).data?.shipment.waybillNo).toBe('YX1000000002');
    expect(errorCode(await app.gql(query, { id: (await parcelOf('exception')).id }, tokens.courier))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(query, { id: (await parcelOf('notDispatched')).id }, tokens.courier))).toBe('NOT_FOUND');
  });

  it('shows merchants only their store and agents everything', async () => {
    const { merchantFactory, userFactory } = await import('../test/factories.js');
    const em = app.orm.em.fork();
    const otherOwner = userFactory(em, { role: 'MERCHANT' });
    merchantFactory(em, otherOwner);
    await em.flush();
    const query = 'query($id: ID!) { order(id: $id) { orderNo } }';
    expect((await app.gql(query, { id: demo.orders.delivered.id }, tokens.merchant)).data?.order.orderNo).toBeTruthy();
    expect((await app.gql(query, { id: demo.orders.delivered.id }, tokens.agent)).data?.order.orderNo).toBeTruthy();
    const otherMerchantOrders = await app.gql('{ merchantOrders { totalCount } }', {}, await app.tokenFor(otherOwner.id));
    expect(otherMerchantOrders.data?.merchantOrders.totalCount).toBe(0);
    expect(errorCode(await app.gql(query, { id: demo.orders.delivered.id }, await app.tokenFor(otherOwner.id)))).toBe('NOT_FOUND');
  });

  it('refuses the wrong role with FORBIDDEN and no session with UNAUTHENTICATED', async () => {
    expect(errorCode(await app.gql('{ myOrders { totalCount } }', {}, tokens.courier))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql('{ merchantOrders { totalCount } }', {}, tokens.buyer))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql('{ myDeliveries { totalCount } }', {}, tokens.merchant))).toBe('FORBIDDEN');
    expect(errorCode(await dispatch((await parcelOf('notDispatched')).id, {}, tokens.agent))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql('{ myOrders { totalCount } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuses a page size out of range, naming the argument', async () => {
    const result = await app.gql('{ myOrders(first: 500) { totalCount } }', {}, tokens.buyer);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('first');
  });
});

describe('merchant board', () => {
  const BOARD = `query($filter: MerchantOrdersFilter) { merchantOrders(filter: $filter, first: 20) { totalCount edges { node { orderNo shipments { waybillNo status canDispatch } } } } }`;

  it('lists orders waiting for a courier first', async () => {
    const { data } = await app.gql(BOARD, {}, tokens.merchant);
    const statuses = data!.merchantOrders.edges.map((e: any) => e.node.shipments.map((s: any) => s.status));
    const waiting = (list: string[]) => list.some((s) => s === 'CREATED' || s === 'EXCEPTION');
    const firstNotWaiting = statuses.findIndex((list: string[]) => !waiting(list));
    expect(firstNotWaiting).toBeGreaterThan(0);
    expect(statuses.slice(firstNotWaiting).some(waiting)).toBe(false);
    // The demo's eleven orders (the last, 买家小刘's strawberries, is the after-sales journey's own).
    expect(data!.merchantOrders.totalCount).toBe(11);
  });

  it('filters by parcel status and searches by waybill and by buyer', async () => {
    const byStatus = await app.gql(BOARD, { filter: { status: 'IN_TRANSIT' } }, tokens.merchant);
    expect(byStatus.data!.merchantOrders.edges.map((e: any) => e.node.orderNo)).toEqual([demo.orders.twoParcels.orderNo]);
    const byWaybill = await app.gql(BOARD, { filter: { search: 'YX1000000004' } }, tokens.merchant);
    expect(byWaybill.data!.merchantOrders.edges.map((e: any) => e.node.orderNo)).toEqual([demo.orders.exception.orderNo]);
    const byBuyer = await app.gql(BOARD, { filter: { search: '小陈' } }, tokens.merchant);
    expect(byBuyer.data!.merchantOrders.totalCount).toBe(4);
    const wildcard = await app.gql(BOARD, { filter: { search: '%' } }, tokens.merchant);
    expect(wildcard.data!.merchantOrders.totalCount).toBe(0);
  });

  it('lists couriers with the parcels each holds now', async () => {
    const { data } = await app.gql('{ couriers { courier { displayName } activeParcels } }', {}, tokens.merchant);
    expect(data!.couriers).toEqual(
      expect.arrayContaining([
        { courier: { displayName: '派件员老李' }, activeParcels: 3 },
        { courier: { displayName: '派件员小赵' }, activeParcels: 2 },
      ]),
    );
  });
});

describe('dispatch (人工派单)', () => {
  it('hands a new parcel to a courier, keeps the dispatch and an event, and tells the buyer', async () => {
    const parcel = await parcelOf('buyer2New');
    const result = await dispatch(parcel.id, { note: '请走侧门' });
    expect(result.errors).toBeUndefined();
    const shipment = result.data!.dispatchShipment;
    expect(shipment).toMatchObject({ status: 'DISPATCHED', version: parcel.version + 1, courier: { displayName: '派件员老李' } });
    expect(shipment.dispatch).toEqual({ channel: 'PHONE', pickupAddress: '仓库 1 号门', note: '请走侧门' });
    expect(shipment.events.map((e: any) => e.status)).toEqual(['DISPATCHED']);

    await app.server.deps.outbox.idle();
    const em = app.orm.em.fork();
    const notification = await em.findOneOrFail(Notification, { shipmentId: parcel.id });
    expect(notification.kind).toBe('SHIPMENT_DISPATCHED');
    expect(notification.recipient.id).toBe(demo.users.buyer2.id);
    const deliveries = await em.find(OutboxMessage, { notification }, { orderBy: { channel: 'asc' } });
    expect(deliveries.map((d) => [d.channel, d.status])).toEqual([['IN_APP', 'SENT'], ['SMS', 'SENT']]);
  });

  it('re-dispatches a DISPATCHED or EXCEPTION parcel and keeps every dispatch', async () => {
    for (const story of ['dispatched', 'exception'] as const) {
      const parcel = await parcelOf(story);
      const result = await dispatch(parcel.id, { courierId: demo.users.courier2.id, channel: 'APP' });
      expect(result.errors).toBeUndefined();
      expect(result.data!.dispatchShipment.courier.displayName).toBe('派件员小赵');
      expect(result.data!.dispatchShipment.dispatches).toHaveLength(2);
    }
  });

  it('refuses a parcel already picked up with INVALID_TRANSITION naming both states', async () => {
    const parcel = await parcelOf('outForDelivery');
    const result = await dispatch(parcel.id);
    expect(errorCode(result)).toBe('INVALID_TRANSITION');
    expect(result.errors![0]!.message).toContain('OUT_FOR_DELIVERY');
    expect(result.errors![0]!.message).toContain('DISPATCHED');
    expect(result.errors![0]!.extensions).toMatchObject({ from: 'OUT_FOR_DELIVERY', to: 'DISPATCHED' });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const parcel = await parcelOf('notDispatched');
    const before = await app.orm.em.fork().count(Dispatch, { shipment: parcel.id });
    const cases: [Record<string, unknown>, string][] = [
      [{ courierId: demo.users.buyer.id }, 'courierId'],
      [{ courierId: '00000000-0000-4000-8000-000000000000' }, 'courierId'],
      [{ pickupAt: new Date(Date.now() - 3 * 3600_000).toISOString() }, 'pickupAt'],
      [{ pickupAddress: '   ' }, 'pickupAddress'],
      [{ note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [input, field] of cases) {
      const result = await dispatch(parcel.id, input);
      expect(errorCode(result), field).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field, field).toBe(field);
    }
    const em = app.orm.em.fork();
    expect(await em.count(Dispatch, { shipment: parcel.id })).toBe(before);
    expect((await em.findOneOrFail(Shipment, parcel.id)).status).toBe('CREATED');
  });

  it('refuses a stale expectedVersion with CONFLICT', async () => {
    const parcel = await parcelOf('notDispatched');
    const result = await dispatch(parcel.id, { expectedVersion: parcel.version + 5 });
    expect(errorCode(result)).toBe('CONFLICT');
  });
});

describe('tracking events', () => {
  it('lets the courier walk a parcel to DELIVERED, weighing it at pickup', async () => {
    const parcel = await parcelOf('notDispatched');
    await dispatch(parcel.id);
    expect((await record(parcel.id, 'PICKED_UP', { measuredWeightGrams: 2650, location: '张江仓库' })).errors).toBeUndefined();
    expect((await record(parcel.id, 'IN_TRANSIT')).errors).toBeUndefined();
    expect((await record(parcel.id, 'OUT_FOR_DELIVERY')).errors).toBeUndefined();
    const delivered = await record(parcel.id, 'DELIVERED');
    expect(delivered.data!.recordTrackingEvent.status).toBe('DELIVERED');
    expect(delivered.data!.recordTrackingEvent.events.map((e: any) => e.status)).toEqual(['DISPATCHED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(delivered.data!.recordTrackingEvent.events[1].measuredWeightGrams).toBe(2650);
    const fresh = await app.orm.em.fork().findOneOrFail(Shipment, parcel.id);
    expect(fresh.deliveredAt).toBeInstanceOf(Date);
  });

  it('refuses a skipped step with INVALID_TRANSITION naming both states', async () => {
    const parcel = await parcelOf('twoParcels', 1); // PICKED_UP, held by 老李
    const result = await record(parcel.id, 'DELIVERED');
    expect(errorCode(result)).toBe('INVALID_TRANSITION');
    expect(result.errors![0]!.message).toBe('A parcel cannot go from PICKED_UP to DELIVERED');
  });

  it('names the field for a negative weight, a missing exception note and a courier dispatching', async () => {
    const parcel = await parcelOf('twoParcels', 1);
    const cases: [string, Record<string, unknown>, string][] = [
      ['PICKED_UP', { measuredWeightGrams: -100 }, 'measuredWeightGrams'],
      ['EXCEPTION', {}, 'note'],
      ['DISPATCHED', {}, 'status'],
    ];
    for (const [status, extra, field] of cases) {
      const result = await record(parcel.id, status, extra);
      expect(errorCode(result), field).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field, field).toBe(field);
    }
  });

  it('treats another courier’s parcel as not found', async () => {
    const parcel = await parcelOf('twoParcels', 0); // held by 小赵
    expect(errorCode(await record(parcel.id, 'OUT_FOR_DELIVERY'))).toBe('NOT_FOUND');
  });

  it('keeps one winner when two scans of one version race, and answers CONFLICT to the other', async () => {
    const parcel = await parcelOf('twoParcels', 1);
    const eventsBefore = await app.orm.em.fork().count(TrackingEvent, { shipment: parcel.id });
    const [a, b] = await Promise.all([
      record(parcel.id, 'IN_TRANSIT', { expectedVersion: parcel.version }),
      record(parcel.id, 'EXCEPTION', { note: '包装破损', expectedVersion: parcel.version }),
    ]);
    const codes = [errorCode(a), errorCode(b)];
    expect(codes.filter((c) => c === undefined)).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(1);
    const fresh = await app.orm.em.fork().findOneOrFail(Shipment, parcel.id);
    expect(fresh.version).toBe(parcel.version + 1);
    expect(await app.orm.em.fork().count(TrackingEvent, { shipment: parcel.id })).toBe(eventsBefore + 1);
  });

  it('answers CONFLICT when a change lands between read and write (optimistic lock)', async () => {
    const parcel = await parcelOf('twoParcels', 0);
    const em1 = app.orm.em.fork();
    const em2 = app.orm.em.fork();
    const first = await em1.findOneOrFail(Shipment, parcel.id);
    const second = await em2.findOneOrFail(Shipment, parcel.id);
    first.transitionTo(S.OUT_FOR_DELIVERY);
    await em1.flush();
    second.transitionTo(S.EXCEPTION);
    await expect(em2.flush()).rejects.toThrow(/optimistic lock/i);
  });
});

describe('courier contact', () => {
  const CONTACT = 'query($id: ID!) { courierContact(shipmentId: $id) { displayName phone masked revealedUntil } }';

  it('shows the full number while the parcel is on its way, and audits it', async () => {
    const parcel = await parcelOf('outForDelivery');
    const before = await app.orm.em.fork().count(ContactReveal, { shipment: parcel.id });
    const { data } = await app.gql(CONTACT, { id: parcel.id }, tokens.buyer);
    expect(data!.courierContact).toEqual({ displayName: '派件员老李', phone: '13800000002', masked: false, revealedUntil: null });
    expect(await app.orm.em.fork().count(ContactReveal, { shipment: parcel.id, viewer: demo.users.buyer.id })).toBe(before + 1);
  });

  it('masks it more than 24 h after delivery and shows it within', async () => {
    const parcel = await parcelOf('delivered');
    const old = await app.gql(CONTACT, { id: parcel.id }, tokens.buyer);
    expect(old.data!.courierContact).toMatchObject({ phone: '138****0002', masked: true });
    await app.orm.em.fork().nativeUpdate(Shipment, parcel.id, { deliveredAt: new Date(Date.now() - 3600_000) });
    const recent = await app.gql(CONTACT, { id: parcel.id }, tokens.buyer);
    expect(recent.data!.courierContact).toMatchObject({ phone: '13800000002', masked: false });
    expect(new Date(recent.data!.courierContact.revealedUntil).getTime()).toBeGreaterThan(Date.now() + 22 * 3600_000);
  });

  it('is null before dispatch, NOT_FOUND for another buyer and FORBIDDEN for other roles', async () => {
    const em = app.orm.em.fork();
    const build = new OrderBuilder(em, { merchant: demo.merchant, merchantUser: demo.users.merchant, now: new Date(), pickupAddress: '仓库' });
    const placed = build.order({ buyer: em.getReference(User, demo.users.buyer2.id), createdHoursAgo: 0, shippingAddress: '杭州', lines: [['桃', 'P', 100, 1, 200]] });
    const waiting = build.parcel(placed, 'YX-CONTACT-1', placed.lines);
    await em.flush();
    expect((await app.gql(CONTACT, { id: waiting.id }, tokens.buyer2)).data!.courierContact).toBeNull();
    const parcel = await parcelOf('outForDelivery');
    expect(errorCode(await app.gql(CONTACT, { id: parcel.id }, tokens.buyer2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(CONTACT, { id: parcel.id }, tokens.courier))).toBe('FORBIDDEN');
  });
});
