import { ComplaintStatus } from '@parceldesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { User } from '../accounts/user.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Order } from '../shipments/order.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { jpegWithGps, uploadEvidence } from '../test/images.js';
import { Complaint } from './complaint.entity.js';
import { ComplaintFiling } from './complaint-filing.entity.js';
import { FILE, filingInput, GET, upload } from './complaint.test-kit.js';
import { Evidence } from './evidence.entity.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
/** The demo's 少件 story: 2 boxes of grapes (5990 each), one parcel weighed 1150 g of 2200 at pickup. */
let grapes: { orderId: string; lineId: string };

beforeAll(async () => {
  ({ app, demo, tokens } = await demoApp());
  const order = await app.orm.em.fork().findOneOrFail(Order, demo.orders.delivered.id, { populate: ['lines'] });
  grapes = { orderId: order.id, lineId: order.lines[0]!.id };
});
afterAll(() => app.close());

const countComplaints = () => app.orm.em.fork().count(Complaint, {});

async function withdrawAll() {
  // Each describe starts with the grapes order free of open cases.
  const open = await app.orm.em.fork().find(Complaint, { order: grapes.orderId, status: { $in: ['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER'] } });
  for (const c of open) await app.gql('mutation($id: ID!) { withdrawComplaint(id: $id) { status } }', { id: c.id }, tokens.buyer);
}

