import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { Complaint } from './complaint.entity.js';
import { FILE, filingInput, upload } from './complaint.test-kit.js';
import { Evidence } from './evidence.entity.js';

/** Issue 16: 我的售后, the case conversation and the buyer's notifications. */
let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

async function freshOrders(count: number): Promise<{ orderId: string; lineId: string }[]> {
  const em = app.orm.em.fork();
  const { ordersFactory } = await import('../test/factories.js');
  const orders = await ordersFactory(em, {
    buyer: em.getReference(User, demo.users.buyer.id),
    merchant: em.getReference(Merchant, demo.merchant.id),
    merchantUser: em.getReference(User, demo.users.merchant.id),
    courier: em.getReference(User, demo.users.courier.id),
    count,
  });
  return orders.map((o) => ({ orderId: o.id, lineId: o.lines.getItems()[0]!.id }));
}

async function file(target: { orderId: string; lineId: string }): Promise<{ id: string; caseNo: string }> {
  const photos = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'CONTENTS']);
  const result = await app.gql(FILE, { input: filingInput(target.orderId, target.lineId, photos) }, tokens.buyer);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.fileComplaint.complaint;
}

const MY_CASES = `query($first: Int, $after: String) { myCases(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id caseNo status orderId orderNo storeName itemTitle itemCount claimedUnits claimedCents resolutionKind refundCents reshipmentWaybillNo createdAt lastActivityAt } }
} }`;
const NOTIFICATIONS = '{ myNotifications(first: 10) { edges { node { kind complaintId detail } } } }';
const REPLY = `mutation($id: ID!, $input: CaseReplyInput!) { replyToComplaint(id: $id, input: $input) {
  status version notes { body internal author { role displayName } photos { id url thumbnailUrl } } evidence { id }
} }`;

describe('我的售后', () => {
  let filed: { id: string; caseNo: string }[] = [];

  beforeAll(async () => {
    const orders = await freshOrders(3);
    filed = [];
    for (const order of orders) filed.push(await file(order));
    await app.gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REFUND, refundCents: 1000 }) { id } }', { id: filed[0]!.id }, tokens.agent);
  });

  it('lists the buyer’s cases newest first with store, goods, amount, outcome and last activity, a page at a time', async () => {
    const first = await app.gql(MY_CASES, { first: 2 }, tokens.buyer);
    expect(first.errors).toBeUndefined();
    const page = first.data!.myCases;
    expect(page.edges.map((e: any) => e.node.id)).toEqual([filed[2]!.id, filed[1]!.id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges[0].node).toMatchObject({ status: 'SUBMITTED', storeName: '优选水果店', itemTitle: 'item A', itemCount: 1, claimedUnits: 1, claimedCents: 1000, resolutionKind: null });
    const next = await app.gql(MY_CASES, { first: 2, after: page.pageInfo.endCursor }, tokens.buyer);
    const decided = next.data!.myCases.edges[0].node;
    expect(decided).toMatchObject({ id: filed[0]!.id, status: 'RESOLVED', resolutionKind: 'REFUND', refundCents: 1000 });
    expect(Date.parse(decided.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(decided.createdAt));
    // Another buyer sees none of them.
    const other = await app.gql(MY_CASES, { first: 50 }, tokens.buyer2);
    expect(other.data!.myCases.edges.map((e: any) => e.node.id)).not.toContain(filed[0]!.id);
  });

  it('reads a page in one statement whatever its size', async () => {
    const count = async (first: number) => (await app.countQueries(() => app.gql(MY_CASES, { first }, tokens.buyer))).queries.filter((q) => !/session/i.test(q)).length;
    const [one, many] = [await count(1), await count(50)];
    expect(one).toBe(1);
    expect(many).toBe(one);
  });

  it('gives each order card its latest case, for the buyer’s own orders only', async () => {
    const ids = [filed[0]!, filed[1]!].map((c) => c.id);
    const orders = await app.orm.em.fork().find(Complaint, { id: { $in: ids } });
    const orderIds = orders.map((c) => c.order.id);
    const q = 'query($ids: [ID!]!) { latestCasesOf(orderIds: $ids) { id orderId status } }';
    const mine = await app.gql(q, { ids: [...orderIds, 'not-a-uuid'] }, tokens.buyer);
    expect(mine.data!.latestCasesOf.map((c: any) => c.id).sort()).toEqual([...ids].sort());
    expect((await app.gql(q, { ids: orderIds }, tokens.buyer2)).data!.latestCasesOf).toEqual([]);
    expect(errorCode(await app.gql(q, { ids: orderIds }, tokens.agent))).toBe('FORBIDDEN');
  });
});

