import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { Complaint } from './complaint.entity.js';
import { FILE, filingInput, upload } from './complaint.test-kit.js';

/** Issue 16 item 10: one remedy per missing unit, and a dispute never trips over the order's other open case. */
let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

const RESOLVE = 'mutation($id: ID!, $input: ResolveComplaintInput!) { resolveComplaint(id: $id, input: $input) { status resolution { kind refundCents reshipment { id waybillNo status } } } }';
const DISPUTE = `mutation($id: ID!, $reason: DisputeReason, $comment: String) {
  respondToResolution(id: $id, accept: false, reason: $reason, comment: $comment) { status disputes version dispute { reason comment } resolution { kind } }
}`;

/** A fresh order of the buyer's: line A (2 × ¥10.00) delivered, line B on its way. */
async function freshOrder(): Promise<{ orderId: string; lineId: string }> {
  const em = app.orm.em.fork();
  const { ordersFactory } = await import('../test/factories.js');
  const [order] = await ordersFactory(em, {
    buyer: em.getReference(User, demo.users.buyer.id),
    merchant: em.getReference(Merchant, demo.merchant.id),
    merchantUser: em.getReference(User, demo.users.merchant.id),
    courier: em.getReference(User, demo.users.courier.id),
    count: 1,
  });
  return { orderId: order!.id, lineId: order!.lines.getItems()[0]!.id };
}

async function file(target: { orderId: string; lineId: string }, quantityMissing = 1): Promise<{ id: string; caseNo: string }> {
  const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
  const input = filingInput(target.orderId, target.lineId, photos, { missingItems: [{ orderLineId: target.lineId, quantityMissing }] });
  const result = await app.gql(FILE, { input }, tokens.buyer);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.fileComplaint.complaint;
}

async function parcelsOf(orderId: string): Promise<Shipment[]> {
  return app.orm.em.fork().find(Shipment, { order: orderId, waybillNo: { $like: 'RS%' } }, { populate: ['items'] });
}

