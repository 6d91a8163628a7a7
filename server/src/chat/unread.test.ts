import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoData, type DemoData, type DemoKey } from '../demo/demo-data.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { userFactory } from '../test/factories.js';
import { applyNotice, noticeOf } from './unread.notice.js';
import { readUnread, readUnreadOf } from './unread.queries.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';

let app: TestApp;
let demo: DemoData;
let token: Record<DemoKey, string>;

// Reminders on (the harness turns them off): a message still unread 800 ms later, to someone online (long enough for a reader to mark it read on a loaded machine).
beforeAll(async () => {
  app = await createTestApp({ chatRemindMs: 800 });
  demo = await seedDemoData(app.orm.em.fork());
  token = await app.loginDemoUsers();
});
afterAll(() => app.close());

const UNREAD_FIELDS = 'total threadCount changedThreadId threads { threadId kind shipmentId orderId waybillNo unreadCount lastSeq lastAuthorName lastBody }';
const UNREAD = `{ myUnread { ${UNREAD_FIELDS} } }`;
const CHANGED = `subscription { unreadChanged { ${UNREAD_FIELDS} } }`;
const OPEN = 'mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }';
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } }';
const READ = 'mutation($threadId: ID!, $upToSeq: Int!) { markThreadRead(threadId: $threadId, upToSeq: $upToSeq) { unreadCount lastSeq } }';

interface UnreadThread {
  threadId: string;
  shipmentId: string | null;
  orderId: string | null;
  unreadCount: number;
  lastSeq: number;
  lastBody: string | null;
  lastAuthorName: string | null;
}
interface Summary {
  total: number;
  threadCount: number;
  changedThreadId: string | null;
  threads: UnreadThread[];
}


async function unread(who: DemoKey): Promise<Summary> {
  const result = await app.gql<{ myUnread: Summary }>(UNREAD, {}, token[who]);
  expect(result.errors).toBeUndefined();
  return result.data!.myUnread;
}

async function courierThread(story: keyof DemoData['orders'], who: DemoKey = 'buyer') {
  const [shipment] = await app.orm.em.fork().find(Shipment, { order: demo.orders[story].id }, { orderBy: { waybillNo: 'asc' } });
  const opened = await app.gql(OPEN, { input: { kind: 'COURIER', shipmentId: shipment!.id } }, token[who]);
  expect(opened.errors).toBeUndefined();
  return { shipment: shipment!, threadId: opened.data!.openThread.id as string };
}

async function send(threadId: string, body: string, who: DemoKey): Promise<number> {
  const sent = await app.gql(SEND, { input: { threadId, clientMessageId: randomUUID(), body } }, token[who]);
  expect(sent.errors).toBeUndefined();
  return sent.data!.sendMessage.seq;
}

