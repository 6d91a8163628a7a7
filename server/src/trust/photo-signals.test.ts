import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE, filingInput } from '../complaints/complaint.test-kit.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Order } from '../shipments/order.entity.js';
import { demoApp, type TestApp } from '../test/harness.js';
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
