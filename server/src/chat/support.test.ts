import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { demoApp, demoParcel, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens: token } = await demoApp()));
afterAll(() => app.close());

const THREAD = 'id kind orderId orderNo lastSeq waitingSince canWrite buyer { id } lastAgent { id displayName } participants { id role } lastMessage { body }';
const OPEN = `mutation($input: OpenThreadInput!) { openThread(input: $input) { ${THREAD} } }`;
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq body author { id role } } }';
const QUEUE = `query { supportQueue(first: 20) { totalCount edges { node { ${THREAD} } } } }`;
const QUEUE_LIVE = `subscription { supportQueueChanged { ${THREAD} } }`;
const GET = `query($id: ID!) { thread(id: $id) { ${THREAD} } }`;
const ADDED = 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { seq body author { role } } }';

const send = (threadId: string, body: string, who: DemoKey) =>
  app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body } }, token[who]);

describe('support threads', () => {
  it('gives a buyer one open support thread, remembering the order asked about', async () => {
    const first = await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer);
    expect(first.errors).toBeUndefined();
    const fromOrder = await app.gql(OPEN, { input: { kind: 'SUPPORT', orderId: demo.orders.delivered.id } }, token.buyer);
    expect(fromOrder.data!.openThread).toMatchObject({ id: first.data!.openThread.id, orderId: demo.orders.delivered.id, orderNo: demo.orders.delivered.orderNo });
  });

  it('refuses a foreign order (NOT_FOUND), couriers and agents (FORBIDDEN), and a parcel in a support request', async () => {
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'SUPPORT', orderId: demo.orders.twoParcels.id } }, token.buyer))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.courier))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.agent))).toBe('FORBIDDEN');
    const withParcel = await app.gql(OPEN, { input: { kind: 'SUPPORT', shipmentId: randomUUID() } }, token.buyer);
    expect(errorCode(withParcel)).toBe('BAD_USER_INPUT');
    expect(withParcel.errors![0]!.extensions!.field).toBe('shipmentId');
  });

  it('queues waiting buyers oldest first for agents; any agent answers; the buyer sees the answer live', async () => {
    const mine = (await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer)).data!.openThread;
    const theirs = (await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer2)).data!.openThread;
    const following = liveFeeds(app);
    const agentLive = collect(liveClient(app.url, token.agent), QUEUE_LIVE, {});
    await following(1);
    // One after the other: the second buyer's wait starts later (microseconds are enough).
    expect((await send(mine.id, '少发了一盒葡萄', 'buyer')).errors).toBeUndefined();
    expect((await send(theirs.id, '什么时候发货?', 'buyer2')).errors).toBeUndefined();

    const queue = (await app.gql(QUEUE, {}, token.agent)).data!.supportQueue;
    expect(queue.edges.map((e: any) => e.node.id)).toEqual([mine.id, theirs.id]);
    expect(queue.edges[0].node.waitingSince).not.toBeNull();
    const [changed] = await agentLive.next(1);
    // The buyer's words, not the automatic acknowledgement after them.
    expect((changed as any).supportQueueChanged).toMatchObject({ id: mine.id, lastMessage: { body: '少发了一盒葡萄' } });

    // Other buyers and couriers cannot see it; the queue is for agents only.
    expect(errorCode(await app.gql(GET, { id: mine.id }, token.buyer2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(GET, { id: mine.id }, token.courier))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(QUEUE, {}, token.buyer))).toBe('FORBIDDEN');

    const buyerFollowing = liveFeeds(app);
    const buyerLive = collect(liveClient(app.url, token.buyer), ADDED, { threadId: mine.id });
    await buyerFollowing(1);
    const answer = await send(mine.id, '您好，马上为您核实', 'agent');
    expect(answer.data!.sendMessage.author).toMatchObject({ role: 'AGENT' });
    const [pushed] = await buyerLive.next(1);
    expect((pushed as any).messageAdded).toMatchObject({ body: '您好，马上为您核实', author: { role: 'AGENT' } });

    const after = (await app.gql(QUEUE, {}, token.agent)).data!.supportQueue.edges.map((e: any) => e.node);
    // Answered: no longer waiting, shows who answered, and moves behind the one still waiting.
    expect(after.map((t: any) => t.id)).toEqual([theirs.id, mine.id]);
    expect(after[1]).toMatchObject({ waitingSince: null, lastAgent: { id: demo.users.agent.id, displayName: '客服小张' } });
    const buyerView = (await app.gql(GET, { id: mine.id }, token.buyer)).data!.thread;
    expect(buyerView.participants.map((p: any) => p.role)).toEqual(['BUYER', 'AGENT']);
    agentLive.unsubscribe();
    buyerLive.unsubscribe();
  });

  it('refuses supportQueueChanged to anyone but agents', async () => {
    const client = liveClient(app.url, token.buyer);
    const stream = collect(client, QUEUE_LIVE, {});
    await stream.completed;
    expect(JSON.stringify(stream.errors)).toContain('"code":"FORBIDDEN"');
    await client.dispose();
  });
});