describe('unread counts (issue 18)', () => {
  it('counts the other side’s messages from the read markers, and a read clears them', async () => {
    const { shipment, threadId } = await courierThread('outForDelivery');
    await app.gql(READ, { threadId, upToSeq: 1000 }, token.courier); // the demo's earlier messages
    await send(threadId, '师傅，放门口就行', 'buyer');
    const seq = await send(threadId, '谢谢', 'buyer');
    const before = await unread('courier');
    const entry = before.threads.find((t) => t.threadId === threadId);
    expect(entry).toMatchObject({ shipmentId: shipment.id, orderId: demo.orders.outForDelivery.id, unreadCount: 2, lastSeq: seq, lastBody: '谢谢', lastAuthorName: '买家小王' });
    expect(before.total).toBe(before.threads.reduce((sum, t) => sum + t.unreadCount, 0));
    // The author's own messages are read by writing them.
    expect((await unread('buyer')).threads.some((t) => t.threadId === threadId)).toBe(false);

    const read = await app.gql(READ, { threadId, upToSeq: seq }, token.courier);
    expect(read.data!.markThreadRead.unreadCount).toBe(0);
    const after = await unread('courier');
    expect(after.threads.some((t) => t.threadId === threadId)).toBe(false);
    expect(after.total).toBe(before.total - 2);
  });

  it('refuses as before: a marker never passes the last message, a foreign thread is NOT_FOUND, a store has no chats', async () => {
    const { threadId } = await courierThread('outForDelivery');
    const seq = await send(threadId, '到了吗', 'buyer');
    const past = await app.gql(READ, { threadId, upToSeq: seq + 50 }, token.courier);
    expect(past.data!.markThreadRead).toEqual({ unreadCount: 0, lastSeq: seq });
    // The marker stopped at the last message: the next one is unread again.
    await send(threadId, '在吗', 'buyer');
    expect((await unread('courier')).threads.find((t) => t.threadId === threadId)?.unreadCount).toBe(1);
    await app.gql(READ, { threadId, upToSeq: seq + 1 }, token.courier);

    expect(errorCode(await app.gql(READ, { threadId, upToSeq: 1 }, token.courier2))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(READ, { threadId, upToSeq: -1 }, token.courier))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(UNREAD, {}, token.merchant))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(UNREAD))).toBe('UNAUTHENTICATED');
    // Another buyer's counts never include this thread.
    expect((await unread('buyer2')).threads.some((t) => t.threadId === threadId)).toBe(false);
  });

  it('goes live to every device of the other side, and a read on one device clears all of them', async () => {
    const { threadId } = await courierThread('outForDelivery');
    const phone = liveClient(app.url, token.courier);
    const tablet = liveClient(app.url, token.courier);
    const stranger = liveClient(app.url, token.courier2);
    const following = liveFeeds(app);
    const onPhone = collect<{ unreadChanged: Summary }>(phone, CHANGED, {});
    const onTablet = collect<{ unreadChanged: Summary }>(tablet, CHANGED, {});
    const onStranger = collect<{ unreadChanged: Summary }>(stranger, CHANGED, {});
    await following(3);
    const seq = await send(threadId, '放快递柜吧', 'buyer');
    for (const stream of [onPhone, onTablet]) {
      const [raised] = await stream.next(1);
      expect(raised!.unreadChanged.changedThreadId).toBe(threadId);
      expect(raised!.unreadChanged.threads.find((t) => t.threadId === threadId)).toMatchObject({ unreadCount: 1, lastBody: '放快递柜吧' });
    }
    // Read on the phone (over HTTP): both devices hear the count without the thread.
    await app.gql(READ, { threadId, upToSeq: seq }, token.courier);
    for (const stream of [onPhone, onTablet]) {
      const [, cleared] = await stream.next(2);
      expect(cleared!.unreadChanged.threads.some((t) => t.threadId === threadId)).toBe(false);
    }
    // A reply written on the phone reads what came before it: the tablet's badge clears too. The
    // writer's own messages never raise their count (nothing is published to them then).
    const { queries: whileLive } = await app.countQueries(async () => {
      await send(threadId, '还要多久', 'buyer');
      for (const stream of [onPhone, onTablet]) expect((await stream.next(3))[2]!.unreadChanged.threads.some((t) => t.threadId === threadId)).toBe(true);
    });
    expect(whileLive.filter((q) => q.includes('unread_count'))).toEqual([]);
    // Made from the message's own notice, without reading the counts again: the same as a read.
    const { changedThreadId, ...fromNotice } = onPhone.results[2]!.unreadChanged;
    expect(changedThreadId).toBe(threadId);
    expect({ ...fromNotice, changedThreadId: null }).toEqual(await unread('courier'));
    // The reply's own notice (read up to its seq) clears the thread on both, again without a counts statement.
    const { queries: whileReplying } = await app.countQueries(async () => {
      await send(threadId, '十分钟', 'courier');
      for (const stream of [onPhone, onTablet]) expect((await stream.next(4))[3]!.unreadChanged.threads.some((t) => t.threadId === threadId)).toBe(false);
    });
    expect(whileReplying.filter((q) => q.includes('unread_count'))).toEqual([]);
    await send(threadId, '到楼下了', 'courier');
    // Nothing for the writer's own message: the buyer's next one is the very next event on both devices.
    await send(threadId, '好的', 'buyer');
    for (const stream of [onPhone, onTablet]) {
      const fifth = (await stream.next(5))[4]!.unreadChanged;
      expect(fifth.threads.find((t) => t.threadId === threadId)).toMatchObject({ lastBody: '好的' });
    }
    expect([onPhone.results.length, onTablet.results.length]).toEqual([5, 5]);
    // Then a message to 小赵 (the stranger) himself: it reaches him after anything of the first thread would have.
    const { threadId: his } = await courierThread('exception');
    await send(his, '门牌是 8 号', 'buyer');
    const [own] = await onStranger.next(1);
    expect(own!.unreadChanged.changedThreadId).toBe(his);
    expect(onStranger.results.map((r) => r.unreadChanged.changedThreadId)).toEqual([his]);
    // A store may not follow chat counts.
    const store = collect(liveClient(app.url, token.merchant), CHANGED, {});
    await expect(store.next(1)).rejects.toThrow(/FORBIDDEN/);
    await Promise.all([phone.dispose(), tablet.dispose(), stranger.dispose()]);
  });

  it('reads a user’s counts in one statement, for 1 thread as for 200', async () => {
    // No reminder of an earlier test may land in the counted window.
    await vi.waitFor(() => expect(app.server.deps.chatTasks.waiting()).toBe(0), { timeout: 5000 });
    await app.server.deps.chatTasks.idle();
    const counts: number[] = [];
    const users: string[] = [];
    for (const threads of [1, 200]) {
      const em = app.orm.em.fork();
      const buyer = userFactory(em);
      await em.flush();
      // Closed support threads (one open per buyer is the rule), two messages each, one read.
      await em.getConnection().execute(
        `insert into threads (id, kind, buyer_id, last_seq, last_message_at, closed_at, created_at)
           select gen_random_uuid(), 'SUPPORT', ?, 2, now() - make_interval(secs => g), now(), now() from generate_series(1, ?) g`,
        [buyer.id, threads],
      );
      await em.getConnection().execute(
        `insert into thread_reads (thread_id, user_id, last_read_seq, updated_at) select id, buyer_id, 1, now() from threads where buyer_id = ?`,
        [buyer.id],
      );
      users.push(buyer.id);
      const tokenOf = await app.tokenFor(buyer.id);
      const { result, queries } = await app.countQueries(() => app.gql<{ myUnread: Summary }>(UNREAD, {}, tokenOf));
      expect(result.data!.myUnread).toMatchObject({ total: threads, threadCount: threads });
      expect(result.data!.myUnread.threads).toHaveLength(Math.min(threads, 100));
      counts.push(queries.filter((q) => !/^(begin|commit|rollback)/i.test(q) && !q.includes('user_presence') && !q.includes('sessions')).length);
    }
    expect(counts).toEqual([1, 1]);
    // The live feed asks for every user with a waiting event at once: still one statement.
    const { result: both, queries } = await app.countQueries(() => readUnreadOf(app.orm.em.fork(), [...users, demo.users.courier.id]));
    expect(queries.filter((q) => q.includes('chat_unread') || q.includes('unread_count'))).toHaveLength(1);
    expect([both.get(users[0]!)?.total, both.get(users[1]!)?.total, both.get(users[1]!)?.threads.length]).toEqual([1, 200, 100]);
    expect(both.get(demo.users.courier.id)).toEqual(await readUnread(app.orm.em.fork(), demo.users.courier.id));
  });
});

