import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '@parceldesk/shared';
import { FILE, filingInput } from '../complaints/complaint.test-kit.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Order } from '../shipments/order.entity.js';
import { userFactory } from '../test/factories.js';
import { demoApp, demoParcel, errorCode, type TestApp } from '../test/harness.js';
import { uploadEvidence } from '../test/images.js';
import { alter, syntheticPhoto } from './photo-corpus.js';

/*
 * Photo facts through the real upload route and the agents' signals: a screenshot of another
 * buyer's case photo is found, a photo the camera took before delivery is flagged, a photo that
 * could not be hashed is listed as not checked, and none of it reaches buyers or stores.
 */

const SIGNALS = `query($id: ID!) { complaint(id: $id) { evidence { id }
  signals { nearDuplicates { evidenceId matchId otherComplaintId otherCaseNo sameBuyer exact distance }
    preDeliveryPhotos { evidenceId capturedAt deliveredAt } uncheckedPhotoIds duplicatePhotos { evidenceId } } } }`;

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

async function uploadOne(token: string, data: Buffer, kind = 'CONTENTS'): Promise<string> {
  const { status, body } = await uploadEvidence(app.url, token, [{ data }], { kind });
  if (status !== 201) throw new Error(`upload failed: ${status} ${JSON.stringify(body)}`);
  return body.evidence[0].id;
}

async function file(token: string, orderId: string, photos: string[]) {
  const order = await app.orm.em.fork().findOneOrFail(Order, orderId, { populate: ['lines'] });
  const filed = await app.gql(FILE, { input: filingInput(order.id, order.lines[0]!.id, photos) }, token);
  if (!filed.data) throw new Error(JSON.stringify(filed.errors));
  return filed.data.fileComplaint.complaint as { id: string; caseNo: string };
}

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

describe('photo facts in the case signals', () => {
  it('lists a screenshot of another buyer’s case photo, a pre-delivery photo and a photo not checked; agents only', async () => {
    const original = await syntheticPhoto(42);
    const first = await file(tokens.buyer, demo.orders.delivered.id, [await uploadOne(tokens.buyer, original)]);

    const screenshot = await uploadOne(tokens.buyer2, await alter(original, 'screenshot', 7));
    const oldShot = await uploadOne(
      tokens.buyer2,
      await sharp(await syntheticPhoto(43)).withExif({ IFD2: { DateTimeOriginal: '2021:03:04 10:00:00' } }).jpeg().toBuffer(),
      'WAYBILL_LABEL',
    );
    // A photo with nothing to fingerprint (a solid colour) is accepted, without a hash: not checked.
    const unchecked = await uploadOne(tokens.buyer2, await sharp({ create: { width: 320, height: 240, channels: 3, background: '#7a5' } }).jpeg().toBuffer(), 'PACKAGE_EXTERIOR');
    const second = await file(tokens.buyer2, demo.orders.toReview.id, [screenshot, oldShot, unchecked]);

    const agent = (await app.gql(SIGNALS, { id: second.id }, tokens.agent)).data!.complaint;
    expect(agent.signals.nearDuplicates).toEqual([
      { evidenceId: screenshot, matchId: expect.any(String), otherComplaintId: first.id, otherCaseNo: first.caseNo, sameBuyer: false, exact: false, distance: expect.any(Number) },
    ]);
    expect(agent.signals.nearDuplicates[0].distance).toBeLessThanOrEqual(10);
    // Not the same bytes: the exact-duplicate signal stays empty.
    expect(agent.signals.duplicatePhotos).toEqual([]);
    expect(agent.signals.preDeliveryPhotos).toEqual([{ evidenceId: oldShot, capturedAt: '2021-03-04T02:00:00.000Z', deliveredAt: expect.any(String) }]);
    expect(agent.signals.uncheckedPhotoIds).toEqual([unchecked]);

    // The first case sees the later screenshot as well (the match goes both ways).
    const firstSignals = (await app.gql(SIGNALS, { id: first.id }, tokens.agent)).data!.complaint.signals;
    expect(firstSignals.nearDuplicates).toMatchObject([{ matchId: screenshot, otherComplaintId: second.id, sameBuyer: false }]);

    // Buyers and stores get no signals; the capture time is published nowhere else.
    for (const token of [tokens.buyer2, tokens.merchant]) {
      const other = await app.gql(SIGNALS, { id: second.id }, token);
      expect(other.data!.complaint.signals).toBeNull();
    }
    const noField = await app.gql('query($id: ID!) { complaint(id: $id) { evidence { capturedAt } } }', { id: second.id }, tokens.agent);
    expect(noField.errors?.[0]?.message).toMatch(/capturedAt/);
  });
});

