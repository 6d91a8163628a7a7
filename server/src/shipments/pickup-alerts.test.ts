import { ShipmentStatus } from '@parceldesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { FILE, filingInput } from '../complaints/complaint.test-kit.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { OrderBuilder } from '../demo/order-builder.js';
import { merchantFactory, userFactory } from '../test/factories.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { uploadEvidence } from '../test/images.js';
import { syntheticPhoto } from '../trust/photo-corpus.js';
import { Merchant } from './merchant.entity.js';

/*
 * Prevention at pickup: a parcel light on the courier's scale (beyond the workbench's tolerance)
 * warns its store at once, the store sends the missing goods in one tap, and a later case shows
 * the agent that the store was warned and what it did.
 */

const SCAN = `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id status } }`;
const ALERTS = `{ pickupAlerts { id shipmentId waybillNo orderNo expectedGrams weighedGrams missingGrams toleranceGrams actedAt supplementWaybillNo suggested { lineId title quantity } } }`;
const SEND = `mutation($id: ID!) { sendMissingGoods(alertId: $id) { id actedAt supplementWaybillNo } }`;

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
let serial = 0;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

/** A parcel of two boxes (1100 g each) dispatched to the demo courier, for the demo store. */
async function dispatchedParcel() {
  const em = app.orm.em.fork();
  const build = new OrderBuilder(em, { merchant: em.getReference(Merchant, demo.merchant.id), merchantUser: em.getReference(User, demo.users.merchant.id), now: new Date(), pickupAddress: '仓库' });
  serial += 1;
  const placed = build.order({ buyer: em.getReference(User, demo.users.buyer.id), createdHoursAgo: 3, orderNo: `PA${serial}${Date.now()}`, shippingAddress: '上海', lines: [['阳光玫瑰葡萄 2 斤', 'GRAPE', 5990, 2, 1100]] });
  const parcel = build.parcel(placed, `PA${serial}${Date.now() % 1e6}`, placed.lines, { courier: em.getReference(User, demo.users.courier.id), to: ShipmentStatus.DISPATCHED });
  await em.flush();
  return { parcel, order: placed.order, lineId: placed.lines[0]!.id };
}