describe('reach inside the app (issue 18)', () => {
  it('notifies a courier online elsewhere (no SMS) when a message stays unread, never one who read it', async () => {
    // A thread nobody was told about yet (an offline notification starts the 10-minute quiet).
    const { threadId } = await courierThread('dispatched', 'buyer2');
    // 老李 is on 我的派件: a live socket, following counts, not this thread.
    const courier = liveClient(app.url, token.courier);
    const following = liveFeeds(app);
    const counts = collect(courier, CHANGED, {});
    await following(1);
    await send(threadId, '师傅，放门口就行', 'buyer2');
    await counts.next(1);
    const notes = await vi.waitFor(async () => {
      const found = await app.orm.em.fork().find(Notification, { recipient: demo.users.courier.id, kind: 'CHAT_MESSAGE', threadId });
      expect(found).toHaveLength(1);
      return found;
    }, { timeout: 5000, interval: 50 });
    expect(notes[0]!.detail).toBe('师傅，放门口就行');
    const channels = (await app.orm.em.fork().find(OutboxMessage, { notification: notes[0]!.id })).map((o) => o.channel);
    expect(channels).toEqual(['IN_APP']);

    // The buyer, online and reading the courier's answer at once (an open thread), is not notified.
    const reader = liveClient(app.url, token.buyer2);
    const readerFollowing = liveFeeds(app);
    const readerCounts = collect(reader, CHANGED, {});
    await readerFollowing(1);
    const seq = await send(threadId, '好的', 'courier');
    await app.gql(READ, { threadId, upToSeq: seq }, token.buyer2);
    await vi.waitFor(() => expect(app.server.deps.chatTasks.waiting()).toBe(0), { timeout: 5000 });
    await app.server.deps.chatTasks.idle();
    expect(await app.orm.em.fork().count(Notification, { recipient: demo.users.buyer2.id, kind: 'CHAT_MESSAGE', threadId })).toBe(0);
    expect(readerCounts.errors).toEqual([]);
    await Promise.all([courier.dispose(), reader.dispose()]);
  });

  it('tells the buyer live when the store replies to their review, naming the store, with the order to open', async () => {
    const post = await app.gql('mutation($input: PostReviewInput!) { postReview(input: $input) { review { id } } }', { input: { orderId: demo.orders.delivered.id, rating: 4, body: '很甜' } }, token.buyer);
    expect(post.errors).toBeUndefined();
    const buyer = liveClient(app.url, token.buyer);
    const following = liveFeeds(app);
    const stream = collect(buyer, 'subscription { notificationAdded { kind orderId detail storeName itemTitle } }', {});
    await following(1);
    const reply = await app.gql('mutation($id: ID!, $body: String!) { replyToReview(id: $id, input: { body: $body }) { id } }', { id: post.data!.postReview.review.id, body: '感谢支持，欢迎再来' }, token.merchant);
    expect(reply.errors).toBeUndefined();
    let pushed: any;
    for (let n = 1; !pushed; n++) pushed = (await stream.next(n)).map((r: any) => r.notificationAdded).find((a: any) => a.kind === 'REVIEW_REPLIED');
    expect(pushed).toMatchObject({ orderId: demo.orders.delivered.id, detail: '感谢支持，欢迎再来', storeName: '优选水果店' });
    expect(pushed.itemTitle).toBeTruthy();
    await buyer.dispose();
  });
});

