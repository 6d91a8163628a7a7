import { Role } from '@parceldesk/shared';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { OrderBuilder } from '../demo/order-builder.js';
import { userFactory } from '../test/factories.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { ContactReveal } from './contact-reveal.entity.js';
import { Dispatch } from './dispatch.entity.js';
import { Shipment } from './shipment.entity.js';
import { TrackingEvent } from './tracking-event.entity.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

const future = () => new Date(Date.now() + 2 * 3600_000).toISOString();

const DISPATCH = `mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { id version dispatch { pickupAddress note } events { status location } } }`;
const RECORD = `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id events { status location note } } }`;
const BOARD = `query($search: String) { merchantOrders(filter: { search: $search }, first: 50) { totalCount edges { node { orderNo } } } }`;

/** A new parcel of the demo store waiting for a courier. */
async function waitingParcel(): Promise<Shipment> {
  const em = app.orm.em.fork();
  const build = new OrderBuilder(em, { merchant: demo.merchant, merchantUser: demo.users.merchant, now: new Date(), pickupAddress: '仓库' });
  const serial = randomBytes(4).toString('hex');
  const placed = build.order({ buyer: em.getReference(User, demo.users.buyer.id), createdHoursAgo: 0, shippingAddress: '杭州', orderNo: `T-EDGE-${serial}`, lines: [['桃', 'P', 100, 1, 200]] });
  const parcel = build.parcel(placed, `YX-EDGE-${serial}`, placed.lines);
  await em.flush();
  return parcel;
}

const dispatch = (shipmentId: string, extra: Record<string, unknown>) =>
  app.gql(DISPATCH, { input: { shipmentId, courierId: demo.users.courier.id, channel: 'APP', pickupAt: future(), pickupAddress: '仓库 1 号门', ...extra } }, tokens.merchant);

const eventsOf = (shipmentId: string) => app.orm.em.fork().count(TrackingEvent, { shipment: shipmentId });

describe('long pickup addresses', () => {
  it('dispatches with a pickup address of 101 to 200 characters and keeps all of it on the timeline', async () => {
    for (const length of [101, 150, 200]) {
      const parcel = await waitingParcel();
      const address = `浙江省杭州市${'西'.repeat(length - 8)}仓库`;
      expect(address).toHaveLength(length);
      const result = await dispatch(parcel.id, { pickupAddress: address });
      expect(result.errors).toBeUndefined();
      expect(result.data!.dispatchShipment.dispatch.pickupAddress).toBe(address);
      expect(result.data!.dispatchShipment.events.at(-1)).toEqual({ status: 'DISPATCHED', location: address });
      const stored = await app.orm.em.fork().findOneOrFail(TrackingEvent, { shipment: parcel.id, status: 'DISPATCHED' });
      expect(stored.location).toBe(address);
    }
  });

  it('still refuses 201 characters, naming the field', async () => {
    const parcel = await waitingParcel();
    const result = await dispatch(parcel.id, { pickupAddress: 'x'.repeat(201) });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('pickupAddress');
  });
});

