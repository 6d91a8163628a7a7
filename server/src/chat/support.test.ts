import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
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
