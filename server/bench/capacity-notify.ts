// Capacity bench, NOTIFY part: how many NOTIFY messages one PostgreSQL here delivers per second
// to 1 or 3 listening connections (one per server process, as realtime/pubsub.ts listens), with
// publishers sending as fast as they are answered (closed loop): the ceiling of the pub/sub that
// every process shares. Each NOTIFY carries the app's event shape ({topic, key, id}) plus the
// time it was sent, so the delivery latency is measured too. `batch` NOTIFYs go in one statement
// (one transaction): 1 is how most events are published (`Realtime.publish`), several is how the
// chat append statement raises its message and unread events together.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { cpuMs, postgresPids } from './chat-parts.js';
import { percentile } from './load.js';

export interface NotifyCeiling {
  listeners: number;
  publishers: number;
  batch: number;
  seconds: number;
  /** NOTIFY messages committed per second. */
  notifiesPerSecond: number;
  transactionsPerSecond: number;
  /** Of those, the share every listener received (1 = nothing lost or still queued after 10 s). */
  delivered: number;
  p50: number;
  p99: number;
  /** Cores busy meanwhile: PostgreSQL's processes, and this client (publishers + listeners). */
  postgresCores: number;
  clientCores: number;
  /** What the publishers' backends were doing, sampled every 50 ms (wait event → share; "running": on CPU or runnable). */
  waits: Record<string, number>;
  loadAverage: number[];
}

const CHANNEL = 'parceldesk_capacity_probe';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runNotifyCeiling(input: { databaseUrl: string; dataDir: string; listeners: number; batch: number; publishers?: number; seconds?: number }): Promise<NotifyCeiling> {
  const { databaseUrl, listeners: listenerCount, batch } = input;
  const publisherCount = input.publishers ?? 16;
  const seconds = input.seconds ?? 4;
  const latencies: number[] = [];
  const received = new Array<number>(listenerCount).fill(0);
  const listeners = await Promise.all(
    Array.from({ length: listenerCount }, async (_, i) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      client.on('notification', (message) => {
        received[i]!++;
        // The first listener times them; parsing every copy would only load this client.
        if (i === 0) latencies.push(performance.now() - (JSON.parse(message.payload!) as { t: number }).t);
      });
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    }),
  );
  const publishers = await Promise.all(
    Array.from({ length: publisherCount }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    const payload = () => JSON.stringify({ topic: 'MESSAGE_ADDED', key: randomUUID(), id: randomUUID(), t: performance.now() });
    // Warm up the connections (and PostgreSQL's plans) before measuring.
    await Promise.all(publishers.map((client) => client.query('select pg_notify($1, $2)', [CHANNEL, payload()])));
    await sleep(200);
    latencies.length = 0;
    received.fill(0);
    const pgPids = postgresPids(input.dataDir);
    const pgCpu = () => pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const pgBefore = pgCpu();
    const clientBefore = process.cpuUsage();
    let transactions = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    // Where the time goes inside PostgreSQL: the publishers' wait events, sampled.
    const waits: Record<string, number> = {};
    const sampler = new pg.Client({ connectionString: databaseUrl });
    await sampler.connect();
    const sampling = (async () => {
      while (performance.now() < until) {
        const { rows } = await sampler.query<{ wait: string }>(
          `select coalesce(wait_event_type || ': ' || wait_event, 'running') as wait from pg_stat_activity where query like 'select pg_notify%' and pid <> pg_backend_pid() and state = 'active'`,
        );
        for (const { wait } of rows) waits[wait] = (waits[wait] ?? 0) + 1;
        await sleep(50);
      }
    })();
    await Promise.all(
      publishers.map(async (client) => {
        while (performance.now() < until) {
          if (batch === 1) await client.query('select pg_notify($1, $2)', [CHANNEL, payload()]);
          else await client.query('select pg_notify($1, p) from unnest($2::text[]) p', [CHANNEL, Array.from({ length: batch }, payload)]);
          transactions++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await sampling;
    await sampler.end();
    const samples = Object.values(waits).reduce((a, b) => a + b, 0);
    for (const key of Object.keys(waits)) waits[key] = waits[key]! / Math.max(1, samples);
    const pgMs = pgCpu() - pgBefore;
    const clientUsage = process.cpuUsage(clientBefore);
    const notifies = transactions * batch;
    // What is still queued arrives late; what has not arrived after 10 s of quiet is lost.
    for (let last = -1, quietSince = performance.now(); Math.min(...received) < notifies && performance.now() - quietSince < 10_000; ) {
      await sleep(100);
      const now = received.reduce((a, b) => a + b, 0);
      if (now > last) [last, quietSince] = [now, performance.now()];
    }
    latencies.sort((a, b) => a - b);
    return {
      listeners: listenerCount,
      publishers: publisherCount,
      batch,
      seconds: elapsed,
      notifiesPerSecond: notifies / elapsed,
      transactionsPerSecond: transactions / elapsed,
      delivered: Math.min(...received) / Math.max(1, notifies),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      postgresCores: pgMs / 1000 / elapsed,
      clientCores: (clientUsage.user + clientUsage.system) / 1e6 / elapsed,
      waits,
      loadAverage: os.loadavg(),
    };
  } finally {
    await Promise.all([...listeners, ...publishers].map((client) => client.end().catch(() => undefined)));
  }
}