describe('control and invisible characters', () => {
  it('refuses a NUL byte in pickup address, note, location and search with BAD_USER_INPUT, writing nothing', async () => {
    const parcel = await waitingParcel();
    for (const [extra, field] of [
      [{ pickupAddress: '仓库\u0000一号门' }, 'pickupAddress'],
      [{ note: '轻放\u0000' }, 'note'],
    ] as const) {
      const result = await dispatch(parcel.id, extra);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe(field);
    }
    expect(await app.orm.em.fork().count(Dispatch, { shipment: parcel.id })).toBe(0);

    const carried = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000002' });
    const before = await eventsOf(carried.id);
    for (const [extra, field] of [
      [{ location: '杭州\u0000' }, 'location'],
      [{ status: 'EXCEPTION', note: '破损\u0000' }, 'note'],
    ] as const) {
      const result = await app.gql(RECORD, { input: { shipmentId: carried.id, status: 'OUT_FOR_DELIVERY', ...extra } }, tokens.courier);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe(field);
    }
    expect(await eventsOf(carried.id)).toBe(before);

    const search = await app.gql(BOARD, { search: 'YX\u0000' }, tokens.merchant);
    expect(errorCode(search)).toBe('BAD_USER_INPUT');
    expect(search.errors![0]!.extensions!.field).toBe('search');
  });

  it('treats a pickup address of only invisible characters as missing', async () => {
    const parcel = await waitingParcel();
    const result = await dispatch(parcel.id, { pickupAddress: '\u200b\u3000\ufeff\u200d' });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('pickupAddress');
    expect(result.errors![0]!.message).toMatch(/is required/);
  });

  it('stores text as the shared rule cleans it: invisible ends trimmed, one line', async () => {
    const parcel = await waitingParcel();
    const result = await dispatch(parcel.id, { pickupAddress: '\u200b 仓库\r\n1 号门 \ufeff', note: ' 第一行\n第二行 ' });
    expect(result.data!.dispatchShipment.dispatch).toEqual({ pickupAddress: '仓库 1 号门', note: '第一行\n第二行' });
  });
});

describe('merchant search on the buyer’s phone', () => {
  let orderNo: string;

  beforeAll(async () => {
    const em = app.orm.em.fork();
    const buyer = userFactory(em, { role: Role.BUYER, phone: '13912345678', displayName: '买家小周' });
    const build = new OrderBuilder(em, { merchant: demo.merchant, merchantUser: demo.users.merchant, now: new Date(), pickupAddress: '仓库' });
    const placed = build.order({ buyer, createdHoursAgo: 3, shippingAddress: '苏州', orderNo: 'T-PHONE-SEARCH', lines: [['梨', 'PEAR', 100, 1, 300]] });
    build.parcel(placed, 'W-PHONE-SEARCH', placed.lines);
    await em.flush();
    orderNo = placed.order.orderNo;
  });

  const found = async (search: string) => {
    const result = await app.gql(BOARD, { search }, tokens.merchant);
    expect(result.errors, search).toBeUndefined();
    return result.data!.merchantOrders.edges.map((e: { node: { orderNo: string } }) => e.node.orderNo) as string[];
  };

  it('finds an order by the full number or by its last four digits', async () => {
    expect(await found('13912345678')).toEqual([orderNo]);
    expect(await found(' 13912345678 ')).toEqual([orderNo]);
    expect(await found('5678')).toContain(orderNo);
  });

  it('does not match any other part of the number, so the masked digits cannot be recovered', async () => {
    for (const part of ['139', '1391', '13912', '139123', '1391234', '2345', '12345678', '345678', '1391234567']) {
      expect(await found(part), part).not.toContain(orderNo);
    }
  });
});

describe('courier contact audit', () => {
  const CONTACT = 'query($id: ID!) { courierContact(shipmentId: $id) { phone masked } }';

  it('writes one audit row per viewer and parcel per window, however often the number is shown', async () => {
    const parcel = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000005' });
    const rows = () => app.orm.em.fork().count(ContactReveal, { shipment: parcel.id, viewer: demo.users.buyer2.id });
    const before = await rows();
    for (let i = 0; i < 5; i++) {
      const { data } = await app.gql(CONTACT, { id: parcel.id }, tokens.buyer2);
      expect(data!.courierContact).toEqual({ phone: '13800000002', masked: false });
    }
    expect(await rows()).toBe(before + 1);

    // Once the window has passed, the next reveal is recorded again.
    await app.orm.em.fork().nativeUpdate(ContactReveal, { shipment: parcel.id }, { revealedAt: new Date(Date.now() - 11 * 60_000) });
    await app.gql(CONTACT, { id: parcel.id }, tokens.buyer2);
    await app.gql(CONTACT, { id: parcel.id }, tokens.buyer2);
    expect(await rows()).toBe(before + 2);
  });
});