describe('the case conversation', () => {
  it('takes the buyer’s words and photos on an open case, live to the agent, internal notes still hidden', async () => {
    const [order] = await freshOrders(1);
    const c = await file(order!);
    await app.gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "内部：先核对出库" }, internal: true) { id } }', { id: c.id }, tokens.agent);
    await app.gql('mutation($id: ID!) { requestMoreEvidence(id: $id, input: { body: "请补充箱内照片" }) { id } }', { id: c.id }, tokens.agent);

    const agentLive = liveClient(app.url, tokens.agent);
    const following = liveFeeds(app);
    const stream = collect(agentLive, 'subscription($id: ID!) { complaintUpdated(id: $id) { status notes { body internal photos { id } } } }', { id: c.id });
    await following(1);
    const [photo] = await upload(app, tokens.buyer, ['CONTENTS']);
    const replied = await app.gql(REPLY, { id: c.id, input: { body: '补充箱内照片，只有一盒', evidenceIds: [photo] } }, tokens.buyer);
    expect(replied.errors).toBeUndefined();
    const answer = replied.data!.replyToComplaint;
    expect(answer.status).toBe('IN_REVIEW');
    expect(answer.notes.map((n: any) => [n.author.role, n.body])).toEqual([['AGENT', '请补充箱内照片'], ['BUYER', '补充箱内照片，只有一盒']]);
    expect(answer.notes[1].photos).toEqual([{ id: photo, url: `/evidence/${photo}`, thumbnailUrl: `/evidence/${photo}/thumb` }]);
    expect(answer.evidence.map((e: any) => e.id)).toContain(photo);

    const [event] = await stream.next(1);
    expect(event.complaintUpdated.status).toBe('IN_REVIEW');
    expect(event.complaintUpdated.notes.map((n: any) => n.body)).toEqual(['内部：先核对出库', '请补充箱内照片', '补充箱内照片，只有一盒']);
    await agentLive.dispose();

    // The agent's public answer reaches the buyer as a notification.
    await app.gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "已收到，正在核实" }) { id } }', { id: c.id }, tokens.agent);
    const told = (await app.gql(NOTIFICATIONS, {}, tokens.buyer)).data!.myNotifications.edges.map((e: any) => e.node);
    expect(told[0]).toEqual({ kind: 'COMPLAINT_REPLIED', complaintId: c.id, detail: '已收到，正在核实' });
  });

  it('refuses empty, foreign, closed and bad-photo replies, writing nothing', async () => {
    const [order] = await freshOrders(1);
    const c = await file(order!);
    const version = async () => (await app.orm.em.fork().findOneOrFail(Complaint, c.id)).version;
    const before = await version();
    const empty = await app.gql(REPLY, { id: c.id, input: { body: '   ', evidenceIds: [] } }, tokens.buyer);
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const long = await app.gql(REPLY, { id: c.id, input: { body: '长'.repeat(1001) } }, tokens.buyer);
    expect(long.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(errorCode(await app.gql(REPLY, { id: c.id, input: { body: '你好' } }, tokens.buyer2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(REPLY, { id: c.id, input: { body: '你好' } }, tokens.merchant))).toBe('FORBIDDEN');
    // Someone else's photo: NOT_FOUND, and the good photo beside it stays unattached.
    const [mine] = await upload(app, tokens.buyer, ['OTHER']);
    const [theirs] = await upload(app, tokens.buyer2, ['OTHER']);
    expect(errorCode(await app.gql(REPLY, { id: c.id, input: { body: '看图', evidenceIds: [mine, theirs] } }, tokens.buyer))).toBe('NOT_FOUND');
    expect((await app.orm.em.fork().findOneOrFail(Evidence, mine!)).complaint).toBeNull();
    expect(await version()).toBe(before);

    await app.gql('mutation($id: ID!) { withdrawComplaint(id: $id) { id } }', { id: c.id }, tokens.buyer);
    const closed = await app.gql(REPLY, { id: c.id, input: { body: '还在吗' } }, tokens.buyer);
    expect(closed.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', field: 'id' });
  });
});

describe('notifications in words', () => {
  it('acknowledges a filing with the case number and first-response hours, and states each outcome', async () => {
    const [a, b, r] = await freshOrders(3);
    const refunded = await file(a!);
    const told = async () => (await app.gql(NOTIFICATIONS, {}, tokens.buyer)).data!.myNotifications.edges.map((e: any) => e.node);
    expect((await told())[0]).toEqual({ kind: 'COMPLAINT_FILED', complaintId: refunded.id, detail: `${refunded.caseNo}:24` });

    await app.gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REFUND, refundCents: 1000 }) { id } }', { id: refunded.id }, tokens.agent);
    expect((await told())[0]).toEqual({ kind: 'COMPLAINT_DECIDED', complaintId: refunded.id, detail: 'REFUND:1000' });

    const reshipped = await file(b!);
    const decided = await app.gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: RESHIP }) { resolution { reshipment { waybillNo } } } }', { id: reshipped.id }, tokens.agent);
    expect((await told())[0]).toEqual({ kind: 'COMPLAINT_DECIDED', complaintId: reshipped.id, detail: `RESHIP:${decided.data!.resolveComplaint.resolution.reshipment.waybillNo}` });

    const rejected = await file(r!);
    await app.gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REJECT, reason: "照片显示两盒均已送达" }) { id } }', { id: rejected.id }, tokens.agent);
    expect((await told())[0]).toEqual({ kind: 'COMPLAINT_DECIDED', complaintId: rejected.id, detail: 'REJECT:照片显示两盒均已送达' });
  });
});
