import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { seedDemoData, type DemoData } from '../demo/demo-data.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { Notification, NotificationKind } from './notification.entity.js';
import { queueNotification } from './notifier.js';
import { DeliveryChannel, OutboxMessage, OutboxStatus } from './outbox-message.entity.js';
import { OutboxWorker, retryDelayMs } from './outbox.worker.js';
import { smsText, type NotificationSender } from './senders.js';

let app: TestApp;
let demo: DemoData;
let courier: string;

beforeAll(async () => {
  app = await createTestApp();
  demo = await seedDemoData(app.orm.em.fork());
  courier = await app.login('13800000002');
});
afterAll(() => app.close());

const LIST = '{ myNotifications(first: 10) { unreadCount totalCount edges { node { id kind waybillNo detail readAt } } } }';

describe('buyer notifications', () => {
  it('arrive live and in the list when a parcel goes out for delivery, and can be marked read', async () => {
    const [shipment] = await app.orm.em.fork().find(Shipment, { order: demo.orders.twoParcels.id, status: 'PICKED_UP' });
    const buyer2 = await app.login('13800000005');
    const client = liveClient(app.url, buyer2);
    const following = liveFeeds(app);
    const stream = collect(client, 'subscription { notificationAdded { kind waybillNo } }', {});
    await following(1);

    const scan = 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { status } }';
    await app.gql(scan, { input: { shipmentId: shipment!.id, status: 'OUT_FOR_DELIVERY' } }, courier);
    const [pushed] = await stream.next(1);
    expect((pushed as any).notificationAdded).toEqual({ kind: 'SHIPMENT_OUT_FOR_DELIVERY', waybillNo: shipment!.waybillNo });
    await client.dispose();

    const list = await app.gql(LIST, {}, buyer2);
    expect(list.data!.myNotifications.unreadCount).toBe(1);
    const read = await app.gql('mutation { markNotificationsRead }', {}, buyer2);
    expect(read.data!.markNotificationsRead).toBe(1);
    expect((await app.gql(LIST, {}, buyer2)).data!.myNotifications.unreadCount).toBe(0);
  });

  it('marks only the caller’s own notifications read', async () => {
    const em = app.orm.em.fork();
    const mine = queueNotification(em, { recipient: em.getReference(User, demo.users.buyer.id), kind: NotificationKind.SHIPMENT_DELIVERED });
    await em.flush();
    const other = await app.login('13800000005');
    const result = await app.gql('mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [mine.id] }, other);
    expect(result.data!.markNotificationsRead).toBe(0);
    expect((await app.orm.em.fork().findOneOrFail(Notification, mine.id)).readAt).toBeNull();
  });

  it('needs a session', async () => {
    expect(errorCode(await app.gql(LIST))).toBe('UNAUTHENTICATED');
  });
});

