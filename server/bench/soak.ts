// pnpm bench --soak [--minutes=10] [--sockets=500] [--users=100] [--updates=20] [--churn=50]
//
// Soak of the live layer: a real server (this process) on a throwaway embedded PostgreSQL, and a
// child process holding the sockets. Each socket keeps one subscription to its buyer's parcel for
// the whole run; meanwhile the courier scans parcels at a steady rate (OUT_FOR_DELIVERY ⇄
// EXCEPTION) and short-lived subscriptions come and go (subscribe, then complete 0.2-2 s later).
// The server's RSS (after a forced GC) and active handles are sampled every 10 s; the report
// compares the first sample after warm-up with the last one, counts events lost by the long-lived
// subscriptions after warm-up, and gives delivery latency (change written → event received, and
// scan sent → event received).
import 'reflect-metadata';
import { ShipmentStatus } from '@parceldesk/shared';
import { fork } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Session } from '../dist/accounts/session.entity.js';
import { hashSessionToken, newSessionToken } from '../dist/accounts/session-token.js';
import { createServer } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { ensureDatabase } from '../dist/db/database.js';
import { startEmbeddedPostgres } from '../dist/db/embedded-postgres.js';
import { openDatabase } from '../dist/db/orm.js';
import { DEMO_PICKUP_ADDRESS, seedDemoData } from '../dist/demo/demo-data.js';
import { OrderBuilder } from '../dist/demo/order-builder.js';
import { entities } from '../dist/entities.js';
import { userFactory } from '../dist/test/factories.js';
import type { SoakPlan, SoakReport } from './soak-clients.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--soak' && arg !== '--'),
  options: {
    minutes: { type: 'string', default: '1' },
    sockets: { type: 'string', default: '500' },
    users: { type: 'string', default: '100' },
    updates: { type: 'string', default: '20' },
    churn: { type: 'string', default: '50' },
  },
});
const durationMs = Number(values.minutes) * 60_000;
const sockets = Number(values.sockets);
const users = Number(values.users);
const warmupMs = Math.min(60_000, Math.max(15_000, durationMs * 0.2));
const SAMPLE_MS = 10_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (the bench script does)');

