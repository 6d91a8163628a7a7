import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureDatabase } from './db/database.js';
import { FILE, filingInput, upload } from './complaints/complaint.test-kit.js';
import { makeDataDir, spawnBuiltServer, startBuiltServer, stopBuiltServer, until, waitForExit, type BuiltServer } from './test/built-server.js';
import { jpegWithGps, uploadEvidence } from './test/images.js';
import { collect, liveClient } from './test/live-client.js';
import { freePort, startNginx } from './test/nginx.js';
import { startLocalS3, type LocalS3 } from './test/s3.js';
import type { TestApp } from './test/harness.js';
import pg from 'pg';

// Three built server processes (dist/main.js) on one PostgreSQL, blobs in one S3-compatible
// bucket, behind nginx from Debian's packages (round robin, no sticky sessions): what
// docs/deployment.md describes. Needs `pnpm build` first (`pnpm test` does).
const PROCESSES = 3;
let servers: BuiltServer[] = [];
let nginx: Awaited<ReturnType<typeof startNginx>>;
let s3: LocalS3;
let url: string;
/** Each process's own address (nginx's is `url`). */
let processUrls: string[] = [];
let db: pg.Client;
let databaseUrl: string;
const dirs: string[] = [];

const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string, address?: string) =>
  (await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(address ? { 'x-forwarded-for': address } : {}) },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())) as { data?: any; errors?: { extensions?: { code?: string } }[] };
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const login = async (phone: string, password = 'demo1234', address?: string) => gql(LOGIN, { input: { phone, password } }, undefined, address);
const tokenOf = async (phone: string) => (await login(phone)).data.login.token as string;
const row = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;
/** Subscriptions running in all the processes, from each one's own /metrics (open on loopback). */
async function liveSubscriptions(): Promise<number> {
  const counts = await Promise.all(
    processUrls.map(async (base) => Number(/^parceldesk_live_subscriptions (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0)),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/** Lines of all processes' logs that say `text`. */
const logLines = (text: string) => servers.flatMap((server) => server.output().split('\n')).filter((line) => line.includes(text));

beforeAll(async () => {
  const name = `cluster_${randomBytes(4).toString('hex')}`;
  const adminUrl = inject('pgAdminUrl');
  await ensureDatabase(adminUrl, name);
  databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
  s3 = await startLocalS3();
  const ports = await Promise.all(Array.from({ length: PROCESSES + 1 }, () => freePort()));
  const listen = ports.pop()!;
  url = `http://127.0.0.1:${listen}`;
  processUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  // Started at once: migrations and demo data run under an advisory lock, one process after another.
  servers = await Promise.all(
    ports.map((port) => {
      const dir = makeDataDir('cluster');
      dirs.push(dir);
      return startBuiltServer(dir, {
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_ORIGIN: url,
        LOG_LEVEL: 'info',
        JOB_TICK_MS: '300',
        EVIDENCE_DAILY_QUOTA: '8',
        LOGIN_LIMIT_PER_PHONE_ADDRESS: '4',
        LIVE_SOCKETS_PER_USER: '3',
        S3_ENDPOINT: s3.config.endpoint!,
        S3_BUCKET: s3.config.bucket,
        S3_ACCESS_KEY_ID: s3.config.accessKeyId!,
        S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey!,
      });
    }),
  );
  const nginxDir = makeDataDir('nginx');
  dirs.push(nginxDir);
  nginx = await startNginx(nginxDir, listen, ports);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
}, 90_000);

afterAll(async () => {
  await db?.end();
  await nginx?.stop();
  await Promise.all(servers.map((server) => stopBuiltServer(server.child)));
  await s3?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('three processes behind nginx on one PostgreSQL', () => {
  it('share the load round robin (no sticky sessions), migrated and seeded once', async () => {
    const instances = new Set<string>();
    for (let i = 0; i < PROCESSES * 2; i++) instances.add((await (await fetch(`${url}/readyz`)).json()).instance);
    expect(instances.size).toBe(PROCESSES);
    expect(logLines('demo data loaded')).toHaveLength(1);
    expect(Number((await row<{ n: string }>(`select count(*) as n from users where phone = '13800000001'`)).n)).toBe(1);
  });

  it('deliver chat, live parcels and complaint queue changes whichever process each side is on', async () => {
    const [buyer, courier, agent] = await Promise.all(['13800000001', '13800000002', '13800000004'].map(tokenOf));
    const thread = await row<{ id: string; shipment_id: string }>(
      `select t.id, t.shipment_id from threads t join users u on u.id = t.buyer_id where t.kind = 'COURIER' and u.phone = '13800000001' limit 1`,
    );
    const buyerLive = liveClient(url, buyer);
    const agentLive = liveClient(url, agent);
    const messages = collect(buyerLive, 'subscription($t: ID!) { messageAdded(threadId: $t) { seq body } }', { t: thread.id });
    const parcel = collect(buyerLive, 'subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { status } }', { id: thread.shipment_id });
    const queue = collect(agentLive, 'subscription { complaintQueueChanged { complaint { id } } }', {});
    await until(async () => Number((await row<{ n: string }>('select count(*) as n from live_socket')).n) >= 2, 5000, 'sockets registered');
    // graphql-ws subscribes after the socket is admitted: wait until the processes run all three.
    await until(async () => (await liveSubscriptions()) >= 3, 5000, 'subscriptions running');

    // Each send goes to the next process in turn; the buyer's socket is on one of them.
    for (const body of ['到楼下了', '放门口', '请查收']) {
      const sent = await gql('mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } }', { input: { threadId: thread.id, clientMessageId: crypto.randomUUID(), body } }, courier);
      expect(sent.errors).toBeUndefined();
    }
    expect((await messages.next(3)).map((m: any) => m.messageAdded.body)).toEqual(['到楼下了', '放门口', '请查收']);

    const delivered = await gql('mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { status } }', { input: { shipmentId: thread.shipment_id, status: 'DELIVERED' } }, courier);
    expect(delivered.errors).toBeUndefined();
    expect((await parcel.next(1)).at(-1).shipmentUpdated.status).toBe('DELIVERED');

    const order = await row<{ order_id: string; line_id: string }>(
      `select o.id as order_id, l.id as line_id from orders o join order_lines l on l.order_id = o.id join users u on u.id = o.buyer_id
        where u.phone = '13800000001' and l.quantity = 2 and exists (select 1 from shipments s where s.order_id = o.id and s.status = 'DELIVERED') limit 1`,
    );
    const photos = await upload({ url } as TestApp, buyer, ['WAYBILL_LABEL', 'CONTENTS']);
    const filed = await gql(FILE, { input: filingInput(order.order_id, order.line_id, photos) }, buyer);
    expect(filed.errors).toBeUndefined();
    const complaintId = filed.data.fileComplaint.complaint.id;
    expect((await queue.next(1)).map((c: any) => c.complaintQueueChanged.complaint.id)).toContain(complaintId);
    // The photos are in the shared bucket: every process serves them.
    for (let i = 0; i < PROCESSES; i++) expect((await fetch(`${url}/evidence/${photos[0]}/thumb`, { headers: { authorization: `Bearer ${agent}` } })).status).toBe(200);
    await Promise.all([buyerLive.dispose(), agentLive.dispose()]);
  });

  it('enforce the limits of one process: upload quota, login attempts and sockets per user', async () => {
    // Quota 8, 2 used by the filing above: of four simultaneous requests of three photos, two fit.
    const buyer = await tokenOf('13800000001');
    const photo = { data: await jpegWithGps(32, 32) };
    const answers = await Promise.all(Array.from({ length: 4 }, () => uploadEvidence(url, buyer, [photo, photo, photo])));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429]);

    // Four attempts per phone and address, spread over the processes by nginx.
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await login('13800000003', `wrong-${i}`, '198.51.100.7')).errors?.[0]?.extensions?.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);

    // Three sockets per user in all: one on each process, and the fourth is refused.
    const buyer2 = await tokenOf('13800000005');
    const clients = Array.from({ length: 4 }, () => liveClient(url, buyer2));
    const closes: Promise<number>[] = [];
    const feeds = [];
    for (const client of clients.slice(0, 3)) {
      closes.push(new Promise((resolve) => client.on('closed', (event: any) => resolve(event.code))));
      feeds.push(collect(client, 'subscription { notificationAdded { id } }', {}));
      await until(async () => Number((await row<{ n: string }>(`select count(*) as n from live_socket s join users u on u.id = s.user_id where u.phone = '13800000005'`)).n) === feeds.length, 5000, 'socket admitted');
    }
    const refused = new Promise<number>((resolve) => clients[3]!.on('closed', (event: any) => resolve(event.code)));
    collect(clients[3]!, 'subscription { notificationAdded { id } }', {});
    expect(await refused).toBe(4013);

    // Logout on whichever process closes the sockets on all of them.
    await gql('mutation { logout }', {}, buyer2);
    expect(await Promise.all(closes)).toEqual([4403, 4403, 4403]);
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('run each scheduled job once across the processes', async () => {
    const before = logLines('"job":"evidence.sweep-unattached"').length;
    expect(before).toBe(1); // at start, claimed by one of the three
    await db.query(`update scheduled_jobs set next_run_at = now() where name = 'evidence.sweep-unattached'`);
    await until(() => logLines('"job":"evidence.sweep-unattached"').length > before, 5000, 'the sweep');
    await new Promise((resolve) => setTimeout(resolve, 700)); // two more ticks of every process
    expect(logLines('"job":"evidence.sweep-unattached"')).toHaveLength(before + 1);
  });

  it('refuse to start, with one line, a process whose bucket is not usable', async () => {
    const dir = makeDataDir('cluster-bad-bucket');
    dirs.push(dir);
    const { child, output } = spawnBuiltServer(dir, {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      S3_ENDPOINT: s3.config.endpoint!,
      S3_BUCKET: 'no-such-bucket',
      S3_ACCESS_KEY_ID: s3.config.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey!,
    });
    expect(await waitForExit(child, 30_000)).toBe(1);
    const errors = output().split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('blob store: S3 bucket \\"no-such-bucket\\"');
    expect(errors[0]).toContain('is not usable: the bucket does not exist');
    expect(output()).not.toContain('ParcelDesk: http');
  });
});
