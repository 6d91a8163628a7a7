import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { demoApp, demoParcel, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens: token } = await demoApp()));
afterAll(() => app.close());

const MESSAGE = 'id threadId seq kind body systemEvent clientMessageId author { id displayName role }';
const THREAD = `id kind shipmentId waybillNo orderId lastSeq unreadCount otherReadSeq canWrite closedAt waitingSince
  buyer { id } courier { id displayName } participants { id role } lastAgent { id } lastMessage { seq body }`;
const OPEN = `mutation($input: OpenThreadInput!) { openThread(input: $input) { ${THREAD} } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ${MESSAGE} } }`;
const MESSAGES = `query($threadId: ID!, $afterSeq: Int, $beforeSeq: Int, $first: Int) {
  messages(threadId: $threadId, afterSeq: $afterSeq, beforeSeq: $beforeSeq, first: $first) { hasMore nodes { ${MESSAGE} } } }`;
const GET = `query($id: ID!) { thread(id: $id) { ${THREAD} } }`;
const MY_THREADS = `query($first: Int) { myThreads(first: $first) { totalCount edges { node { ${THREAD} } } } }`;
const READ = `mutation($threadId: ID!, $upToSeq: Int!) { markThreadRead(threadId: $threadId, upToSeq: $upToSeq) { unreadCount otherReadSeq } }`;
const ADDED = `subscription($threadId: ID!) { messageAdded(threadId: $threadId) { ${MESSAGE} } }`;
const ACTIVITY = `subscription($threadId: ID!) { threadActivity(threadId: $threadId) { threadId typing typingExpiresAt readUpToSeq user { id role } } }`;
const DISPATCH = 'mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { version } }';
const RECORD = 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { version } }';


/** A parcel of a demo order (by its story), read fresh. */
const parcel = (story: keyof DemoData['orders'], index = 0) => demoParcel(app, demo, story, index);

async function openCourierThread(story: keyof DemoData['orders'], who: DemoKey = 'buyer', index = 0) {
  const shipment = await parcel(story, index);
  const result = await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: shipment.id } }, token[who]);
  expect(result.errors).toBeUndefined();
  return { shipment, thread: result.data!.openThread };
}

function send(threadId: string, body: string, who: DemoKey, clientMessageId: string = randomUUID()) {
  return app.gql(SEND, { input: { threadId, clientMessageId, body } }, token[who]);
}

async function seqs(threadId: string, who: DemoKey = 'buyer') {
  const result = await app.gql(MESSAGES, { threadId, afterSeq: 0, first: 100 }, token[who]);
  return (result.data!.messages.nodes as { seq: number }[]).map((m) => m.seq);
}

