import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Message } from '../chat/message.entity.js';
import { Thread } from '../chat/thread.entity.js';
import { User } from '../accounts/user.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { Order } from '../shipments/order.entity.js';
import { ordersFactory } from '../test/factories.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { jpegWithGps, uploadEvidence } from '../test/images.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { Complaint } from './complaint.entity.js';
import { ComplaintFiling } from './complaint-filing.entity.js';
import { COMPLAINT_FIELDS, filingInput, upload } from './complaint.test-kit.js';

/** CUSTOMER_SERVICE (客服反馈): an agent opens a case for the buyer of a support thread. */
let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
let grapes: { orderId: string; lineId: string; title: string };
/** The demo buyer's support thread (about the grapes) and buyer2's. */
let supportThread: string;
let otherSupportThread: string;
let courierThread: string;

const FILE = `mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { joinedExisting complaint { ${COMPLAINT_FIELDS} threadId thread { id kind lastSeq } } } }`;
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq photo { id url thumbnailUrl } } }';
const MESSAGES = 'query($threadId: ID!) { messages(threadId: $threadId, first: 100) { nodes { seq kind body systemEvent author { id } photo { id } } } }';
const OPTIONS = `query($threadId: ID!) { threadFilingOptions(threadId: $threadId) { threadId
  orders { order { id } openComplaint { id } lines { claimableQuantity line { id } } } photos { id kind url } } }`;

beforeAll(async () => {
  ({ app, demo, tokens } = await demoApp());
  const em = app.orm.em.fork();
  const order = await em.findOneOrFail(Order, demo.orders.delivered.id, { populate: ['lines'] });
  grapes = { orderId: order.id, lineId: order.lines[0]!.id, title: order.lines[0]!.title };
  supportThread = (await em.findOneOrFail(Thread, { kind: 'SUPPORT', buyer: demo.users.buyer.id })).id;
  otherSupportThread = (await app.gql('mutation { openThread(input: { kind: SUPPORT }) { id } }', {}, tokens.buyer2)).data!.openThread.id;
  courierThread = (await em.findOneOrFail(Thread, { kind: 'COURIER', buyer: demo.users.buyer.id })).id;
});
afterAll(() => app.close());

/** The buyer sends a photo in the support thread, as the phone does: upload, then a message. */
async function buyerSendsPhoto(threadId = supportThread, token = tokens.buyer): Promise<string> {
  const upload = await uploadEvidence(app.url, token, [{ data: await jpegWithGps(80, 60, `#${randomUUID().slice(0, 6)}`) }], { route: 'chat' });
  expect(upload.status).toBe(201);
  const photoId = upload.body.evidence[0].id as string;
  const sent = await app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body: '收到的箱子', photoId } }, token);
  expect(sent.errors).toBeUndefined();
  return photoId;
}

function agentInput(overrides: Record<string, unknown> = {}) {
  return { ...filingInput(grapes.orderId, grapes.lineId, [], { description: '买家在客服对话里说少了一盒' }), threadId: supportThread, ...overrides };
}

async function withdrawAll() {
  const open = await app.orm.em.fork().find(Complaint, { order: grapes.orderId, status: { $in: ['SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER'] } });
  for (const c of open) await app.gql('mutation($id: ID!) { withdrawComplaint(id: $id) { status } }', { id: c.id }, tokens.buyer);
}

const systemMessages = async (threadId = supportThread) =>
  (await app.orm.em.fork().find(Message, { thread: threadId, kind: 'SYSTEM' }, { orderBy: { seq: 'asc' } })).map((m) => ({ event: m.systemEvent, body: m.body }));
const snapshot = async () => {
  const em = app.orm.em.fork();
  return { complaints: await em.count(Complaint, {}), filings: await em.count(ComplaintFiling, {}), messages: await em.count(Message, {}) };
};