describe('what a notification is about (issue 10, item 14)', () => {
  const ABOUT = '{ myNotifications(first: 50) { unreadCount edges { node { kind waybillNo detail storeName itemTitle itemCount readAt createdAt } } } }';

  it('seeded problem parcels have a history: the buyer was told of each step, read long ago', async () => {
    const buyer = await app.login('13800000001');
    const { edges, unreadCount } = (await app.gql(ABOUT, {}, buyer)).data!.myNotifications;
    const history = (waybill: string) => edges.map((e: any) => e.node).filter((n: any) => n.waybillNo === waybill).reverse();
    // The exception parcel: dispatched, then the exception with the courier's reason.
    expect(history('YX1000000004').map((n: any) => [n.kind, n.detail])).toEqual([
      ['SHIPMENT_DISPATCHED', null],
      ['SHIPMENT_EXCEPTION', '收件地址门牌号不清，联系买家未接通'],
    ]);
    // The short-shipped delivery: dispatched, out for delivery, delivered.
    expect(history('YX1000000001').map((n: any) => n.kind)).toEqual(['SHIPMENT_DISPATCHED', 'SHIPMENT_OUT_FOR_DELIVERY', 'SHIPMENT_DELIVERED']);
    expect(history('YX1000000004').every((n: any) => n.readAt !== null && Date.parse(n.readAt) > Date.parse(n.createdAt))).toBe(true);
    // Never dispatched: nothing to tell.
    expect(history('YX1000000003')).toEqual([]);
    expect(unreadCount).toBe(edges.filter((e: any) => !e.node.readAt).length);
    expect(edges.filter((e: any) => e.node.waybillNo?.startsWith('YX100000000') && !e.node.readAt)).toEqual([]);

    // The courier who holds the exception parcel was told of the dispatch too.
    const zhao = (await app.gql(ABOUT, {}, await app.login('13800000006'))).data!.myNotifications.edges.map((e: any) => e.node);
    expect(zhao.some((n: any) => n.kind === 'COURIER_DISPATCHED' && n.waybillNo === 'YX1000000004')).toBe(true);
  });

  it('names the store and the parcel’s goods (only the lines in that parcel), in the list and live', async () => {
    const buyer = await app.login('13800000001');
    const nodes = (await app.gql(ABOUT, {}, buyer)).data!.myNotifications.edges.map((e: any) => e.node);
    const exception = nodes.find((n: any) => n.kind === 'SHIPMENT_EXCEPTION');
    expect(exception).toMatchObject({ storeName: '优选水果店', itemTitle: '丹东草莓 红颜 1 斤', itemCount: 1 });
    const twoLines = nodes.find((n: any) => n.waybillNo === 'YX1000000002');
    expect(twoLines).toMatchObject({ itemTitle: '赣南脐橙 5 斤装', itemCount: 2 });

    // An order split in two parcels: each parcel's notification names its own goods.
    const buyer2 = await app.login('13800000005');
    const split = (await app.gql(ABOUT, {}, buyer2)).data!.myNotifications.edges.map((e: any) => e.node);
    expect(split.find((n: any) => n.waybillNo === 'YX1000000006')).toMatchObject({ itemTitle: '四川丑橘 5 斤', itemCount: 1 });
    expect(split.find((n: any) => n.waybillNo === 'YX1000000007')).toMatchObject({ itemTitle: '云南蓝莓 4 盒', itemCount: 1 });

    // A notification about nothing in particular has none of these.
    const em = app.orm.em.fork();
    queueNotification(em, { recipient: em.getReference(User, demo.users.agent.id), kind: NotificationKind.CHAT_MESSAGE, detail: '你好' });
    await em.flush();
    const agentList = (await app.gql(ABOUT, {}, await app.login('13800000004'))).data!.myNotifications.edges;
    expect(agentList[0].node).toMatchObject({ storeName: null, itemTitle: null, itemCount: null });

    // The live payload carries the same words.
    const client = liveClient(app.url, buyer);
    const following = liveFeeds(app);
    const stream = collect(client, 'subscription { notificationAdded { waybillNo storeName itemTitle itemCount } }', {});
    await following(1);
    const [parcel] = await app.orm.em.fork().find(Shipment, { waybillNo: 'YX1000000002' });
    const add = app.orm.em.fork();
    // Delivered by the app's own outbox worker (its in-app sender publishes the id).
    queueNotification(add, { recipient: add.getReference(User, demo.users.buyer.id), kind: NotificationKind.SHIPMENT_DELIVERED, shipmentId: parcel!.id, waybillNo: parcel!.waybillNo });
    await add.flush();
    // An earlier test's notification may still be on its way through the outbox: wait for ours.
    let pushed: any;
    for (let n = 1; !pushed; n++) pushed = (await stream.next(n)).map((r: any) => r.notificationAdded).find((a: any) => a.waybillNo === 'YX1000000002');
    expect(pushed).toEqual({ waybillNo: 'YX1000000002', storeName: '优选水果店', itemTitle: '赣南脐橙 5 斤装', itemCount: 2 });
    await client.dispose();
  });

  it('reads a page in the same statements for 2 and 8 notifications', async () => {
    const buyer = await app.login('13800000001');
    const counts: number[] = [];
    for (const first of [2, 8]) {
      const { result, queries } = await app.countQueries(() =>
        app.gql('query($first: Int) { myNotifications(first: $first) { edges { node { storeName itemTitle itemCount } } } }', { first }, buyer),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.myNotifications.edges.length).toBe(first);
      counts.push(queries.filter((q) => !/^(begin|commit|rollback)/i.test(q)).length);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

describe('outbox', () => {
  it('retries a failed send with backoff and delivers it later; nothing is lost', async () => {
    const failed = new Set<string>();
    const sent: string[] = [];
    const flaky: NotificationSender = {
      channel: 'SMS',
      async send(notification) {
        // Each notification fails its first attempt, then goes through.
        if (!failed.has(notification.id)) {
          failed.add(notification.id);
          throw new Error('gateway timeout');
        }
        sent.push(notification.id);
      },
    };
    const inApp: NotificationSender = { channel: 'IN_APP', async send() {} };
    // A worker of our own, with a failing SMS gateway (no real gateway runs here); the app's
    // worker is stopped first so the two do not share the rows.
    await app.server.deps.outbox.stop();
    const worker = new OutboxWorker(app.orm, [inApp, flaky], pino({ level: 'silent' }));

    const em = app.orm.em.fork();
    const notification = queueNotification(em, { recipient: demo.users.buyer, kind: NotificationKind.SHIPMENT_EXCEPTION, detail: '包装破损' });
    await em.flush();

    await worker.runBatch();
    let sms = await app.orm.em.fork().findOneOrFail(OutboxMessage, { notification: notification.id, channel: 'SMS' });
    expect(sms).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, lastError: 'gateway timeout' });
    expect(sms.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 1000);

    await worker.runBatch(); // not due yet: untouched
    expect((await app.orm.em.fork().findOneOrFail(OutboxMessage, sms.id)).attempts).toBe(1);

    await app.orm.em.fork().nativeUpdate(OutboxMessage, sms.id, { nextAttemptAt: new Date() });
    await worker.runBatch();
    sms = await app.orm.em.fork().findOneOrFail(OutboxMessage, sms.id);
    expect(sms).toMatchObject({ status: OutboxStatus.SENT, attempts: 2, lastError: null });
    expect(sent).toContain(notification.id);
  });

  it('tells in-app recipients of a whole batch at once and marks each row by its own outcome', async () => {
    await app.server.deps.outbox.stop();
    const batches: string[][] = [];
    let inAppDown = true;
    const inApp: NotificationSender = {
      channel: 'IN_APP',
      async send() {
        throw new Error('one by one is not used when sendAll exists');
      },
      async sendAll(deliveries) {
        batches.push(deliveries.map((d) => d.notification.id));
        if (inAppDown) throw new Error('listener connection lost');
      },
    };
    const sms: NotificationSender = { channel: 'SMS', async send() {} };
    const worker = new OutboxWorker(app.orm, [inApp, sms], pino({ level: 'silent' }));
    const em = app.orm.em.fork();
    const queued = [demo.users.buyer, demo.users.courier, demo.users.merchant].map((recipient) => queueNotification(em, { recipient, kind: NotificationKind.SHIPMENT_EXCEPTION, detail: '改约' }));
    await em.flush();
    const ids = queued.map((n) => n.id);

    await worker.runBatch();
    expect(batches).toHaveLength(1);
    expect([...batches[0]!].sort()).toEqual([...ids].sort());
    const rows = await app.orm.em.fork().find(OutboxMessage, { notification: { $in: ids } });
    // The failed in-app sends wait for their retry; the SMS of the same batch went out.
    for (const row of rows) {
      if (row.channel === DeliveryChannel.IN_APP) expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, lastError: 'listener connection lost' });
      else expect(row).toMatchObject({ status: OutboxStatus.SENT, attempts: 1, lastError: null });
    }
    inAppDown = false;
    await app.orm.em.fork().nativeUpdate(OutboxMessage, { notification: { $in: ids } }, { nextAttemptAt: new Date() });
    await worker.runBatch();
    expect((await app.orm.em.fork().find(OutboxMessage, { notification: { $in: ids } })).map((r) => r.status)).toEqual(rows.map(() => OutboxStatus.SENT));
  });

  it('holds no row lock while a slow gateway answers, and a second worker does not send the claimed row again', async () => {
    await app.server.deps.outbox.stop();
    let release!: () => void;
    const gatewayAnswers = new Promise<void>((resolve) => (release = resolve));
    let sends = 0;
    const slow: NotificationSender = {
      channel: 'SMS',
      async send() {
        sends += 1;
        await gatewayAnswers;
      },
    };
    const inApp: NotificationSender = { channel: 'IN_APP', async send() {} };
    const [one, two] = [new OutboxWorker(app.orm, [inApp, slow], pino({ level: 'silent' })), new OutboxWorker(app.orm, [inApp, slow], pino({ level: 'silent' }))];
    const em = app.orm.em.fork();
    const notification = queueNotification(em, { recipient: demo.users.courier, kind: NotificationKind.SHIPMENT_EXCEPTION, detail: '改约' }, [DeliveryChannel.SMS]);
    await em.flush();
    const sms = await app.orm.em.fork().findOneOrFail(OutboxMessage, { notification: notification.id, channel: 'SMS' });

    const first = one.runBatch();
    await vi.waitFor(() => expect(sends).toBe(1));
    // While the gateway is slow: the row can be locked at once by anyone (nothing holds it)...
    await app.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`select id from outbox_messages where id = '${sms.id}' for update nowait`);
    });
    // ...and the other worker finds nothing due (the claim leased it).
    expect(await two.runBatch()).toBe(0);
    release();
    expect(await first).toBe(1);
    expect(sends).toBe(1);
    expect(await app.orm.em.fork().findOneOrFail(OutboxMessage, sms.id)).toMatchObject({ status: OutboxStatus.SENT, attempts: 1 });
  });

  it('sends SMS that name the parcel and say a message waits, never the words of the message', () => {
    const text = smsText({ kind: NotificationKind.CHAT_MESSAGE, waybillNo: 'YX1000000002' });
    expect(text).toBe('【ParcelDesk】包裹 YX1000000002 有一条新消息，请打开 App 查看');
    const chat = new Notification({ recipient: demo.users.courier, kind: NotificationKind.CHAT_MESSAGE, waybillNo: 'YX1000000002', detail: '我家密码是 1234，放门口' });
    expect(smsText(chat)).not.toContain('1234');
  });

  it('backs off exponentially up to ten minutes', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(600_000);
  });
});
