import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { seedDemoData, type DemoKey } from '../demo/demo-data.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { collect, liveClient } from '../test/live-client.js';

// A chat send while the database cannot be reached (issue 21, item 6): a retryable answer, not an
// internal error over 200. Its own app: the outage is that app's database refusing connections.
let app: TestApp;
let token: Record<DemoKey, string>;
let threadId: string;

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoData(app.orm.em.fork());
  token = await app.loginDemoUsers();
  const shipment = await app.orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000002' }); // buyer 1 and 老李 (courier)
  const opened = await app.gql('mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }', { input: { kind: 'COURIER', shipmentId: shipment.id } }, token.buyer);
  threadId = opened.data!.openThread.id;
});
afterAll(() => app.close());

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq body } }';
const sendInput = (body: string) => ({ input: { threadId, clientMessageId: randomUUID(), body } });

async function storedBodies(): Promise<string[]> {
  const rows = await app.orm.em.getConnection().execute<{ body: string }[]>('select body from messages where thread_id = ? order by seq', [threadId]);
  return rows.map((row) => row.body);
}

describe('a chat send while the database is unreachable', () => {
  it('answers SERVICE_UNAVAILABLE with a retry delay (HTTP 503 and Retry-After; the same code over the socket) and stores nothing', async () => {
    const courier = liveClient(app.url, token.courier);
    // An open subscription keeps the courier's socket (and the session it read) through the outage.
    const following = collect(courier, 'subscription($threadId: ID!) { messageAdded(threadId: $threadId) { seq } }', { threadId });
    const before = collect(courier, SEND, sendInput('before the outage'));
    await before.completed;
    expect(before.errors).toEqual([]);
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const database = new URL(app.databaseUrl).pathname.slice(1);
    // The app's database stops taking connections and loses the ones it has: an outage as the app sees it.
    await admin.query(`alter database "${database}" with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    try {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.buyer}` },
        body: JSON.stringify({ query: SEND, variables: sendInput('during the outage (http)') }),
      });
      expect(response.status).toBe(503);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect((await response.json()).errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: retryAfter });
      const during = collect(courier, SEND, sendInput('during the outage (socket)'));
      await during.completed;
      expect(during.errors.flat()[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: retryAfter } });
    } finally {
      await admin.query(`alter database "${database}" with allow_connections true`);
      await admin.end();
      following.unsubscribe();
      await courier.dispose();
    }
    // Once it is back: the message sent before is there, neither of those sent during it.
    await vi.waitFor(async () => expect(await storedBodies()).toContain('before the outage'), { timeout: 5000, interval: 100 });
    expect((await storedBodies()).filter((body) => body.startsWith('during the outage'))).toEqual([]);
  });
});