describe('an agent files from a support thread (CUSTOMER_SERVICE)', () => {
  it('opens a case for the thread’s buyer with the photos the buyer sent, linked to the transcript, and tells the buyer in the thread', async () => {
    const photo = await buyerSendsPhoto();
    const options = (await app.gql(OPTIONS, { threadId: supportThread }, tokens.agent)).data!.threadFilingOptions;
    // The order the buyer asked about comes first; the photo the buyer sent is offered.
    expect(options.orders[0]).toMatchObject({ order: { id: grapes.orderId }, openComplaint: null, lines: [{ claimableQuantity: 2, line: { id: grapes.lineId } }] });
    expect(options.photos.map((p: any) => p.id)).toEqual([photo]);

    const following = liveFeeds(app);
    const buyerLive = collect(liveClient(app.url, tokens.buyer), 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { kind systemEvent body } }', { threadId: supportThread });
    await following(1);
    const result = await app.gql(FILE, { input: agentInput({ evidenceIds: [photo] }) }, tokens.agent);
    expect(result.errors).toBeUndefined();
    const { complaint, joinedExisting } = result.data!.fileComplaint;
    expect(joinedExisting).toBe(false);
    expect(complaint).toMatchObject({
      status: 'SUBMITTED',
      channel: 'CUSTOMER_SERVICE',
      channels: ['CUSTOMER_SERVICE'],
      buyer: { id: demo.users.buyer.id },
      order: { id: grapes.orderId },
      threadId: supportThread,
      thread: { id: supportThread, kind: 'SUPPORT' },
      missingItems: [{ quantityMissing: 1, line: { id: grapes.lineId } }],
      timeline: [{ kind: 'FILED', detail: 'CUSTOMER_SERVICE', actor: { id: demo.users.agent.id } }],
    });
    expect(complaint.evidence.map((e: any) => e.id)).toEqual([photo]);

    // The SYSTEM message, with the case number, reaches the buyer live and stays in the thread.
    const [live] = await buyerLive.next(1);
    expect((live as any).messageAdded).toEqual({ kind: 'SYSTEM', systemEvent: 'COMPLAINT_OPENED', body: complaint.caseNo });
    buyerLive.unsubscribe();
    expect(await systemMessages()).toEqual([{ event: 'COMPLAINT_OPENED', body: complaint.caseNo }]);

    // The buyer sees the case as theirs; the transcript is readable from the case by agents.
    const mine = await app.gql(`query($id: ID!) { complaint(id: $id) { id channels thread { id } } }`, { id: complaint.id }, tokens.buyer);
    expect(mine.data!.complaint).toEqual({ id: complaint.id, channels: ['CUSTOMER_SERVICE'], thread: { id: supportThread } });
    const transcript = await app.gql(MESSAGES, { threadId: complaint.thread.id }, tokens.agent);
    expect(transcript.data!.messages.nodes.some((m: any) => m.photo?.id === photo)).toBe(true);
    // The store sees the case and its photo, never the chat.
    const merchant = await app.gql(`query($id: ID!) { complaint(id: $id) { id thread { id } } }`, { id: complaint.id }, tokens.merchant);
    expect(merchant.data!.complaint).toEqual({ id: complaint.id, thread: null });
    expect((await fetch(`${app.url}/evidence/${photo}`, { headers: { authorization: `Bearer ${tokens.merchant}` } })).status).toBe(200);
    // The photo is now the case's: no longer offered for another filing.
    expect((await app.gql(OPTIONS, { threadId: supportThread }, tokens.agent)).data!.threadFilingOptions.photos).toEqual([]);
    await withdrawAll();
  });

  it('joins the order’s open case, says so, and the case lists both channels', async () => {
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const platform = await app.gql(FILE, { input: filingInput(grapes.orderId, grapes.lineId, photos) }, tokens.buyer);
    expect(platform.errors).toBeUndefined();
    const caseId = platform.data!.fileComplaint.complaint.id;
    const before = (await systemMessages()).length;

    const result = await app.gql(FILE, { input: agentInput({ missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 1 }] }) }, tokens.agent);
    expect(result.errors).toBeUndefined();
    const { complaint, joinedExisting } = result.data!.fileComplaint;
    expect(joinedExisting).toBe(true);
    expect(complaint).toMatchObject({ id: caseId, channel: 'PLATFORM', channels: ['PLATFORM', 'CUSTOMER_SERVICE'], threadId: supportThread });
    expect(complaint.timeline.map((e: any) => [e.kind, e.actor?.id])).toEqual([['FILED', demo.users.buyer.id], ['JOINED', demo.users.agent.id]]);
    const filings = await app.orm.em.fork().find(ComplaintFiling, { complaint: caseId }, { orderBy: { createdAt: 'asc' } });
    expect(filings.map((f) => [f.channel, f.joined])).toEqual([['PLATFORM', false], ['CUSTOMER_SERVICE', true]]);
    const messages = await systemMessages();
    expect(messages.length).toBe(before + 1);
    expect(messages.at(-1)).toEqual({ event: 'COMPLAINT_JOINED', body: complaint.caseNo });
    await withdrawAll();
  });

  it('is idempotent per agent and key: concurrent retries give one case and one SYSTEM message; other content is CONFLICT', async () => {
    const before = await snapshot();
    const beforeMessages = (await systemMessages()).length;
    const input = agentInput();
    const results = await Promise.all(Array.from({ length: 10 }, () => app.gql(FILE, { input }, tokens.agent)));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data!.fileComplaint.complaint.id)).size).toBe(1);
    const after = await snapshot();
    expect(after.complaints).toBe(before.complaints + 1);
    expect(after.filings).toBe(before.filings + 1);
    expect((await systemMessages()).length).toBe(beforeMessages + 1);

    const changed = await app.gql(FILE, { input: { ...input, description: '别的内容' } }, tokens.agent);
    expect(errorCode(changed)).toBe('CONFLICT');
    await withdrawAll();
  });

  it('refuses the wrong people, threads, orders, lines and photos, writing nothing', async () => {
    const before = await snapshot();
    const strangerPhoto = await buyerSendsPhoto(otherSupportThread, tokens.buyer2);
    const unsentPhoto = (await upload(app, tokens.buyer, ['CONTENTS']))[0]!;
    const mid = await snapshot();

    // Only agents file from a thread.
    for (const who of ['buyer', 'courier', 'merchant'] as const) {
      expect(errorCode(await app.gql(FILE, { input: agentInput() }, tokens[who]))).toBe('FORBIDDEN');
    }
    // A courier thread, a missing or malformed id, and another buyer's thread for this order.
    for (const threadId of [courierThread, randomUUID(), 'nope', otherSupportThread]) {
      expect(errorCode(await app.gql(FILE, { input: agentInput({ threadId }) }, tokens.agent))).toBe('NOT_FOUND');
    }
    // The thread's buyer does not own that order.
    expect(errorCode(await app.gql(FILE, { input: agentInput({ orderId: demo.orders.twoParcels.id }) }, tokens.agent))).toBe('NOT_FOUND');
    // Bad lines name the line.
    const tooMany = await app.gql(FILE, { input: agentInput({ missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 3 }] }) }, tokens.agent);
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.extensions!.field).toBe('missingItems.0.quantityMissing');
    expect(tooMany.errors![0]!.message).toContain(grapes.title);
    const zero = await app.gql(FILE, { input: agentInput({ missingItems: [{ orderLineId: grapes.lineId, quantityMissing: 0 }] }) }, tokens.agent);
    expect(zero.errors![0]!.extensions!.field).toBe('missingItems.0.quantityMissing');
    const foreignLine = await app.gql(FILE, { input: agentInput({ missingItems: [{ orderLineId: randomUUID(), quantityMissing: 1 }] }) }, tokens.agent);
    expect(foreignLine.errors![0]!.extensions!.field).toBe('missingItems.0.orderLineId');
    // Photos: another buyer's, and one the buyer uploaded but never sent in this thread.
    for (const photo of [strangerPhoto, unsentPhoto]) {
      expect(errorCode(await app.gql(FILE, { input: agentInput({ evidenceIds: [photo] }) }, tokens.agent))).toBe('NOT_FOUND');
    }
    // An agent without a thread has no form of its own.
    const noThread = await app.gql(FILE, { input: agentInput({ threadId: null }) }, tokens.agent);
    expect(noThread.errors![0]!.extensions!.field).toBe('threadId');
    // The options query is for agents, about support threads.
    expect(errorCode(await app.gql(OPTIONS, { threadId: supportThread }, tokens.buyer))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(OPTIONS, { threadId: courierThread }, tokens.agent))).toBe('NOT_FOUND');

    expect(await snapshot()).toEqual(mid);
    expect(mid.complaints).toBe(before.complaints);
  });

  it('reads the filing options in a fixed number of statements whatever the number of orders', async () => {
    const count = async () => (await app.countQueries(() => app.gql(OPTIONS, { threadId: supportThread }, tokens.agent))).queries.filter((q) => !/session|request_budget/i.test(q)).length;
    await buyerSendsPhoto();
    const before = await count();
    const shownBefore = (await app.gql(OPTIONS, { threadId: supportThread }, tokens.agent)).data!.threadFilingOptions.orders.length;
    // Three more delivered orders for the same buyer: more options, the same statements.
    const em = app.orm.em.fork();
    await ordersFactory(em, { buyer: em.getReference(User, demo.users.buyer.id), merchant: em.getReference(Merchant, demo.merchant.id), merchantUser: em.getReference(User, demo.users.merchant.id), courier: em.getReference(User, demo.users.courier.id), count: 3 });
    await em.flush();
    const shownAfter = (await app.gql(OPTIONS, { threadId: supportThread }, tokens.agent)).data!.threadFilingOptions.orders.length;
    expect(shownAfter).toBe(shownBefore + 3);
    expect(await count()).toBe(before);
  });
});