describe('courier threads', () => {
  it('opens once per parcel for its buyer and its courier, with both as participants', async () => {
    const { shipment, thread } = await openCourierThread('outForDelivery');
    expect(thread).toMatchObject({ kind: 'COURIER', shipmentId: shipment.id, waybillNo: 'YX1000000002', canWrite: true, courier: { id: demo.users.courier.id } });
    expect(thread.participants.map((p: { role: string }) => p.role)).toEqual(['BUYER', 'COURIER']);
    const again = await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: shipment.id } }, token.courier);
    expect(again.data!.openThread.id).toBe(thread.id);
  });

  it('answers NOT_FOUND for a foreign, missing or malformed thread alike, and refuses roles that have no thread', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    for (const [who, id] of [['buyer2', thread.id], ['courier2', thread.id], ['agent', thread.id], ['buyer', randomUUID()], ['buyer', 'nope']] as const) {
      const got = await app.gql(GET, { id }, token[who]);
      expect(errorCode(got), `${who} ${id}`).toBe('NOT_FOUND');
      const sent = await send(id, 'hi', who);
      expect(errorCode(sent), `${who} send`).toBe('NOT_FOUND');
      const read = await app.gql(MESSAGES, { threadId: id }, token[who]);
      expect(errorCode(read)).toBe('NOT_FOUND');
    }
    expect(errorCode(await app.gql(GET, { id: thread.id }, token.merchant))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(GET, { id: thread.id }, null))).toBe('UNAUTHENTICATED');
    const other = await parcel('twoParcels'); // buyer2's
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: other.id } }, token.buyer))).toBe('NOT_FOUND');
    const notDispatched = await parcel('buyer2New');
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: notDispatched.id } }, token.buyer2))).toBe('CONFLICT');
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'COURIER' } }, token.buyer))).toBe('BAD_USER_INPUT');
  });

  it('stores a trimmed message and refuses an empty or too long body naming the field, storing nothing', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    const before = (await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.lastSeq;
    const ok = await send(thread.id, '  请放门口  ', 'buyer');
    expect(ok.data!.sendMessage).toMatchObject({ body: '请放门口', seq: before + 1, kind: 'TEXT', author: { id: demo.users.buyer.id, role: 'BUYER' } });
    for (const body of ['', '   ', 'x'.repeat(2001)]) {
      const bad = await send(thread.id, body, 'buyer');
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0]!.extensions!.field).toBe('body');
    }
    expect((await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.lastSeq).toBe(before + 1);
  });

  it('is idempotent on clientMessageId: a retry returns the first message, another body is CONFLICT', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    const id = randomUUID();
    const first = (await send(thread.id, '到了吗', 'buyer', id)).data!.sendMessage;
    const retried = await send(thread.id, '到了吗', 'buyer', id);
    expect(retried.errors).toBeUndefined();
    const retry = retried.data!.sendMessage;
    expect(retry).toEqual(first);
    const other = await send(thread.id, '别的内容', 'buyer', id);
    expect(errorCode(other)).toBe('CONFLICT');
    expect((await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.lastSeq).toBe(first.seq);
    // The other participant sees the message without the sender's own id.
    const seen = await app.gql(MESSAGES, { threadId: thread.id, afterSeq: first.seq - 1, first: 1 }, token.courier);
    expect(seen.data!.messages.nodes[0]).toMatchObject({ id: first.id, clientMessageId: null });
  });

  it('gives 50 concurrent sends by both participants 50 consecutive seqs, no gap and no duplicate', async () => {
    const { thread } = await openCourierThread('twoParcels', 'courier', 1); // buyer2 and 老李
    const start = (await app.gql(GET, { id: thread.id }, token.courier)).data!.thread.lastSeq as number;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(thread.id, `msg ${i}`, i % 2 === 0 ? 'buyer2' : 'courier')),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const got = results.map((r) => r.data!.sendMessage.seq as number).sort((a, b) => a - b);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => start + 1 + i));
    expect(await seqs(thread.id, 'buyer2')).toEqual(Array.from({ length: start + 50 }, (_, i) => i + 1));
  });

  it('pages forward after a seq and backward before one, oldest first in each page', async () => {
    const { thread } = await openCourierThread('twoParcels', 'buyer2', 1);
    const last = (await app.gql(GET, { id: thread.id }, token.buyer2)).data!.thread.lastSeq as number;
    const latest = await app.gql(MESSAGES, { threadId: thread.id, first: 5 }, token.buyer2);
    expect(latest.data!.messages.nodes.map((m: { seq: number }) => m.seq)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
    expect(latest.data!.messages.hasMore).toBe(true);
    const older = await app.gql(MESSAGES, { threadId: thread.id, beforeSeq: last - 4, first: 3 }, token.buyer2);
    expect(older.data!.messages.nodes.map((m: { seq: number }) => m.seq)).toEqual([last - 7, last - 6, last - 5]);
    const after = await app.gql(MESSAGES, { threadId: thread.id, afterSeq: last - 2, first: 10 }, token.buyer2);
    expect(after.data!.messages).toMatchObject({ hasMore: false, nodes: [{ seq: last - 1 }, { seq: last }] });
    expect(errorCode(await app.gql(MESSAGES, { threadId: thread.id, first: 101 }, token.buyer2))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(MESSAGES, { threadId: thread.id, afterSeq: 1, beforeSeq: 3 }, token.buyer2))).toBe('BAD_USER_INPUT');
  });

  it('limits each user to 30 messages per 10 s per thread with RATE_LIMITED and retryAfterSeconds', async () => {
    const { thread } = await openCourierThread('exception'); // buyer and 小赵
    const results = [];
    for (let i = 0; i < 31; i++) results.push(await send(thread.id, `m${i}`, 'courier2'));
    expect(results.slice(0, 30).every((r) => !r.errors)).toBe(true);
    const refused = results[30]!;
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // The other participant has a counter of their own.
    expect((await send(thread.id, 'still me', 'buyer')).errors).toBeUndefined();
  });

  it('counts unread per viewer and shows the other side how far it was read', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    const sent = (await send(thread.id, '几点到?', 'buyer')).data!.sendMessage;
    const courierView = (await app.gql(GET, { id: thread.id }, token.courier)).data!.thread;
    expect(courierView.unreadCount).toBeGreaterThan(0);
    const following = liveFeeds(app);
    const activity = collect(liveClient(app.url, token.buyer), ACTIVITY, { threadId: thread.id });
    await following(1);
    const read = await app.gql(READ, { threadId: thread.id, upToSeq: sent.seq + 1000 }, token.courier);
    expect(read.data!.markThreadRead.unreadCount).toBe(0);
    const [event] = await activity.next(1);
    expect((event as any).threadActivity).toMatchObject({ typing: false, readUpToSeq: sent.seq, user: { id: demo.users.courier.id } });
    expect((await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.otherReadSeq).toBe(sent.seq);
    // Never backwards.
    await app.gql(READ, { threadId: thread.id, upToSeq: 0 }, token.courier);
    expect((await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.otherReadSeq).toBe(sent.seq);
    activity.unsubscribe();
  });

  it('becomes read-only 72 h after delivery (CONFLICT, nothing stored)', async () => {
    const { shipment, thread } = await openCourierThread('delivered');
    const em = app.orm.em.fork();
    await em.nativeUpdate(Shipment, shipment.id, { deliveredAt: new Date(Date.now() - 71 * 3600_000) });
    expect((await send(thread.id, '收到了', 'buyer')).errors).toBeUndefined();
    await em.nativeUpdate(Shipment, shipment.id, { deliveredAt: new Date(Date.now() - 73 * 3600_000) });
    const view = (await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread;
    expect(view.canWrite).toBe(false);
    const refused = await send(thread.id, '还在吗', 'buyer');
    expect(errorCode(refused)).toBe('CONFLICT');
    expect((await app.gql(GET, { id: thread.id }, token.buyer)).data!.thread.lastSeq).toBe(view.lastSeq);
  });

  it('lists a user’s threads newest activity first in a fixed number of statements', async () => {
    await openCourierThread('outForDelivery');
    await openCourierThread('exception');
    // Earlier sends' offline reach (after their answers) and the outbox it kicks must not land in the counts.
    await app.server.deps.chatTasks.idle();
    await app.server.deps.outbox.idle();
    const counts = [];
    for (const first of [1, 2, 20]) {
      const { result, queries } = await app.countQueries(() => app.gql(MY_THREADS, { first }, token.buyer));
      expect(result.errors).toBeUndefined();
      counts.push(queries.length);
    }
    expect(new Set(counts).size).toBe(1);
    const list = (await app.gql(MY_THREADS, { first: 20 }, token.buyer)).data!.myThreads;
    expect(list.totalCount).toBeGreaterThanOrEqual(2);
    const courierList = (await app.gql(MY_THREADS, { first: 20 }, token.courier2)).data!.myThreads;
    expect(courierList.edges.every((e: any) => e.node.courier.id === demo.users.courier2.id)).toBe(true);
  });
});

