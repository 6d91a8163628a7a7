import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { seedDemoData, type DemoData } from '../demo/demo-data.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient } from '../test/live-client.js';
import { Notification, NotificationKind } from './notification.entity.js';
import { queueNotification } from './notifier.js';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity.js';
import { OutboxWorker, retryDelayMs } from './outbox.worker.js';
import type { NotificationSender } from './senders.js';

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
    const stream = collect(client, 'subscription { notificationAdded { kind waybillNo } }', {});
    await new Promise((resolve) => setTimeout(resolve, 150));

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

  it('backs off exponentially up to ten minutes', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(600_000);
  });
});
