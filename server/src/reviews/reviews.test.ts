import { EvidenceKind, Role, ShipmentStatus } from '@parceldesk/shared';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { Complaint } from '../complaints/complaint.entity.js';
import { FILE, filingInput, upload } from '../complaints/complaint.test-kit.js';
import { sweepUnattachedEvidenceJob } from '../complaints/evidence.jobs.js';
import { Evidence } from '../complaints/evidence.entity.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { OrderBuilder, type LineSpec } from '../demo/order-builder.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { merchantFactory, userFactory } from '../test/factories.js';
import { demoApp, errorCode, type GqlResult, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { ReviewPhoto } from './review-photo.entity.js';
import { Review } from './review.entity.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

const REVIEW_FIELDS = `id rating body arrivedShort authorName createdAt reply { body createdAt }
  photos { id kind url } merchant { id name } order { id } complaint { id caseNo channels status }`;
const POST = `mutation($input: PostReviewInput!) { postReview(input: $input) { joinedExistingComplaint review { ${REVIEW_FIELDS} } } }`;
const REPLY = `mutation($id: ID!, $body: String!) { replyToReview(id: $id, input: { body: $body }) { id reply { body } } }`;
const ORDER_REVIEW = `query($id: ID!) { order(id: $id) { id review { ${REVIEW_FIELDS} } } }`;
const STORE = `query($merchantId: ID, $first: Int, $after: String) { merchantReviews(merchantId: $merchantId, first: $first, after: $after) {
  totalCount averageRating pageInfo { hasNextPage endCursor } edges { node { ${REVIEW_FIELDS} } } } }`;

let serial = 0;
/** An order of the demo store whose every parcel is DELIVERED (or `to`), for `buyerKey`. */
async function order(buyerKey: DemoKey = 'buyer', to: ShipmentStatus = ShipmentStatus.DELIVERED, lines: LineSpec[] = [['礼盒 A', 'BOX-A', 5000, 2, 1000], ['礼盒 B', 'BOX-B', 3000, 1, 500]]) {
  const em = app.orm.em.fork();
  serial += 1;
  const build = new OrderBuilder(em, { merchant: em.getReference(Merchant, demo.merchant.id), merchantUser: em.getReference(User, demo.users.merchant.id), now: new Date(), pickupAddress: '仓库' });
  const placed = build.order({ buyer: em.getReference(User, demo.users[buyerKey].id), createdHoursAgo: 48, lines, shippingAddress: '测试地址', orderNo: `RV${serial}${randomBytes(3).toString('hex')}` });
  build.parcel(placed, `RW${serial}${randomBytes(3).toString('hex')}`, placed.lines, { courier: em.getReference(User, demo.users.courier.id), to });
  await em.flush();
  return { orderId: placed.order.id, lineIds: placed.lines.map((l) => l.id) };
}

function ok<T>(result: GqlResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

const counts = async () => {
  const em = app.orm.em.fork();
  return { reviews: await em.count(Review, {}), photos: await em.count(ReviewPhoto, {}), complaints: await em.count(Complaint, {}), attached: await em.count(Evidence, { attachedAt: { $ne: null } }) };
};

const fetchPhoto = (id: string, token: string) => fetch(`${app.url}/evidence/${id}/thumb`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('postReview', () => {
  it('reviews a delivered order once, with photos, and shows it on the order and the store page', async () => {
    const { orderId } = await order();
    const photos = await upload(app, tokens.buyer, ['OTHER', 'CONTENTS']);
    const data = ok(await app.gql(POST, { input: { orderId, rating: 4, body: '  很甜，包装完好 \u200b\n', evidenceIds: photos } }, tokens.buyer));
    const review = data.postReview.review;
    expect(data.postReview.joinedExistingComplaint).toBe(false);
    expect(review).toMatchObject({ rating: 4, body: '很甜，包装完好', arrivedShort: false, authorName: '买***王', reply: null, complaint: null, order: { id: orderId }, merchant: { id: demo.merchant.id } });
    expect(review.photos.map((p: any) => p.id)).toEqual(photos);

    // The buyer's order shows it; the store sees it; a courier of the order sees no review.
    expect(ok(await app.gql(ORDER_REVIEW, { id: orderId }, tokens.buyer)).order.review.id).toBe(review.id);
    expect(ok(await app.gql(ORDER_REVIEW, { id: orderId }, tokens.merchant)).order.review.id).toBe(review.id);
    expect(ok(await app.gql(ORDER_REVIEW, { id: orderId }, tokens.agent)).order.review.id).toBe(review.id);
    const courier = await app.gql(ORDER_REVIEW, { id: orderId }, tokens.courier);
    if (courier.data?.order) expect(courier.data.order.review).toBeNull();
    else expect(errorCode(courier)).toBe('NOT_FOUND');

    // Another shopper reads it on the store's page, with its photos, but not the order.
    const store = ok(await app.gql(STORE, { merchantId: demo.merchant.id }, tokens.buyer2)).merchantReviews;
    const seen = store.edges.find((e: any) => e.node.id === review.id).node;
    expect(seen).toMatchObject({ body: '很甜，包装完好', authorName: '买***王', order: null, complaint: null });
    expect(seen.photos).toHaveLength(2);
    expect(await fetchPhoto(photos[0]!, tokens.buyer2)).toBe(200);
    expect(await fetchPhoto(photos[0]!, tokens.merchant)).toBe(200);
    expect(await fetchPhoto(photos[0]!, tokens.courier)).toBe(404);

    // A review's photo is that review's: it cannot be attached to a complaint as well.
    const other = await order();
    expect(errorCode(await app.gql(FILE, { input: filingInput(other.orderId, other.lineIds[0]!, [photos[0]!]) }, tokens.buyer))).toBe('NOT_FOUND');

    // Once: a second review of the order is a CONFLICT, and writes nothing.
    const before = await counts();
    expect(errorCode(await app.gql(POST, { input: { orderId, rating: 5 } }, tokens.buyer))).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with the field named, and leaves nothing half-written', async () => {
    const { orderId, lineIds } = await order();
    const mine = await upload(app, tokens.buyer, ['CONTENTS']);
    const theirs = await upload(app, tokens.buyer2, ['CONTENTS']);
    const before = await counts();
    const refusal = async (input: Record<string, unknown>, token = tokens.buyer) => {
      const result = await app.gql(POST, { input: { orderId, rating: 5, ...input } }, token);
      return { code: errorCode(result), field: result.errors?.[0]?.extensions?.field };
    };
    expect(await refusal({ rating: 0 })).toEqual({ code: 'BAD_USER_INPUT', field: 'rating' });
    expect(await refusal({ rating: 6 })).toEqual({ code: 'BAD_USER_INPUT', field: 'rating' });
    expect(await refusal({ body: 'x'.repeat(501) })).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await refusal({ arrivedShort: true })).toEqual({ code: 'BAD_USER_INPUT', field: 'missingItems' });
    // The tag files a complaint: its rules (a photo at least; no more missing than arrived) answer.
    expect(await refusal({ arrivedShort: true, missingItems: [{ orderLineId: lineIds[0], quantityMissing: 1 }] })).toEqual({ code: 'BAD_USER_INPUT', field: 'evidenceIds' });
    expect(await refusal({ arrivedShort: true, evidenceIds: mine, missingItems: [{ orderLineId: lineIds[0], quantityMissing: 3 }] })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'missingItems.0.quantityMissing',
    });
    expect((await refusal({ evidenceIds: theirs })).code).toBe('NOT_FOUND');
    expect((await refusal({ evidenceIds: ['not-a-uuid'] })).code).toBe('NOT_FOUND');
    expect((await refusal({}, tokens.buyer2)).code).toBe('NOT_FOUND');
    expect((await refusal({ orderId: 'nope' })).code).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(POST, { input: { orderId, rating: 5 } }, tokens.merchant))).toBe('FORBIDDEN');
    const notYet = await order('buyer', ShipmentStatus.OUT_FOR_DELIVERY);
    expect((await refusal({ orderId: notYet.orderId })).code).toBe('INVALID_TRANSITION');
    expect(await counts()).toEqual(before);
    // The refused photo is still the buyer's to use.
    ok(await app.gql(POST, { input: { orderId, rating: 5, evidenceIds: mine } }, tokens.buyer));
  });

  it('opens a short-shipment case through channel REVIEW when tagged arrived short', async () => {
    const { orderId, lineIds } = await order();
    const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
    const input = { orderId, rating: 1, body: '两盒只到了一盒', evidenceIds: photos, arrivedShort: true, missingItems: [{ orderLineId: lineIds[0], quantityMissing: 1 }] };
    const data = ok(await app.gql(POST, { input }, tokens.buyer));
    const { review, joinedExistingComplaint } = data.postReview;
    expect(joinedExistingComplaint).toBe(false);
    expect(review.complaint).toMatchObject({ channels: ['REVIEW'], status: 'SUBMITTED' });

    const CASE = `query($id: ID!) { complaint(id: $id) { channel channels description missingItems { quantityMissing line { id } } evidence { id } } }`;
    const complaint = ok(await app.gql(CASE, { id: review.complaint.id }, tokens.agent)).complaint;
    expect(complaint).toMatchObject({ channel: 'REVIEW', channels: ['REVIEW'], description: '1★ 两盒只到了一盒', missingItems: [{ quantityMissing: 1, line: { id: lineIds[0] } }] });
    expect(complaint.evidence.map((e: any) => e.id).sort()).toEqual([...photos].sort());
    const queue = ok(await app.gql(`{ complaintQueue(filter: { channel: REVIEW }) { edges { node { id } } } }`, {}, tokens.agent));
    expect(queue.complaintQueue.edges.map((e: any) => e.node.id)).toContain(review.complaint.id);

    // The case and its photos stay with the parties: another shopper sees the review without them.
    const store = ok(await app.gql(STORE, { merchantId: demo.merchant.id, first: 50 }, tokens.buyer2)).merchantReviews;
    expect(store.edges.find((e: any) => e.node.id === review.id).node).toMatchObject({ photos: [], complaint: null, order: null });
    expect(await fetchPhoto(photos[0]!, tokens.buyer2)).toBe(404);
    expect(await fetchPhoto(photos[0]!, tokens.merchant)).toBe(200);
  });

  it('joins the case already open on the order, which then shows both channels', async () => {
    const { orderId, lineIds } = await order();
    const filed = ok(await app.gql(FILE, { input: filingInput(orderId, lineIds[0]!, await upload(app, tokens.buyer, ['WAYBILL_LABEL'])) }, tokens.buyer));
    const caseId = filed.fileComplaint.complaint.id;
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const input = { orderId, rating: 2, evidenceIds: photos, arrivedShort: true, missingItems: [{ orderLineId: lineIds[1], quantityMissing: 1 }] };
    const data = ok(await app.gql(POST, { input }, tokens.buyer));
    expect(data.postReview.joinedExistingComplaint).toBe(true);
    expect(data.postReview.review.complaint).toMatchObject({ id: caseId, channels: ['PLATFORM', 'REVIEW'] });
    const CASE = `query($id: ID!) { complaint(id: $id) { channel channels missingItems { quantityMissing line { id } } evidence { id } timeline { kind detail } } }`;
    const complaint = ok(await app.gql(CASE, { id: caseId }, tokens.agent)).complaint;
    expect(complaint.channel).toBe('PLATFORM');
    expect(complaint.missingItems.map((i: any) => i.line.id).sort()).toEqual([...lineIds].sort());
    expect(complaint.evidence).toHaveLength(2);
    expect(complaint.timeline.map((e: any) => e.kind)).toEqual(['FILED', 'JOINED']);
    expect(complaint.timeline[1].detail).toBe('REVIEW: 2★');
    expect(await app.orm.em.fork().count(Complaint, { order: orderId })).toBe(1);
  });

  it('tells the agents’ queue what happened: NEW for a case a review opens, UPDATED for one it joins', async () => {
    const following = liveFeeds(app);
    const agent = collect(liveClient(app.url, tokens.agent), 'subscription { complaintQueueChanged { kind complaint { id } } }', {});
    await following(1);
    const kindsOf = (id: string) => agent.results.filter((r: any) => r.complaintQueueChanged.complaint.id === id).map((r: any) => r.complaintQueueChanged.kind);

    const opened = await order();
    const input = (o: typeof opened, photos: string[]) => ({ orderId: o.orderId, rating: 1, evidenceIds: photos, arrivedShort: true, missingItems: [{ orderLineId: o.lineIds[0], quantityMissing: 1 }] });
    const first = ok(await app.gql(POST, { input: input(opened, await upload(app, tokens.buyer, ['CONTENTS'])) }, tokens.buyer)).postReview.review.complaint.id;
    await agent.next(1);
    expect(kindsOf(first)).toEqual(['NEW']);

    const joined = await order();
    const filed = ok(await app.gql(FILE, { input: filingInput(joined.orderId, joined.lineIds[1]!, await upload(app, tokens.buyer, ['WAYBILL_LABEL'])) }, tokens.buyer));
    const caseId = filed.fileComplaint.complaint.id;
    await agent.next(2);
    ok(await app.gql(POST, { input: input(joined, await upload(app, tokens.buyer, ['CONTENTS'])) }, tokens.buyer));
    await agent.next(3);
    expect(kindsOf(caseId)).toEqual(['NEW', 'UPDATED']);
    agent.unsubscribe();
  });

  it('posts one review when the same order is posted twice at once', async () => {
    const { orderId } = await order();
    const results = await Promise.all([1, 2, 3, 4].map((rating) => app.gql(POST, { input: { orderId, rating } }, tokens.buyer)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT')).toHaveLength(3);
    expect(await app.orm.em.fork().count(Review, { order: orderId })).toBe(1);
  });

  it('keeps a review’s photos when the day-old unattached uploads are swept', async () => {
    const { orderId } = await order();
    const [kept, loose] = [await upload(app, tokens.buyer, ['OTHER']), await upload(app, tokens.buyer, ['OTHER'])];
    ok(await app.gql(POST, { input: { orderId, rating: 5, evidenceIds: kept } }, tokens.buyer));
    const em = app.orm.em.fork();
    await sweepUnattachedEvidenceJob(app.server.deps.store).run(em, new Date(Date.now() + 25 * 3600_000));
    const left = await app.orm.em.fork().find(Evidence, { id: { $in: [...kept, ...loose] } });
    expect(left.map((e) => e.id)).toEqual(kept);
    expect(await fetchPhoto(kept[0]!, tokens.buyer)).toBe(200);
  });
});

describe('replyToReview', () => {
  it('lets the reviewed store answer once, publicly; anyone else finds no review', async () => {
    const { orderId } = await order();
    const reviewId = ok(await app.gql(POST, { input: { orderId, rating: 3, body: '一般' } }, tokens.buyer)).postReview.review.id;
    const em = app.orm.em.fork();
    const otherOwner = userFactory(em, { role: Role.MERCHANT });
    merchantFactory(em, otherOwner);
    await em.flush();
    const otherStore = await app.tokenFor(otherOwner.id);

    expect(errorCode(await app.gql(REPLY, { id: reviewId, body: '抱歉' }, otherStore))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(REPLY, { id: '00000000-0000-4000-8000-000000000000', body: '抱歉' }, tokens.merchant))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(REPLY, { id: reviewId, body: '抱歉' }, tokens.buyer))).toBe('FORBIDDEN');
    const blank = await app.gql(REPLY, { id: reviewId, body: ' \u200b ' }, tokens.merchant);
    expect([errorCode(blank), blank.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'body']);

    expect(ok(await app.gql(REPLY, { id: reviewId, body: '  抱歉，下次改进 ' }, tokens.merchant)).replyToReview.reply.body).toBe('抱歉，下次改进');
    expect(errorCode(await app.gql(REPLY, { id: reviewId, body: '再说一次' }, tokens.merchant))).toBe('CONFLICT');
    expect(ok(await app.gql(ORDER_REVIEW, { id: orderId }, tokens.buyer)).order.review.reply.body).toBe('抱歉，下次改进');
  });
});