describe('a disputed RESHIP decision', () => {
  it('withdraws its parcel while it waits for dispatch, so the next decision makes the only one', async () => {
    const target = await freshOrder();
    const c = await file(target);
    const first = await app.gql(RESOLVE, { id: c.id, input: { kind: 'RESHIP' } }, tokens.agent);
    const parcel = first.data!.resolveComplaint.resolution.reshipment;
    expect(parcel.status).toBe('CREATED');

    const disputed = await app.gql(DISPUTE, { id: c.id, reason: 'WANT_REFUND', comment: '不想再等补发，请退款' }, tokens.buyer);
    expect(disputed.errors).toBeUndefined();
    expect(disputed.data!.respondToResolution).toMatchObject({ status: 'IN_REVIEW', disputes: 1, dispute: { reason: 'WANT_REFUND', comment: '不想再等补发，请退款' } });
    expect(await parcelsOf(target.orderId)).toEqual([]);
    const board = await app.gql('{ merchantOrders(first: 100) { edges { node { id shipments { waybillNo } } } } }', {}, tokens.merchant);
    const order = board.data!.merchantOrders.edges.find((e: any) => e.node.id === target.orderId).node;
    expect(order.shipments.map((s: any) => s.waybillNo)).not.toContain(parcel.waybillNo);

    // A refund now stands alone: the unit is worth ¥10.00 and nothing else remedies it.
    const refund = await app.gql(RESOLVE, { id: c.id, input: { kind: 'REFUND', refundCents: 1000 } }, tokens.agent);
    expect(refund.data!.resolveComplaint).toMatchObject({ status: 'RESOLVED', resolution: { kind: 'REFUND', refundCents: 1000, reshipment: null } });
    const timeline = await app.gql('query($id: ID!) { complaint(id: $id) { timeline { kind detail } } }', { id: c.id }, tokens.agent);
    expect(timeline.data!.complaint.timeline).toContainEqual({ kind: 'RESHIPMENT_WITHDRAWN', detail: parcel.waybillNo });
  });

  it('keeps a parcel already on its way: a new RESHIP reuses it and a refund for the same unit is refused', async () => {
    const target = await freshOrder();
    const c = await file(target);
    const first = await app.gql(RESOLVE, { id: c.id, input: { kind: 'RESHIP' } }, tokens.agent);
    const parcel = first.data!.resolveComplaint.resolution.reshipment;
    // The merchant dispatched it: it can no longer be taken back.
    await app.orm.em.getConnection().execute(`update shipments set status = 'DISPATCHED' where id = ?`, [parcel.id]);
    expect((await app.gql(DISPUTE, { id: c.id, reason: 'STILL_MISSING' }, tokens.buyer)).errors).toBeUndefined();
    expect(await parcelsOf(target.orderId)).toHaveLength(1);

    const refund = await app.gql(RESOLVE, { id: c.id, input: { kind: 'REFUND', refundCents: 1000 } }, tokens.agent);
    expect(refund.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refundCents', max: 0 });
    const again = await app.gql(RESOLVE, { id: c.id, input: { kind: 'RESHIP' } }, tokens.agent);
    expect(again.data!.resolveComplaint.resolution.reshipment).toMatchObject({ id: parcel.id, waybillNo: parcel.waybillNo, status: 'DISPATCHED' });
    const parcels = await parcelsOf(target.orderId);
    expect(parcels).toHaveLength(1);
    expect(parcels[0]!.items.getItems().map((i) => i.quantity)).toEqual([1]);
  });
});

describe('disputing while another case of the order is open', () => {
  it('answers CONFLICT naming the open case, and changes nothing', async () => {
    const target = await freshOrder();
    const decided = await file(target);
    await app.gql(RESOLVE, { id: decided.id, input: { kind: 'REFUND', refundCents: 1000 } }, tokens.agent);
    // The second unit of the line, on a new case (the first one is no longer open).
    const open = await file(target);
    expect(open.id).not.toBe(decided.id);
    const before = await app.orm.em.fork().findOneOrFail(Complaint, decided.id);

    const result = await app.gql(DISPUTE, { id: decided.id, reason: 'AMOUNT_TOO_LOW' }, tokens.buyer);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'id', openCaseNo: open.caseNo });
    expect(result.errors![0]!.message).toContain(open.caseNo);
    const after = await app.orm.em.fork().findOneOrFail(Complaint, decided.id);
    expect({ status: after.status, version: after.version, disputes: after.disputes, refundCents: after.refundCents }).toEqual({
      status: 'RESOLVED', version: before.version, disputes: 0, refundCents: 1000,
    });
  });
});

describe('dispute refusals', () => {
  it('needs a reason (words for OTHER), refuses other buyers (NOT_FOUND) and closed cases, writing nothing', async () => {
    const target = await freshOrder();
    const c = await file(target);
    await app.gql(RESOLVE, { id: c.id, input: { kind: 'REJECT', reason: '照片看不出少件' } }, tokens.agent);
    const version = (await app.orm.em.fork().findOneOrFail(Complaint, c.id)).version;

    const noReason = await app.gql(DISPUTE, { id: c.id }, tokens.buyer);
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const otherWithoutWords = await app.gql(DISPUTE, { id: c.id, reason: 'OTHER', comment: '  ' }, tokens.buyer);
    expect(otherWithoutWords.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
    const tooLong = await app.gql(DISPUTE, { id: c.id, reason: 'OTHER', comment: '长'.repeat(501) }, tokens.buyer);
    expect(tooLong.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
    expect(errorCode(await app.gql(DISPUTE, { id: c.id, reason: 'REJECTION_WRONG' }, tokens.buyer2))).toBe('NOT_FOUND');
    expect((await app.orm.em.fork().findOneOrFail(Complaint, c.id)).version).toBe(version);

    expect((await app.gql(DISPUTE, { id: c.id, reason: 'REJECTION_WRONG' }, tokens.buyer)).data!.respondToResolution.status).toBe('IN_REVIEW');
    await app.gql(RESOLVE, { id: c.id, input: { kind: 'REJECT', reason: '复核后维持' } }, tokens.agent);
    await app.gql('mutation($id: ID!) { respondToResolution(id: $id, accept: true) { status } }', { id: c.id }, tokens.buyer);
    expect(errorCode(await app.gql(DISPUTE, { id: c.id, reason: 'REJECTION_WRONG' }, tokens.buyer))).toBe('INVALID_TRANSITION');
  });
});