describe('counts made from a message’s notice (unread.notice.ts)', () => {
  const row = (threadId: string, unreadCount: number, lastSeq: number) => ({
    threadId, kind: 'COURIER' as const, shipmentId: null, orderId: null, waybillNo: null, unreadCount, lastSeq, lastAuthorName: 'a', lastBody: 'b', lastAt: '2026-12-07T20:00:00Z',
  });
  const notice = (threadId: string, seq: number, read: number) =>
    noticeOf({ topic: 'UNREAD_CHANGED', key: 'u', id: `${threadId}:${seq}`, seq, read, kind: 'COURIER', body: '到了', author: '买家', at: '2026-12-07T21:00:00Z' } as never)!;

  it('moves the thread first with its new count, leaves an older notice alone, and asks for a read when it cannot know', () => {
    const before = { total: 3, threadCount: 2, threads: [row('t1', 1, 5), row('t2', 2, 9)] };
    expect(applyNotice(before, notice('t2', 10, 7))).toMatchObject({ total: 4, threadCount: 2, threads: [{ threadId: 't2', unreadCount: 3, lastSeq: 10, lastBody: '到了' }, { threadId: 't1' }] });
    expect(applyNotice(before, notice('t3', 4, 3))).toMatchObject({ total: 4, threadCount: 3, threads: [{ threadId: 't3', unreadCount: 1 }, { threadId: 't1' }, { threadId: 't2' }] });
    // A read counted already (the counts hold seq 9): nothing changes.
    expect(applyNotice(before, notice('t2', 9, 0))).toBe(before);
    // A long list cut short may hold the thread's old count beyond its end: read them.
    expect(applyNotice({ ...before, threadCount: 150 }, notice('t3', 4, 3))).toBeNull();
    // The author's own notice (their reply read everything before it: read = seq) takes the thread off.
    expect(applyNotice(before, notice('t2', 10, 10))).toMatchObject({ total: 1, threadCount: 1, threads: [{ threadId: 't1' }] });
    expect(applyNotice(before, notice('t3', 4, 4))).toMatchObject({ total: 3, threadCount: 2 });
    // A read-only event (a marker moved by markThreadRead) carries no notice.
    expect(noticeOf({ topic: 'UNREAD_CHANGED', key: 'u', id: 't1' })).toBeNull();
  });
});