describe('merchantReviews', () => {
  it('pages a store’s reviews with the average; merchants see their own store only', async () => {
    const em = app.orm.em.fork();
    const owner = userFactory(em, { role: Role.MERCHANT });
    const store = merchantFactory(em, owner);
    const buyer = userFactory(em, { displayName: '测试买家' });
    const build = new OrderBuilder(em, { merchant: store, merchantUser: owner, now: new Date(), pickupAddress: '仓库' });
    const ratings = Array.from({ length: 25 }, (_, i) => (i % 5) + 1);
    ratings.forEach((rating, i) => {
      const placed = build.order({ buyer, createdHoursAgo: 100 - i, lines: [['件', 'P', 100, 1, 100]], shippingAddress: '地址', orderNo: `MR${i}${randomBytes(3).toString('hex')}` });
      const review = new Review({ order: placed.order, buyer, rating, body: `review ${i}`, arrivedShort: false });
      review.createdAt = new Date(Date.now() - (100 - i) * 60_000);
      em.persist(review);
      for (let p = 0; p < 2; p++) {
        const evidence = new Evidence({ id: crypto.randomUUID(), uploader: buyer, kind: EvidenceKind.OTHER, mimeType: 'image/jpeg', bytes: 1, width: 1, height: 1, sha256: 'x'.repeat(64), blobKey: 'none', thumbKey: 'none' });
        evidence.markAttached();
        em.persist([evidence, new ReviewPhoto({ review, evidence, position: p })]);
      }
    });
    await em.flush();
    const ownerToken = await app.tokenFor(owner.id);

    const sizes: number[] = [];
    for (const first of [2, 10, 20]) {
      const { result, queries } = await app.countQueries(() => app.gql(STORE, { first }, ownerToken));
      const page = ok(result).merchantReviews;
      expect(page.totalCount).toBe(25);
      expect(page.averageRating).toBe(3);
      expect(page.edges).toHaveLength(first);
      expect(page.edges[0].node.body).toBe('review 24');
      expect(page.edges.every((e: any) => e.node.photos.length === 2 && e.node.order !== null)).toBe(true);
      sizes.push(queries.length);
    }
    // Merchant lookup, totals, the page with its reviewers, photos, merchants, orders: the same
    // number whatever the page size (MikroORM's dataloader may split one level across two ticks).
    expect(Math.max(...sizes) - Math.min(...sizes), JSON.stringify(sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...sizes), JSON.stringify(sizes)).toBeLessThanOrEqual(8);

    // Order.review on a buyer's order list: one batched read for the page, not one per order.
    const buyerToken = await app.tokenFor(buyer.id);
    const MINE = `query($first: Int) { myOrders(first: $first) { edges { node { id review { id rating reply { body } photos { id } } } } } }`;
    const perPage: number[] = [];
    for (const first of [5, 20]) {
      const { result, queries } = await app.countQueries(() => app.gql(MINE, { first }, buyerToken));
      expect(ok(result).myOrders.edges.every((e: any) => e.node.review.photos.length === 2)).toBe(true);
      perPage.push(queries.length);
    }
    expect(perPage[1]! - perPage[0]!, JSON.stringify(perPage)).toBeLessThanOrEqual(1);

    const second = ok(await app.gql(STORE, { first: 20, after: ok(await app.gql(STORE, { first: 20 }, ownerToken)).merchantReviews.pageInfo.endCursor }, ownerToken));
    expect(second.merchantReviews.edges.map((e: any) => e.node.body)).toEqual(['review 4', 'review 3', 'review 2', 'review 1', 'review 0']);
    expect(second.merchantReviews.pageInfo.hasNextPage).toBe(false);

    // Another store's merchant finds nothing; shoppers name the store; couriers may not ask.
    expect(errorCode(await app.gql(STORE, { merchantId: store.id }, tokens.merchant))).toBe('NOT_FOUND');
    expect(ok(await app.gql(STORE, { merchantId: store.id, first: 1 }, tokens.buyer)).merchantReviews).toMatchObject({ totalCount: 25, averageRating: 3 });
    expect(errorCode(await app.gql(STORE, {}, tokens.buyer))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(STORE, { merchantId: '00000000-0000-4000-8000-000000000000' }, tokens.agent))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(STORE, { merchantId: store.id }, tokens.courier))).toBe('FORBIDDEN');
    const empty = userFactory(em, { role: Role.MERCHANT });
    merchantFactory(em, empty);
    await em.flush();
    expect(ok(await app.gql(STORE, {}, await app.tokenFor(empty.id))).merchantReviews).toMatchObject({ totalCount: 0, averageRating: null, edges: [] });
  });
});