const logger = pino({ level: 'warn' });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-soak-'));
await fs.chmod(dir, 0o755);
const pg = await startEmbeddedPostgres(dir, logger);
try {
  await ensureDatabase(pg.urlFor('postgres'), 'soak');
  const databaseUrl = pg.urlFor('soak');
  const orm = await openDatabase({ clientUrl: databaseUrl, entities, logger });
  const demo = await seedDemoData(orm.em.fork());

  // One parcel out for delivery with the demo courier per buyer, and a session per buyer.
  const em = orm.em.fork();
  const build = new OrderBuilder(em, { merchant: demo.merchant, merchantUser: demo.users.merchant, now: new Date(), pickupAddress: DEMO_PICKUP_ADDRESS });
  const buyers: { token: string; shipmentId: string }[] = [];
  const pending: { token: string; shipment: { id: string } }[] = [];
  for (let i = 0; i < users; i++) {
    const buyer = userFactory(em, { displayName: `soak-${i}` });
    const placed = build.order({ buyer, createdHoursAgo: 1, orderNo: `SOAK${i}`, shippingAddress: '测试地址', lines: [['item', 'S', 1000, 1, 500]] });
    const shipment = build.parcel(placed, `SOAK${String(i).padStart(6, '0')}`, placed.lines, { courier: demo.users.courier, to: ShipmentStatus.OUT_FOR_DELIVERY });
    const token = newSessionToken();
    em.persist(new Session(buyer, hashSessionToken(token), new Date(Date.now() + 24 * 3600_000)));
    pending.push({ token, shipment });
  }
  await em.flush();
  for (const { token, shipment } of pending) buyers.push({ token, shipmentId: shipment.id });
  const courierToken = newSessionToken();
  em.persist(new Session(demo.users.courier, hashSessionToken(courierToken), new Date(Date.now() + 24 * 3600_000)));
  await em.flush();

  // The courier's steady scans are the load, not an abuse: lift the per-user request budget.
  const config = loadConfig({ NODE_ENV: 'production', REQUEST_BUDGET_POINTS: '1000000' }, { port: 0, host: '127.0.0.1', webDistDir: undefined });
  const server = await createServer({ config, logger, orm, databaseUrl });
  const url = await server.listen();

  // graphql-ws's keep-alive arms a timer per socket from each ping to its pong: count the fewest
  // handles of five readings 100 ms apart, so a burst of pings in flight is not read as growth.
  const handles = async () => {
    let fewest: string[] | null = null;
    for (let i = 0; i < 5; i++) {
      const now = process.getActiveResourcesInfo();
      if (!fewest || now.length < fewest.length) fewest = now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const byKind: Record<string, number> = {};
    for (const kind of fewest!) byKind[kind] = (byKind[kind] ?? 0) + 1;
    return { count: fewest!.length, byKind };
  };
  const sample = async () => {
    gc();
    return {
      at: Date.now(),
      rssMb: process.memoryUsage().rss / 2 ** 20,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      ...(await handles().then(({ count, byKind }) => ({ handles: count, handleKinds: byKind }))),
      sockets: server.liveSockets().sockets,
      subscribers: server.deps.live.stats().subscribers,
      listeners: server.deps.realtime.listenerCount(),
    };
  };

  const child = fork(path.join(import.meta.dirname, 'soak-clients.js'), [], { stdio: 'inherit' });
  const messages: ((message: any) => void)[] = [];
  child.on('message', (message) => messages.shift()?.(message));
  const nextMessage = <T>() => new Promise<T>((resolve) => messages.push(resolve));
  const plan: SoakPlan = {
    url,
    courierToken,
    sockets: Array.from({ length: sockets }, (_, i) => buyers[i % buyers.length]!),
    updatesPerSecond: Number(values.updates),
    churnPerSecond: Number(values.churn),
  };
  console.log(`Soak: ${sockets} sockets of ${users} buyers, ${plan.updatesPerSecond} scans/s, ${plan.churnPerSecond} subscribe+complete/s, ${durationMs / 1000} s (warm-up ${warmupMs / 1000} s)`);
  child.send({ type: 'start', plan });
  await nextMessage<{ type: 'connected' }>();
  const started = Date.now();
  console.log('all sockets connected and subscribed; load running');

  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  child.send({ type: 'measure' });
  const samples = [await sample()];
  while (Date.now() - started < durationMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_MS, durationMs - (Date.now() - started))));
    samples.push(await sample());
    const last = samples.at(-1)!;
    console.log(`  ${Math.round((last.at - started) / 1000)} s: RSS ${last.rssMb.toFixed(1)} MB, heap ${last.heapMb.toFixed(1)} MB, handles ${last.handles}, sockets ${last.sockets}, subscribers ${last.subscribers}`);
  }
  child.send({ type: 'stop' });
  const report = await nextMessage<SoakReport>();
  child.send({ type: 'exit' });
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await sample();

  const first = samples[0]!;
  const last = samples.at(-1)!;
  const change = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;
  const rssValues = samples.map((s) => s.rssMb);
  console.log(`\nSoak result (${os.cpus().length} cores, Node ${process.version})`);
  console.log(`  RSS after warm-up ${first.rssMb.toFixed(1)} MB → end ${last.rssMb.toFixed(1)} MB (${change(first.rssMb, last.rssMb)}; min ${Math.min(...rssValues).toFixed(1)}, max ${Math.max(...rssValues).toFixed(1)})`);
  const handleValues = samples.map((s) => s.handles);
  console.log(`  active handles after warm-up ${first.handles} → end ${last.handles} (${change(first.handles, last.handles)}; min ${Math.min(...handleValues)}, max ${Math.max(...handleValues)})`);
  console.log(`    by kind after warm-up ${JSON.stringify(first.handleKinds)}; end ${JSON.stringify(last.handleKinds)}`);
  console.log(`  live subscribers after warm-up ${first.subscribers} → end ${last.subscribers}; sockets ${first.sockets} → ${last.sockets}`);
  console.log(`  scans committed ${report.scans} (${report.scanErrors} failed); events received ${report.received}; subscribe+complete cycles ${report.churned} (${report.churnErrors} errors)`);
  console.log(`  events lost by the long-lived subscriptions after warm-up: ${report.lost} of ${report.expected}`);
  console.log(`  delivery (change written → event received): p50 ${report.p50.toFixed(1)} ms, p99 ${report.p99.toFixed(1)} ms, max ${report.max.toFixed(1)} ms`);
  console.log(`  scan sent → event received: p50 ${report.sendP50.toFixed(1)} ms, p99 ${report.sendP99.toFixed(1)} ms; the scan's HTTP round trip alone: p50 ${report.scanP50.toFixed(1)} ms, p99 ${report.scanP99.toFixed(1)} ms`);
  console.log(`  after every client left: sockets ${after.sockets}, subscribers ${after.subscribers}, pub/sub listeners ${after.listeners}, handles ${after.handles}`);
  // A leak grows: the end may not exceed the first sample after warm-up by more than 10%.
  const flat = last.rssMb <= first.rssMb * 1.1 && last.handles <= first.handles * 1.1;
  console.log(`  ${flat && report.lost === 0 ? 'PASS' : 'FAIL'}: RSS and handles grew less than 10% after warm-up, no event lost`);
  await server.stop();
  await orm.close();
  process.exitCode = flat && report.lost === 0 ? 0 : 1;
} finally {
  await pg.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