describe('parcel events in the courier thread', () => {
  it('writes dispatch, re-dispatch, pickup, exception and delivery as SYSTEM messages, and moves the thread to the new courier', async () => {
    const shipment = await parcel('notDispatched'); // buyer 1, not yet dispatched
    const pickupAt = new Date(Date.now() + 3600_000).toISOString();
    const dispatchTo = (courierId: string) =>
      app.gql(DISPATCH, { input: { shipmentId: shipment.id, courierId, channel: 'APP', pickupAt, pickupAddress: '仓库' } }, token.merchant);
    expect((await dispatchTo(demo.users.courier.id)).errors).toBeUndefined();
    const { thread } = await openCourierThread('notDispatched');
    expect(thread.courier.id).toBe(demo.users.courier.id);
    await send(thread.id, '请下午送', 'buyer');

    const oldCourierClient = liveClient(app.url, token.courier);
    const buyerClient = liveClient(app.url, token.buyer);
    const following = liveFeeds(app);
    const oldCourier = collect(oldCourierClient, ADDED, { threadId: thread.id });
    const buyerLive = collect(buyerClient, ADDED, { threadId: thread.id });
    await following(2);
    expect((await dispatchTo(demo.users.courier2.id)).errors).toBeUndefined();
    // The former courier loses the thread at once; the new one has it.
    expect(errorCode(await app.gql(GET, { id: thread.id }, token.courier))).toBe('NOT_FOUND');
    expect(errorCode(await send(thread.id, 'still mine?', 'courier'))).toBe('NOT_FOUND');
    expect((await send(thread.id, '我来送', 'courier2')).errors).toBeUndefined();

    for (const status of ['PICKED_UP', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      expect((await app.gql(RECORD, { input: { shipmentId: shipment.id, status } }, token.courier2)).errors).toBeUndefined();
    }
    const history = (await app.gql(MESSAGES, { threadId: thread.id, afterSeq: 0 }, token.buyer)).data!.messages.nodes;
    expect(history.map((m: any) => m.systemEvent ?? m.body)).toEqual(['DISPATCHED', '请下午送', 'REDISPATCHED', '我来送', 'PICKED_UP', 'DELIVERED']);
    expect(history.map((m: any) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history[2]).toMatchObject({ kind: 'SYSTEM', author: null, body: '派件员小赵' });
    // The buyer hears the last message: the thread's feed has handed it to every subscriber (one
    // read, then each one's check); a refused subscribe on 老李's socket answers after anything sent there before.
    await buyerLive.next(4);
    const probe = collect(oldCourierClient, ADDED, { threadId: thread.id });
    await probe.completed;
    expect(JSON.stringify(probe.errors)).toContain('"code":"NOT_FOUND"');
    // 老李 was subscribed before the re-dispatch and received nothing after it.
    expect(oldCourier.results).toEqual([]);
    await oldCourierClient.dispose();
    await buyerClient.dispose();
  });

  it('adds the exception note', async () => {
    const shipment = await parcel('dispatched'); // buyer2, 老李, DISPATCHED
    const note = '电话无人接听';
    expect((await app.gql(RECORD, { input: { shipmentId: shipment.id, status: 'EXCEPTION', note } }, token.courier)).errors).toBeUndefined();
    const { thread } = await openCourierThread('dispatched', 'buyer2');
    const last = (await app.gql(MESSAGES, { threadId: thread.id, first: 1 }, token.buyer2)).data!.messages.nodes[0];
    expect(last).toMatchObject({ kind: 'SYSTEM', systemEvent: 'EXCEPTION', body: note });
  });
});

describe('live', () => {
  it('delivers each message to the other participant, and refuses others at subscribe time', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    const courierClient = liveClient(app.url, token.courier);
    const following = liveFeeds(app);
    const stream = collect(courierClient, ADDED, { threadId: thread.id });
    await following(1);
    const a = (await send(thread.id, '你好', 'buyer')).data!.sendMessage;
    const b = (await send(thread.id, '在吗', 'buyer')).data!.sendMessage;
    const got = await stream.next(2);
    expect(got.map((r: any) => [r.messageAdded.seq, r.messageAdded.body, r.messageAdded.clientMessageId])).toEqual([
      [a.seq, '你好', null],
      [b.seq, '在吗', null],
    ]);
    for (const who of ['buyer2', 'courier2', 'agent'] as const) {
      const client = liveClient(app.url, token[who]);
      const refused = collect(client, ADDED, { threadId: thread.id });
      await refused.completed;
      expect(JSON.stringify(refused.errors), who).toContain('"code":"NOT_FOUND"');
      await client.dispose();
    }
    await courierClient.dispose();
  });

  it('shows typing to the other side only, expiring by itself', async () => {
    const { thread } = await openCourierThread('outForDelivery');
    const following = liveFeeds(app);
    const buyerStream = collect(liveClient(app.url, token.buyer), ACTIVITY, { threadId: thread.id });
    const courierStream = collect(liveClient(app.url, token.courier), ACTIVITY, { threadId: thread.id });
    await following(2);
    expect((await app.gql('mutation($id: ID!) { setTyping(threadId: $id) }', { id: thread.id }, token.courier)).data!.setTyping).toBe(true);
    const [event] = await buyerStream.next(1);
    const activity = (event as any).threadActivity;
    expect(activity).toMatchObject({ typing: true, user: { role: 'COURIER' } });
    expect(new Date(activity.typingExpiresAt).getTime()).toBeGreaterThan(Date.now());
    // The buyer types in turn: on the courier's socket that comes after anything the courier's own typing sent there.
    expect((await app.gql('mutation($id: ID!) { setTyping(threadId: $id) }', { id: thread.id }, token.buyer)).data!.setTyping).toBe(true);
    const [heard] = await courierStream.next(1);
    expect((heard as any).threadActivity).toMatchObject({ typing: true, user: { role: 'BUYER' } });
    expect(courierStream.results).toHaveLength(1);
    buyerStream.unsubscribe();
    courierStream.unsubscribe();
  });
});

describe('offline reach', () => {
  it('notifies a participant with no live socket once per thread per 10 minutes (in-app and SMS for a courier)', async () => {
    const { thread } = await openCourierThread('twoParcels', 'buyer2', 0); // buyer2 and 小赵, who has no socket
    await send(thread.id, '麻烦放快递柜', 'buyer2');
    await send(thread.id, '谢谢', 'buyer2');
    await app.server.deps.chatTasks.idle();
    const em = app.orm.em.fork();
    const notes = await em.find(Notification, { recipient: demo.users.courier2.id, kind: 'CHAT_MESSAGE', threadId: thread.id });
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    expect(note.detail).toBe('麻烦放快递柜');
    const channels = (await em.find(OutboxMessage, { notification: note.id })).map((o) => o.channel).sort();
    expect(channels).toEqual(['IN_APP', 'SMS']);
  });

  it('does not notify someone who has a live socket at once (a message they leave unread: unread.test.ts)', async () => {
    const { thread } = await openCourierThread('dispatched', 'buyer2'); // buyer2 and 老李
    const client = liveClient(app.url, token.buyer2);
    const following = liveFeeds(app);
    const stream = collect(client, ADDED, { threadId: thread.id });
    await following(1);
    await send(thread.id, '马上到', 'courier');
    await stream.next(1);
    await app.server.deps.chatTasks.idle();
    const notes = await app.orm.em.fork().find(Notification, { recipient: demo.users.buyer2.id, kind: 'CHAT_MESSAGE', threadId: thread.id });
    expect(notes).toHaveLength(0);
    await client.dispose();
  });
});