describe('fileComplaint', () => {
  it('files a case with photos and shows it to the buyer, the store and agents', async () => {
    const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
    const before = Date.now();
    const result = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos) }, tokens.buyer);
    expect(result.errors).toBeUndefined();
    const { complaint, joinedExisting } = result.data!.fileComplaint;
    expect(joinedExisting).toBe(false);
    expect(complaint).toMatchObject({
      status: 'SUBMITTED',
      channel: 'PLATFORM',
      channels: ['PLATFORM'],
      buyer: { id: demo.users.buyer.id },
      missingItems: [{ quantityMissing: 1, line: { id: grapes.lineId } }],
      evidenceChecklist: { complete: true, missing: [] },
      allowedActions: ['ATTACH_EVIDENCE', 'ADD_PUBLIC_REPLY', 'WITHDRAW'],
      timeline: [{ kind: 'FILED', toStatus: 'SUBMITTED', actor: { id: demo.users.buyer.id } }],
    });
    expect(complaint.evidence.map((e: any) => e.kind)).toEqual(['WAYBILL_LABEL', 'CONTENTS']);
    const due = Date.parse(complaint.slaDueAt) - before;
    expect(due).toBeGreaterThan(23.9 * 3600_000);
    expect(due).toBeLessThan(24.1 * 3600_000);

    expect((await app.gql(GET, { id: complaint.id }, tokens.merchant)).data?.complaint.allowedActions).toEqual(['ADD_PUBLIC_REPLY']);
    expect((await app.gql(GET, { id: complaint.id }, tokens.agent)).data?.complaint.allowedActions).toEqual(
      ['ASSIGN', 'ADD_INTERNAL_NOTE', 'ADD_PUBLIC_REPLY', 'REQUEST_MORE_EVIDENCE', 'RESOLVE'],
    );
    const mine = await app.gql('{ myComplaints { totalCount edges { node { id } } } }', {}, tokens.buyer);
    expect(mine.data!.myComplaints.edges.map((e: any) => e.node.id)).toContain(complaint.id);
    // The photo is now the case's: the store and agents may see it.
    for (const token of [tokens.merchant, tokens.agent, tokens.buyer]) {
      const response = await fetch(`${app.url}/evidence/${photos[0]}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    }
    for (const token of [tokens.buyer2, tokens.courier]) {
      expect((await fetch(`${app.url}/evidence/${photos[0]}/thumb`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    }
    await withdrawAll();
  });

  it('files once for 20 concurrent submissions with one idempotencyKey', async () => {
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const input = filingInput(grapes.orderId, grapes.lineId, photos);
    const before = await countComplaints();
    const results = await Promise.all(Array.from({ length: 20 }, () => app.gql(FILE, { input }, tokens.buyer)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data!.fileComplaint.complaint.id));
    expect(ids.size).toBe(1);
    expect(await countComplaints()).toBe(before + 1);
    expect(await app.orm.em.fork().count(ComplaintFiling, { idempotencyKey: input.idempotencyKey })).toBe(1);

    // The same key with other content is a CONFLICT, and changes nothing.
    const other = await app.gql(FILE, { input: { ...input, description: '其实少了两盒' } }, tokens.buyer);
    expect(errorCode(other)).toBe('CONFLICT');
    expect(await countComplaints()).toBe(before + 1);
    await withdrawAll();
  });

  it('joins the open case of the order on a second filing, and says so', async () => {
    const first = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, await upload(app, tokens.buyer, ['CONTENTS'])) }, tokens.buyer);
    const second = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, await upload(app, tokens.buyer, ['WAYBILL_LABEL']), { description: '补充：面单照片' }) }, tokens.buyer);
    expect(second.errors).toBeUndefined();
    expect(second.data!.fileComplaint.joinedExisting).toBe(true);
    const joined = second.data!.fileComplaint.complaint;
    expect(joined.id).toBe(first.data!.fileComplaint.complaint.id);
    expect(joined.evidence).toHaveLength(2);
    expect(joined.evidenceChecklist.complete).toBe(true);
    expect(joined.timeline.map((t: any) => t.kind)).toEqual(['FILED', 'JOINED']);
    expect(joined.version).toBeGreaterThan(first.data!.fileComplaint.complaint.version);
    await withdrawAll();
  });

  it('bounds missing quantities by what was delivered minus what is claimed, naming the line', async () => {
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const before = await countComplaints();
    const zero = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos, { missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 0 }] }) }, tokens.buyer);
    expect(errorCode(zero)).toBe('BAD_USER_INPUT');
    expect(zero.errors![0]!.extensions).toMatchObject({ field: 'missingItems.0.quantityMissing', orderLineId: grapes.lineId });
    expect(zero.errors![0]!.message).toContain('阳光玫瑰葡萄');
    const three = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos, { missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 3 }] }) }, tokens.buyer);
    expect(errorCode(three)).toBe('BAD_USER_INPUT');
    expect(three.errors![0]!.message).toMatch(/at most 2 missing/);
    const foreignLine = await app.gql(FILE, { input: filingInput(grapes.orderId, '00000000-0000-4000-8000-000000000000', photos) }, tokens.buyer);
    expect(foreignLine.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'missingItems.0.orderLineId' });
    // Nothing half-written: no case, and the photo is still free to use.
    expect(await countComplaints()).toBe(before);
    expect((await app.orm.em.fork().findOneOrFail(Evidence, photos[0]!)).complaint).toBeNull();

    // Claimed units stay claimed: with 2 of 2 claimed, nothing more can be claimed on a new case.
    const two = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos, { missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 2 }] }) }, tokens.buyer);
    expect(two.errors).toBeUndefined();
    const options = await app.gql('query($id: ID!) { complaintFilingOptions(orderId: $id) { lines { shippedQuantity claimedQuantity claimableQuantity } openComplaint { id } } }', { id: grapes.orderId }, tokens.buyer);
    // The open case is the one a new filing joins, so its own claim does not count against it.
    expect(options.data!.complaintFilingOptions).toMatchObject({ lines: [{ shippedQuantity: 2, claimedQuantity: 0, claimableQuantity: 2 }], openComplaint: { id: two.data!.fileComplaint.complaint.id } });
    await withdrawAll();
  });

  it('answers NOT_FOUND for another buyer’s order or photo, and needs at least one photo', async () => {
    const mine = await upload(app, tokens.buyer, ['CONTENTS']);
    const theirs = await upload(app, tokens.buyer2, ['CONTENTS']);
    const before = await countComplaints();
    const otherOrder = await app.gql(FILE, { input: filingInput(demo.orders.twoParcels.id, grapes.lineId, mine) }, tokens.buyer);
    expect(errorCode(otherOrder)).toBe('NOT_FOUND');
    const otherPhoto = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, [theirs[0]]) }, tokens.buyer);
    expect(errorCode(otherPhoto)).toBe('NOT_FOUND');
    expect(otherPhoto.errors![0]!.message).toBe('Evidence not found');
    const none = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, []) }, tokens.buyer);
    expect(none.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidenceIds' });
    const courier = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, mine) }, tokens.courier);
    expect(errorCode(courier)).toBe('FORBIDDEN');
    expect(await countComplaints()).toBe(before);
  });
});

describe('signals', () => {
  const SIGNALS = `query($id: ID!) { complaint(id: $id) { suggestedRefundCents weightCheck { verdict }
    signals { suggestedRefundCents refundableCents evidenceChecklist { missing }
      weightCheck { expectedGrams observedGrams source claimedGrams missingGrams impliedMissingUnits toleranceGrams verdict waybills }
      parcelsOnTheWay { waybillNo } duplicatePhotos { evidenceId otherComplaintId otherCaseNo } } } }`;

  it('gives agents the weight check, the checklist and the suggested refund; buyers and stores get none of it', async () => {
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const filed = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos) }, tokens.buyer);
    const id = filed.data!.fileComplaint.complaint.id;
    const agent = await app.gql(SIGNALS, { id }, tokens.agent);
    expect(agent.data!.complaint.signals).toEqual({
      suggestedRefundCents: 5990,
      refundableCents: 11980,
      evidenceChecklist: { missing: ['WAYBILL_LABEL'] },
      weightCheck: {
        expectedGrams: 2200, observedGrams: 1150, source: 'PICKUP_SCALE', claimedGrams: 1100, missingGrams: 1050,
        impliedMissingUnits: 1, toleranceGrams: 110, verdict: 'SUPPORTS_CLAIM', waybills: ['YX1000000001'],
      },
      parcelsOnTheWay: [],
      duplicatePhotos: [],
    });
    expect(agent.data!.complaint.suggestedRefundCents).toBe(5990);
    for (const token of [tokens.buyer, tokens.merchant]) {
      const other = await app.gql(SIGNALS, { id }, token);
      expect(other.data!.complaint).toEqual({ suggestedRefundCents: null, weightCheck: null, signals: null });
    }
    await withdrawAll();
  });

  it('flags a photo whose bytes are already in another buyer’s complaint, and parcels still on the way', async () => {
    // buyer2's order: one line split over a delivered parcel and one still in transit.
    const { OrderBuilder } = await import('../demo/order-builder.js');
    const em = app.orm.em.fork();
    const build = new OrderBuilder(em, { merchant: em.getReference((await import('../shipments/merchant.entity.js')).Merchant, demo.merchant.id), merchantUser: em.getReference((await import('../accounts/user.entity.js')).User, demo.users.merchant.id), now: new Date(), pickupAddress: '仓库' });
    const placed = build.order({ buyer: em.getReference((await import('../accounts/user.entity.js')).User, demo.users.buyer2.id), createdHoursAgo: 50, shippingAddress: '杭州', orderNo: 'PD209901010001', lines: [['奇异果 12 个', 'KIWI-12', 3900, 2, 1000]] });
    const courier = em.getReference((await import('../accounts/user.entity.js')).User, demo.users.courier.id);
    const arrived = build.parcel(placed, 'YX9000000001', placed.lines, { courier, to: 'DELIVERED' });
    build.parcel(placed, 'YX9000000002', placed.lines, { courier, to: 'IN_TRANSIT' });
    await em.flush();
    // Each parcel carries one of the two units (the builder puts the whole line in each).
    await em.getConnection().execute('update shipment_items set quantity = 1 where line_id = ?', [placed.lines[0]!.id]);
    await em.getConnection().execute('update shipments set declared_weight_grams = 1000 where order_id = ?', [placed.order.id]);
    await em.getConnection().execute('update tracking_events set measured_weight_grams = 1000 where measured_weight_grams is not null and shipment_id in (select id from shipments where order_id = ?)', [placed.order.id]);

    // buyer (1) files with a photo; buyer2 then uploads the very same bytes.
    const photo = await jpegWithGps(120, 90, '#123456');
    const one = await uploadEvidence(app.url, tokens.buyer, [{ data: photo }]);
    const firstCase = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, [one.body.evidence[0].id]) }, tokens.buyer);
    const two = await uploadEvidence(app.url, tokens.buyer2, [{ data: photo }]);

    const options = await app.gql('query($id: ID!) { complaintFilingOptions(orderId: $id) { lines { claimableQuantity } parcelsOnTheWay { waybillNo } } }', { id: placed.order.id }, tokens.buyer2);
    expect(options.data!.complaintFilingOptions).toEqual({ lines: [{ claimableQuantity: 1 }], parcelsOnTheWay: [{ waybillNo: 'YX9000000002' }] });

    const filed = await app.gql(FILE, { input: filingInput(placed.order.id, placed.lines[0]!.id, [two.body.evidence[0].id]) }, tokens.buyer2);
    expect(filed.errors).toBeUndefined();
    const signals = (await app.gql(SIGNALS, { id: filed.data!.fileComplaint.complaint.id }, tokens.agent)).data!.complaint.signals;
    expect(signals.duplicatePhotos).toEqual([{ evidenceId: two.body.evidence[0].id, otherComplaintId: firstCase.data!.fileComplaint.complaint.id, otherCaseNo: firstCase.data!.fileComplaint.complaint.caseNo }]);
    expect(signals.parcelsOnTheWay).toEqual([{ waybillNo: 'YX9000000002' }]);
    // Weighed at pickup at the declared 1000 g: the parcel held what it should.
    expect(signals.weightCheck).toMatchObject({ expectedGrams: 1000, observedGrams: 1000, verdict: 'CONTRADICTS_CLAIM', waybills: [arrived.waybillNo] });
    await withdrawAll();
  });
});

describe('the case’s life', () => {
  const ACT = {
    assign: 'mutation($id: ID!) { assignComplaint(id: $id) { status assignee { id } allowedActions } }',
    note: 'mutation($id: ID!, $body: String!, $internal: Boolean!) { addComplaintNote(id: $id, input: { body: $body }, internal: $internal) { id } }',
    request: 'mutation($id: ID!) { requestMoreEvidence(id: $id, input: { body: "请补充外箱和面单照片" }) { status slaDueAt allowedActions } }',
    attach: 'mutation($id: ID!, $ids: [ID!]!) { attachEvidence(id: $id, evidenceIds: $ids) { status slaDueAt resolutionDueAt evidence { id } } }',
    resolve: 'mutation($id: ID!, $input: ResolveComplaintInput!) { resolveComplaint(id: $id, input: $input) { status version allowedActions resolution { kind refundCents reason reshipment { id waybillNo status } } } }',
    respond: 'mutation($id: ID!, $accept: Boolean!, $reason: DisputeReason) { respondToResolution(id: $id, accept: $accept, reason: $reason) { status disputes allowedActions } }',
    withdraw: 'mutation($id: ID!) { withdrawComplaint(id: $id) { status } }',
  };

  /** A case on the grapes order, or (fresh) on a new order of the same buyer with a delivered line of 2. */
  async function fileOne(fresh = true): Promise<any> {
    let target = grapes;
    if (fresh) {
      const em = app.orm.em.fork();
      const { ordersFactory } = await import('../test/factories.js');
      const [order] = await ordersFactory(em, { buyer: em.getReference(User, demo.users.buyer.id), merchant: em.getReference(Merchant, demo.merchant.id), merchantUser: em.getReference(User, demo.users.merchant.id), courier: em.getReference(User, demo.users.courier.id), count: 1 });
      target = { orderId: order!.id, lineId: order!.lines.getItems()[0]!.id };
    }
    const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
    const result = await app.gql(FILE, { input: filingInput(target.orderId, target.lineId, photos) }, tokens.buyer);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return { ...result.data.fileComplaint.complaint, target };
  }

  it('goes assign → request evidence → buyer adds a photo → refund → dispute once → decide again → accept', async () => {
    const c = await fileOne(false);
    const assigned = await app.gql(ACT.assign, { id: c.id }, tokens.agent);
    expect(assigned.data!.assignComplaint).toMatchObject({ status: 'IN_REVIEW', assignee: { id: demo.users.agent.id } });

    const waiting = await app.gql(ACT.request, { id: c.id }, tokens.agent);
    expect(waiting.data!.requestMoreEvidence).toMatchObject({ status: 'AWAITING_BUYER', slaDueAt: null });
    // The buyer is told, with a link to the case.
    const told = await app.gql('{ myNotifications(first: 5) { edges { node { kind complaintId detail } } } }', {}, tokens.buyer);
    expect(told.data!.myNotifications.edges[0].node).toEqual({ kind: 'COMPLAINT_EVIDENCE_REQUESTED', complaintId: c.id, detail: '请补充外箱和面单照片' });
    // The agents may not decide while it is the buyer's turn.
    expect(errorCode(await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 100 } }, tokens.agent))).toBe('INVALID_TRANSITION');

    const before = await app.orm.em.fork().findOneOrFail(Complaint, c.id);
    // The buyer's turn took an hour: the clocks move by that hour.
    await app.orm.em.getConnection().execute(`update complaints set paused_at = paused_at - interval '1 hour' where id = ?`, [c.id]);
    const [extra] = await upload(app, tokens.buyer, ['PACKAGE_EXTERIOR']);
    const back = (await app.gql(ACT.attach, { id: c.id, ids: [extra] }, tokens.buyer)).data!.attachEvidence;
    expect(back.status).toBe('IN_REVIEW');
    expect(back.evidence).toHaveLength(3);
    const shifted = Date.parse(back.resolutionDueAt) - before.resolutionDueAt.getTime();
    expect(shifted).toBeGreaterThan(3599_000);
    expect(shifted).toBeLessThan(3700_000);
    expect(Date.parse(back.slaDueAt)).toBe(Date.parse(back.resolutionDueAt));

    const tooMuch = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 11981 } }, tokens.agent);
    expect(tooMuch.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refundCents', max: 11980 });
    const refunded = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 5990 } }, tokens.agent);
    expect(refunded.data!.resolveComplaint).toMatchObject({ status: 'RESOLVED', resolution: { kind: 'REFUND', refundCents: 5990 } });

    const disputed = await app.gql(ACT.respond, { id: c.id, accept: false, reason: 'AMOUNT_TOO_LOW' }, tokens.buyer);
    expect(disputed.data!.respondToResolution).toMatchObject({ status: 'IN_REVIEW', disputes: 1 });
    const again = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 11980 } }, tokens.agent);
    expect(again.data!.resolveComplaint.status).toBe('RESOLVED');
    expect(again.data!.resolveComplaint.allowedActions).toEqual(['ADD_INTERNAL_NOTE', 'ADD_PUBLIC_REPLY']);
    expect(errorCode(await app.gql(ACT.respond, { id: c.id, accept: false, reason: 'AMOUNT_TOO_LOW' }, tokens.buyer))).toBe('INVALID_TRANSITION');
    expect((await app.gql(ACT.respond, { id: c.id, accept: true }, tokens.buyer)).data!.respondToResolution.status).toBe('CLOSED');
    expect(errorCode(await app.gql(ACT.respond, { id: c.id, accept: true }, tokens.buyer))).toBe('INVALID_TRANSITION');
    expect(errorCode(await app.gql(ACT.withdraw, { id: c.id }, tokens.buyer))).toBe('INVALID_TRANSITION');

    const timeline = (await app.gql(GET, { id: c.id }, tokens.buyer)).data!.complaint.timeline.map((t: any) => t.kind);
    expect(timeline).toEqual(['FILED', 'ASSIGNED', 'EVIDENCE_REQUESTED', 'EVIDENCE_ADDED', 'RESOLVED', 'DISPUTED', 'RESOLVED', 'ACCEPTED']);
  });

  it('pauses both SLA clocks while it is the buyer’s turn, and moves them by exactly that long', async () => {
    const c = await fileOne();
    await app.gql(ACT.assign, { id: c.id }, tokens.agent);
    const waiting = (await app.gql(ACT.request, { id: c.id }, tokens.agent)).data!.requestMoreEvidence;
    expect(waiting).toMatchObject({ status: 'AWAITING_BUYER', slaDueAt: null });
    const paused = await app.orm.em.fork().findOneOrFail(Complaint, c.id);
    expect(paused.pausedAt).not.toBeNull();
    // The buyer's turn took two hours.
    await app.orm.em.getConnection().execute(`update complaints set paused_at = paused_at - interval '2 hours' where id = ?`, [c.id]);
    const [extra] = await upload(app, tokens.buyer, ['PACKAGE_EXTERIOR']);
    const back = (await app.gql(ACT.attach, { id: c.id, ids: [extra] }, tokens.buyer)).data!.attachEvidence;
    expect(back.status).toBe('IN_REVIEW');
    const resumed = await app.orm.em.fork().findOneOrFail(Complaint, c.id);
    expect(resumed.pausedAt).toBeNull();
    for (const clock of ['firstResponseDueAt', 'resolutionDueAt'] as const) {
      const moved = resumed[clock].getTime() - paused[clock].getTime();
      expect(moved, clock).toBeGreaterThanOrEqual(2 * 3600_000);
      expect(moved, clock).toBeLessThan(2 * 3600_000 + 60_000);
    }
    // The agent answered (the request), so the running clock is the resolution's.
    expect(Date.parse(back.slaDueAt)).toBe(resumed.resolutionDueAt.getTime());
  });

  it('caps a refund at what was paid minus what earlier cases of the same order refunded', async () => {
    const first = await fileOne();
    const paid = (await app.gql('query($id: ID!) { order(id: $id) { totalCents } }', { id: first.target.orderId }, tokens.buyer)).data!.order.totalCents;
    const earlier = 1000;
    expect((await app.gql(ACT.resolve, { id: first.id, input: { kind: 'REFUND', refundCents: earlier } }, tokens.agent)).data!.resolveComplaint.status).toBe('RESOLVED');
    expect((await app.gql(ACT.respond, { id: first.id, accept: true }, tokens.buyer)).data!.respondToResolution.status).toBe('CLOSED');
    // A second case of the same order, for the line's other unit.
    const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
    const second = (await app.gql(FILE, { input: filingInput(first.target.orderId, first.target.lineId, photos) }, tokens.buyer)).data!.fileComplaint;
    expect(second.joinedExisting).toBe(false);
    const over = await app.gql(ACT.resolve, { id: second.complaint.id, input: { kind: 'REFUND', refundCents: paid - earlier + 1 } }, tokens.agent);
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'refundCents', max: paid - earlier });
    const rest = await app.gql(ACT.resolve, { id: second.complaint.id, input: { kind: 'REFUND', refundCents: paid - earlier } }, tokens.agent);
    expect(rest.data!.resolveComplaint.resolution).toMatchObject({ kind: 'REFUND', refundCents: paid - earlier });
  });

  it('reships the missing units as a new parcel on the merchant’s board, and needs a reason to reject', async () => {
    const c = await fileOne();
    const noReason = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REJECT' } }, tokens.agent);
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const reship = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'RESHIP' } }, tokens.agent);
    const parcel = reship.data!.resolveComplaint.resolution.reshipment;
    expect(parcel).toMatchObject({ status: 'CREATED' });
    const board = await app.gql('{ merchantOrders(first: 50) { edges { node { id shipments { waybillNo status } } } } }', {}, tokens.merchant);
    const order = board.data!.merchantOrders.edges.find((e: any) => e.node.id === c.target.orderId).node;
    expect(order.shipments).toContainEqual({ waybillNo: parcel.waybillNo, status: 'CREATED' });
    const stored = await app.orm.em.fork().findOneOrFail(Shipment, parcel.id, { populate: ['items'] });
    expect(stored.items.getItems().map((i) => i.quantity)).toEqual([1]);
    expect(stored.declaredWeightGrams).toBe(500);
    await app.gql(ACT.respond, { id: c.id, accept: true }, tokens.buyer);
  });

  it('keeps internal notes from buyers and stores; stores reply but never decide', async () => {
    const c = await fileOne();
    await app.gql(ACT.note, { id: c.id, body: '疑似重复投诉，先核实', internal: true }, tokens.agent);
    await app.gql(ACT.note, { id: c.id, body: '您好，我们正在核实', internal: false }, tokens.agent);
    const merchantReply = await app.gql(ACT.note, { id: c.id, body: '已核对出库单，确为少发', internal: false }, tokens.merchant);
    expect(merchantReply.errors).toBeUndefined();
    expect(errorCode(await app.gql(ACT.note, { id: c.id, body: 'x', internal: true }, tokens.merchant))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 1 } }, tokens.merchant))).toBe('FORBIDDEN');
    for (const token of [tokens.buyer, tokens.merchant]) {
      const seen = (await app.gql(GET, { id: c.id }, token)).data!.complaint;
      expect(seen.notes.map((n: any) => n.body)).toEqual(['您好，我们正在核实', '已核对出库单，确为少发']);
      expect(seen.timeline.filter((t: any) => t.kind === 'NOTE_ADDED')).toHaveLength(2);
    }
    const agentView = (await app.gql(GET, { id: c.id }, tokens.agent)).data!.complaint;
    expect(agentView.notes).toHaveLength(3);
    expect(agentView.notes[0]).toMatchObject({ internal: true, author: { id: demo.users.agent.id } });
    // Another buyer, a courier, a missing id: NOT_FOUND or FORBIDDEN, never the case.
    expect(errorCode(await app.gql(GET, { id: c.id }, tokens.buyer2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(GET, { id: '00000000-0000-4000-8000-000000000000' }, tokens.agent))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(GET, { id: c.id }, tokens.courier))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ACT.withdraw, { id: c.id }, tokens.buyer2))).toBe('NOT_FOUND');
    expect((await app.gql(ACT.withdraw, { id: c.id }, tokens.buyer)).data!.withdrawComplaint.status).toBe(ComplaintStatus.WITHDRAWN);
  });

  it('answers CONFLICT to a decision made on an older version', async () => {
    const c = await fileOne();
    await app.gql(ACT.assign, { id: c.id }, tokens.agent);
    const stale = await app.gql(ACT.resolve, { id: c.id, input: { kind: 'REFUND', refundCents: 100, expectedVersion: c.version } }, tokens.agent);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect((await app.orm.em.fork().findOneOrFail(Complaint, c.id)).status).toBe('IN_REVIEW');
    await withdrawAll();
  });
});