const CLOSE = `mutation($id: ID!) { closeSupportThread(threadId: $id) { ${THREAD} closedAt } }`;
const ASSIGN = 'mutation($id: ID!, $to: ID) { assignSupportThread(threadId: $id, assigneeId: $to) { id assignee { id displayName role } } }';
const MESSAGES = 'query($id: ID!) { messages(threadId: $id, first: 50) { nodes { seq kind body systemEvent } } }';
const VIEW = 'query($id: ID!) { thread(id: $id) { closedAt canWrite unreadCount assignee { id } } }';

describe('support conversations: acknowledged, closed, reopened by the buyer, assigned (issue 17.8)', () => {
  let threadId: string;
  const messages = async (id: string) => (await app.gql(MESSAGES, { id }, token.agent)).data!.messages.nodes as { kind: string; body: string; systemEvent: string | null }[];
  const events = async (id: string) => (await messages(id)).map((m) => m.systemEvent ?? m.kind);
  const queued = async () => (await app.gql(QUEUE, {}, token.agent)).data!.supportQueue.edges.map((e: any) => e.node.id);

  it('answers the buyer’s first message with the expected wait: the median of recent answers, once', async () => {
    // History: another buyer, answered 12 minutes after the acknowledgement.
    const earlier = (await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer4)).data!.openThread.id;
    await send(earlier, '在吗', 'buyer4');
    expect(await events(earlier)).toEqual(['TEXT', 'SUPPORT_ACKNOWLEDGED']);
    await send(earlier, '您好', 'agent');
    await app.orm.em.getConnection().execute(`update messages set created_at = created_at - interval '12 minutes' where system_event = 'SUPPORT_ACKNOWLEDGED'`);
    threadId = (await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer3)).data!.openThread.id;
    expect((await send(threadId, '请问退款到哪一步了', 'buyer3')).errors).toBeUndefined();
    expect((await send(threadId, '订单是上周的', 'buyer3')).errors).toBeUndefined();
    const all = await messages(threadId);
    expect(all.map((m) => m.systemEvent ?? m.kind)).toEqual(['TEXT', 'SUPPORT_ACKNOWLEDGED', 'TEXT']);
    expect(all[1]!.body).toBe('12');
    // Not an unread message for the buyer who just wrote.
    expect((await app.gql(VIEW, { id: threadId }, token.buyer3)).data!.thread.unreadCount).toBe(0);
  });

  it('lets an agent close it: the buyer is told and may still write, agents may not, closing again is INVALID_TRANSITION', async () => {
    const closed = await app.gql(CLOSE, { id: threadId }, token.agent);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeSupportThread).toMatchObject({ id: threadId, canWrite: false, waitingSince: null });
    expect(closed.data!.closeSupportThread.closedAt).not.toBeNull();
    expect((await messages(threadId)).at(-1)).toMatchObject({ kind: 'SYSTEM', systemEvent: 'SUPPORT_CLOSED', body: '客服小张' });
    const again = await app.gql(CLOSE, { id: threadId }, token.agent2);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
    expect(again.errors![0]!.message).toBe('This conversation is already closed');
    expect(errorCode(await send(threadId, '还在吗', 'agent'))).toBe('CONFLICT');
    expect(await queued()).not.toContain(threadId);
    const buyerView = (await app.gql(VIEW, { id: threadId }, token.buyer3)).data!.thread;
    expect(buyerView).toMatchObject({ canWrite: true, assignee: null });
    expect(buyerView.closedAt).not.toBeNull();
    // The buyer's conversation with support is still this one.
    expect((await app.gql(OPEN, { input: { kind: 'SUPPORT' } }, token.buyer3)).data!.openThread.id).toBe(threadId);
  });

  it('reopens when the buyer writes: acknowledged again, back in the queue, agents write again', async () => {
    expect((await send(threadId, '还有一个问题', 'buyer3')).errors).toBeUndefined();
    expect((await events(threadId)).slice(-3)).toEqual(['SUPPORT_CLOSED', 'TEXT', 'SUPPORT_ACKNOWLEDGED']);
    expect((await app.gql(VIEW, { id: threadId }, token.agent)).data!.thread).toMatchObject({ closedAt: null, canWrite: true });
    expect(await queued()).toContain(threadId);
    expect((await send(threadId, '您好，请讲', 'agent')).errors).toBeUndefined();
    expect((await send(threadId, '好的', 'buyer3')).errors).toBeUndefined();
    expect((await events(threadId)).slice(-2)).toEqual(['TEXT', 'TEXT']);
  });

  it('assigns it to the agent asking or to another agent; only agents see the assignee', async () => {
    const mine = await app.gql(ASSIGN, { id: threadId }, token.agent);
    expect(mine.data!.assignSupportThread.assignee).toEqual({ id: demo.users.agent.id, displayName: '客服小张', role: 'AGENT' });
    const other = await app.gql(ASSIGN, { id: threadId, to: demo.users.agent2.id }, token.agent);
    expect(other.data!.assignSupportThread.assignee).toMatchObject({ id: demo.users.agent2.id, displayName: '客服小李' });
    expect((await app.gql(VIEW, { id: threadId }, token.agent2)).data!.thread.assignee).toEqual({ id: demo.users.agent2.id });
    expect((await app.gql(VIEW, { id: threadId }, token.buyer3)).data!.thread.assignee).toBeNull();
    for (const to of [demo.users.buyer3.id, randomUUID(), 'nobody']) {
      const refused = await app.gql(ASSIGN, { id: threadId, to }, token.agent);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0]!.extensions!.field).toBe('assigneeId');
    }
  });

  it('refuses buyers, couriers and merchants (FORBIDDEN); a courier thread, a missing or malformed id is NOT_FOUND', async () => {
    for (const who of ['buyer3', 'courier', 'merchant'] as const) {
      expect(errorCode(await app.gql(CLOSE, { id: threadId }, token[who]))).toBe('FORBIDDEN');
      expect(errorCode(await app.gql(ASSIGN, { id: threadId }, token[who]))).toBe('FORBIDDEN');
    }
    const parcel = await demoParcel(app, demo, 'outForDelivery');
    const courierThread = (await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: parcel.id } }, token.buyer)).data!.openThread.id;
    for (const id of [courierThread, randomUUID(), 'nope']) {
      expect(errorCode(await app.gql(CLOSE, { id }, token.agent))).toBe('NOT_FOUND');
      expect(errorCode(await app.gql(ASSIGN, { id }, token.agent))).toBe('NOT_FOUND');
    }
    expect((await app.gql(VIEW, { id: threadId }, token.agent)).data!.thread.closedAt).toBeNull();
  });
});