const SCAN = 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id status } }';
const ATTACH = 'mutation($input: AttachCourierPhotoInput!) { attachCourierPhoto(input: $input) { id kind lockerCode waybillNo url thumbnailUrl } }';
const PARCEL_PHOTOS = 'query($id: ID!) { shipment(id: $id) { courierPhotos { id kind lockerCode url } } }';
const CASE_PHOTOS = 'query($id: ID!) { complaint(id: $id) { courierPhotos { id kind lockerCode waybillNo shipmentId } } }';

describe('courier evidence (issue 20)', () => {
  async function courierPhoto(token: string, kind: string, seed: number): Promise<string> {
    const { status, body } = await uploadEvidence(app.url, token, [{ data: await syntheticPhoto(seed) }], { route: 'courier', kind });
    if (status !== 201) throw new Error(`courier upload failed: ${status} ${JSON.stringify(body)}`);
    return body.evidence[0].id;
  }
  const get = (url: string, token: string) => fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('takes a scale photo at pickup and a locker photo with its code at delivery, shown to the parcel’s people and in the case; others are refused', async () => {
    // 买家小陈's apples, dispatched to 派件员老李.
    const parcel = await demoParcel(app, demo, 'dispatched');
    const attach = (token: string, input: Record<string, unknown>) => app.gql(ATTACH, { input: { shipmentId: parcel.id, ...input } }, token);

    // Only couriers use the route, with a courier kind.
    expect((await uploadEvidence(app.url, tokens.buyer2, [{ data: await syntheticPhoto(70) }], { route: 'courier', kind: 'SCALE' })).status).toBe(403);
    expect((await uploadEvidence(app.url, tokens.courier, [{ data: await syntheticPhoto(70) }], { route: 'courier', kind: 'CONTENTS' })).status).toBe(400);

    const scale = await courierPhoto(tokens.courier, 'SCALE', 71);
    // Before the pickup scan, a scale photo is too early.
    expect(errorCode(await attach(tokens.courier, { evidenceId: scale, kind: 'SCALE' }))).toBe('INVALID_TRANSITION');
    await app.gql(SCAN, { input: { shipmentId: parcel.id, status: 'PICKED_UP', measuredWeightGrams: 5100 } }, tokens.courier);
    // Another courier: not their parcel (NOT_FOUND), whatever photo; nor may anyone use another's photo.
    const foreign = await courierPhoto(tokens.courier2, 'SCALE', 72);
    expect(errorCode(await attach(tokens.courier2, { evidenceId: foreign, kind: 'SCALE' }))).toBe('NOT_FOUND');
    expect(errorCode(await attach(tokens.courier, { evidenceId: foreign, kind: 'SCALE' }))).toBe('NOT_FOUND');
    expect(errorCode(await attach(tokens.buyer2, { evidenceId: scale, kind: 'SCALE' }))).toBe('FORBIDDEN');
    expect(errorCode(await attach(tokens.courier, { evidenceId: '00000000-0000-4000-8000-000000000000', kind: 'SCALE' }))).toBe('NOT_FOUND');
    const attached = await attach(tokens.courier, { evidenceId: scale, kind: 'SCALE' });
    expect(attached.data!.attachCourierPhoto).toEqual({ id: scale, kind: 'SCALE', lockerCode: null, waybillNo: 'YX1000000005', url: `/evidence/${scale}`, thumbnailUrl: `/evidence/${scale}/thumb` });
    // One scale photo a parcel; a photo is attached once.
    expect(errorCode(await attach(tokens.courier, { evidenceId: await courierPhoto(tokens.courier, 'SCALE', 73), kind: 'SCALE' }))).toBe('CONFLICT');
    expect(errorCode(await attach(tokens.courier, { evidenceId: scale, kind: 'DOOR' }))).toBe('CONFLICT');

    const locker = await courierPhoto(tokens.courier, 'DOOR', 74);
    expect(errorCode(await attach(tokens.courier, { evidenceId: locker, kind: 'LOCKER' }))).toBe('INVALID_TRANSITION');
    for (const status of ['IN_TRANSIT', 'OUT_FOR_DELIVERY']) await app.gql(SCAN, { input: { shipmentId: parcel.id, status } }, tokens.courier);
    await app.gql(SCAN, { input: { shipmentId: parcel.id, status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: '8-2-3071' } }, tokens.courier);
    // The locker's code comes from the delivery scan when the courier gives none.
    expect((await attach(tokens.courier, { evidenceId: locker, kind: 'LOCKER' })).data!.attachCourierPhoto).toMatchObject({ kind: 'LOCKER', lockerCode: '8-2-3071' });

    // The buyer sees both on the parcel page, and the photos themselves.
    const seen = (await app.gql(PARCEL_PHOTOS, { id: parcel.id }, tokens.buyer2)).data!.shipment.courierPhotos;
    expect(seen).toEqual([
      { id: scale, kind: 'SCALE', lockerCode: null, url: `/evidence/${scale}` },
      { id: locker, kind: 'LOCKER', lockerCode: '8-2-3071', url: `/evidence/${locker}` },
    ]);
    for (const token of [tokens.buyer2, tokens.merchant, tokens.courier, tokens.agent]) expect(await get(`/evidence/${locker}/thumb`, token)).toBe(200);

    // The agent sees them in the buyer's case about the order.
    const buyerPhoto = await uploadOne(tokens.buyer2, await syntheticPhoto(75), 'WAYBILL_LABEL');
    const filed = await file(tokens.buyer2, demo.orders.dispatched.id, [buyerPhoto]);
    const inCase = (await app.gql(CASE_PHOTOS, { id: filed.id }, tokens.agent)).data!.complaint.courierPhotos;
    expect(inCase).toEqual([
      { id: scale, kind: 'SCALE', lockerCode: null, waybillNo: 'YX1000000005', shipmentId: parcel.id },
      { id: locker, kind: 'LOCKER', lockerCode: '8-2-3071', waybillNo: 'YX1000000005', shipmentId: parcel.id },
    ]);

    // Refused: the buyer of another order, the other courier, the merchant of another store.
    const em = app.orm.em.fork();
    const owner = userFactory(em, { role: Role.MERCHANT });
    em.persist(new Merchant(owner, '另一家店'));
    await em.flush();
    const otherStore = await app.tokenFor(owner.id);
    for (const token of [tokens.buyer, tokens.courier2, otherStore]) {
      expect(errorCode(await app.gql(PARCEL_PHOTOS, { id: parcel.id }, token))).toBe('NOT_FOUND');
      expect(await get(`/evidence/${scale}`, token)).toBe(404);
      expect(await get(`/evidence/${locker}/thumb`, token)).toBe(404);
    }
    expect(errorCode(await app.gql(CASE_PHOTOS, { id: filed.id }, tokens.buyer))).toBe('NOT_FOUND');

    // Handed to the buyer in person: a door photo; a locker photo with no pickup code anywhere is refused.
    const handed = await demoParcel(app, demo, 'outForDelivery');
    await app.gql(SCAN, { input: { shipmentId: handed.id, status: 'DELIVERED', receivedBy: 'RECIPIENT' } }, tokens.courier);
    const door = await courierPhoto(tokens.courier, 'DOOR', 76);
    const noCode = await app.gql(ATTACH, { input: { shipmentId: handed.id, evidenceId: door, kind: 'LOCKER' } }, tokens.courier);
    expect(noCode.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lockerCode' });
    expect((await app.gql(ATTACH, { input: { shipmentId: handed.id, evidenceId: door, kind: 'DOOR' } }, tokens.courier)).data!.attachCourierPhoto).toMatchObject({ kind: 'DOOR', lockerCode: null });

    // On a list, the photos of every parcel of the page are read in one statement, whatever its size.
    const list = 'query($first: Int) { myDeliveries(first: $first) { edges { node { id courierPhotos { id } } } } }';
    const photoReads = async (first: number) => {
      const { result, queries } = await app.countQueries(() => app.gql(list, { first }, tokens.courier));
      expect(result.errors).toBeUndefined();
      return queries.filter((q) => /from evidence e join shipments/.test(q)).length;
    };
    expect([await photoReads(1), await photoReads(20)]).toEqual([1, 1]);
  });
});