describe('pickup weight alerts', () => {
  it('warns the store when the pickup scale reads light beyond the tolerance, not within it', async () => {
    const light = await dispatchedParcel();
    expect((await app.gql(SCAN, { input: { shipmentId: light.parcel.id, status: 'PICKED_UP', measuredWeightGrams: 1150 } }, tokens.courier)).errors).toBeUndefined();
    const fine = await dispatchedParcel();
    // 2200 g expected, tolerance 110 g: 2100 g is within it.
    await app.gql(SCAN, { input: { shipmentId: fine.parcel.id, status: 'PICKED_UP', measuredWeightGrams: 2100 } }, tokens.courier);

    const alerts = (await app.gql(ALERTS, {}, tokens.merchant)).data!.pickupAlerts;
    expect(alerts.filter((a: { shipmentId: string }) => [light.parcel.id, fine.parcel.id].includes(a.shipmentId))).toEqual([
      {
        id: expect.any(String), shipmentId: light.parcel.id, waybillNo: light.parcel.waybillNo, orderNo: light.order.orderNo,
        expectedGrams: 2200, weighedGrams: 1150, missingGrams: 1050, toleranceGrams: 110, actedAt: null, supplementWaybillNo: null,
        suggested: [{ lineId: light.lineId, title: '阳光玫瑰葡萄 2 斤', quantity: 1 }],
      },
    ]);
    const [note] = await app.orm.em.getConnection().execute("select recipient_id, waybill_no, detail from notifications where kind = 'PICKUP_WEIGHT_SHORT' and shipment_id = ?", [light.parcel.id]);
    expect(note).toEqual({ recipient_id: demo.users.merchant.id, waybill_no: light.parcel.waybillNo, detail: '1150/2200' });
  });

  it('sends the missing goods once as a supplementary parcel to the same buyer; others are refused', async () => {
    const light = await dispatchedParcel();
    await app.gql(SCAN, { input: { shipmentId: light.parcel.id, status: 'PICKED_UP', measuredWeightGrams: 1150 } }, tokens.courier);
    const alert = (await app.gql(ALERTS, {}, tokens.merchant)).data!.pickupAlerts.find((a: { shipmentId: string }) => a.shipmentId === light.parcel.id);

    expect(errorCode(await app.gql(SEND, { id: alert.id }, tokens.buyer))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ALERTS, {}, tokens.courier))).toBe('FORBIDDEN');
    const em = app.orm.em.fork();
    const otherOwner = userFactory(em, { role: 'MERCHANT' });
    merchantFactory(em, otherOwner);
    await em.flush();
    const other = await app.tokenFor(otherOwner.id);
    expect(errorCode(await app.gql(SEND, { id: alert.id }, other))).toBe('NOT_FOUND');
    expect((await app.gql(ALERTS, {}, other)).data!.pickupAlerts).toEqual([]);
    expect(errorCode(await app.gql(SEND, { id: 'nope' }, tokens.merchant))).toBe('NOT_FOUND');

    const sent = (await app.gql(SEND, { id: alert.id }, tokens.merchant)).data!.sendMissingGoods;
    expect(sent).toMatchObject({ id: alert.id, actedAt: expect.any(String), supplementWaybillNo: expect.stringMatching(/^BF/) });
    const [supplement] = await app.orm.em.getConnection().execute(
      `select s.status, s.order_id, s.declared_weight_grams, si.line_id, si.quantity from shipments s join shipment_items si on si.shipment_id = s.id where s.waybill_no = ?`,
      [sent.supplementWaybillNo],
    );
    expect(supplement).toEqual({ status: 'CREATED', order_id: light.order.id, declared_weight_grams: 1100, line_id: light.lineId, quantity: 1 });
    expect(errorCode(await app.gql(SEND, { id: alert.id }, tokens.merchant))).toBe('CONFLICT');

    // The buyer's later case shows the agent that the store was warned and what it did.
    for (const status of ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) await app.gql(SCAN, { input: { shipmentId: light.parcel.id, status } }, tokens.courier);
    const photos: string[] = [];
    for (const [i, kind] of ['WAYBILL_LABEL', 'CONTENTS'].entries()) {
      const { body } = await uploadEvidence(app.url, tokens.buyer, [{ data: await syntheticPhoto(7000 + serial * 10 + i) }], { kind });
      photos.push(body.evidence[0].id);
    }
    const filed = await app.gql(FILE, { input: filingInput(light.order.id, light.lineId, photos) }, tokens.buyer);
    const signals = (await app.gql('query($id: ID!) { complaint(id: $id) { signals { storeWarnings { waybillNo expectedGrams weighedGrams warnedAt sentAt supplementWaybillNo } } } }', { id: filed.data!.fileComplaint.complaint.id }, tokens.agent)).data!.complaint.signals;
    // The buyer reads it too, on the case: the store was warned and sent the missing goods.
    const WARNINGS = 'query($id: ID!) { pickupWarnings(orderId: $id) { waybillNo weighedGrams expectedGrams actedAt supplementWaybillNo } }';
    expect((await app.gql(WARNINGS, { id: light.order.id }, tokens.buyer)).data!.pickupWarnings).toEqual([
      { waybillNo: light.parcel.waybillNo, weighedGrams: 1150, expectedGrams: 2200, actedAt: sent.actedAt, supplementWaybillNo: sent.supplementWaybillNo },
    ]);
    expect(errorCode(await app.gql(WARNINGS, { id: light.order.id }, tokens.buyer2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(WARNINGS, { id: light.order.id }, tokens.courier))).toBe('FORBIDDEN');
    expect(signals.storeWarnings).toEqual([
      { waybillNo: light.parcel.waybillNo, expectedGrams: 2200, weighedGrams: 1150, warnedAt: expect.any(String), sentAt: sent.actedAt, supplementWaybillNo: sent.supplementWaybillNo },
    ]);
  });
});
