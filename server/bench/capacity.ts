// pnpm --filter @parceldesk/server bench:capacity (issue 19, item 8; not part of `pnpm bench`: ~8 min):
// what one process, three processes and one PostgreSQL carry on this machine.
//   1. NOTIFY ceiling (capacity-notify.ts): NOTIFY messages per second one PostgreSQL delivers to 1
//      and 3 listeners, one NOTIFY per transaction and ten.
//   2. Chat (capacity-chat.ts): 1 and 3 server processes behind nginx, 1,000 and 5,000 WebSockets,
//      CAPACITY_RATES messages a second (default 50 then 200, on the same sockets) for
//      CAPACITY_SECONDS each (default 15): p99, lost.
//   3. Reads (capacity-reads.ts): read-path operations through nginx to 1 and 3 processes beside the
//      baseline.
// Options: --only=notify|chat|reads, --sockets=1000,5000, --processes=1,3, --reads=all;
// CAPACITY_RATES, CAPACITY_SECONDS, CAPACITY_BADGES=0, CAPACITY_READ_WARMUP (s per side, default 1).
// The client (this process) never shares the servers' event loop: each server is its own process.
// Writes bench-results/capacity.{json,md} at the repo root.
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../dist/db/orm.js';
import { entities } from '../dist/entities.js';
import { benchPostgres } from './bench-postgres.js';
import { runChatCapacity, type ChatCapacityResult } from './capacity-chat.js';
import { runNotifyCeiling, type NotifyCeiling } from './capacity-notify.js';
import { CAPACITY_READS, runReadCapacity, type ReadCapacityRow } from './capacity-reads.js';
import { seedChat } from './chat-parts.js';
import { generateDataset } from './dataset.js';
import { OPERATIONS } from './operations.js';
import { machine, RESULTS_DIR } from './report.js';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only');
const socketCounts = (option('sockets') ?? '1000,5000').split(',').map(Number);
const processCounts = (option('processes') ?? '1,3').split(',').map(Number);
const RATES = (process.env.CAPACITY_RATES ?? '50,200').split(',').map(Number).sort((a, b) => a - b);
const SECONDS = Number(process.env.CAPACITY_SECONDS ?? 15);
const runs = (section: string) => !only || only === section;

const logger = pino({ level: 'warn' });
const bench = await benchPostgres('capacity', logger);
let failed = false;
const load = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');
try {
  const notify: NotifyCeiling[] = [];
  const chat: ChatCapacityResult[] = [];
  let reads: ReadCapacityRow[] = [];
  if (runs('notify')) {
    const url = await bench.database('notify');
    console.log(`\nNOTIFY ceiling (16 publishers, closed loop, 4 s each; load ${load()})`);
    for (const listeners of [1, 3]) {
      for (const batch of [1, 10]) {
        const r = await runNotifyCeiling({ databaseUrl: url, dataDir: bench.dir, listeners, batch });
        notify.push(r);
        console.log(
          `  ${listeners} listener(s), ${String(batch).padStart(2)} per transaction: ${r.notifiesPerSecond.toFixed(0).padStart(6)} NOTIFY/s (${r.transactionsPerSecond.toFixed(0)} tx/s), ` +
            `delivered ${(r.delivered * 100).toFixed(1)} %, p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, PostgreSQL ${r.postgresCores.toFixed(2)} cores, client ${r.clientCores.toFixed(2)}; publishers in PostgreSQL: ${waitsOf(r)} (load ${load()})`,
        );
      }
    }
  }
  if (runs('chat')) {
    const url = await bench.database('chat');
    const orm = await openDatabase({ clientUrl: url, entities, logger }); // applies the migrations
    await orm.close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const fixture = await seedChat(db, Math.ceil(Math.max(...socketCounts) / 2), 0).finally(() => db.end());
    console.log(`\nChat: ${RATES.join(' then ')} messages/s for ${SECONDS} s each over each sender's socket, through nginx`);
    for (const sockets of socketCounts) {
      for (const processes of processCounts) {
        try {
          const rows = await runChatCapacity({ databaseUrl: url, dataDir: bench.dir, fixture, processes, sockets, rates: RATES, seconds: SECONDS, badges: process.env.CAPACITY_BADGES !== '0' });
          for (const r of rows) {
            chat.push(r);
            const c = r.cpuPerMessage;
            console.log(
              `  ${processes} process(es), ${sockets} sockets (open in ${r.connectSeconds.toFixed(0)} s), ${r.rate} msg/s: sent ${r.sent}, failed ${r.failed}, lost ${r.lost}, ` +
                `p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms max ${r.max.toFixed(0)} ms; CPU ms/msg servers ${c.servers.toFixed(2)} PostgreSQL ${c.postgres.toFixed(2)} nginx ${c.nginx.toFixed(2)} client ${c.client.toFixed(2)}; ` +
                `idle sockets ${r.idleServerCores.toFixed(2)} cores; ${r.notifiesPerMessage.toFixed(1)} NOTIFY/msg; RSS ${r.rssMb.map((m) => m.toFixed(0)).join(' + ')} MB (load ${load()})`,
            );
            if (r.failed) console.log(`    failed sends: ${JSON.stringify(r.failures)}`);
          }
        } catch (error) {
          failed = true;
          console.error(`  ${processes} process(es), ${sockets} sockets: FAILED: ${(error as Error).message}`);
        }
      }
    }
  }
  if (runs('reads')) {
    const url = await bench.demoDatabase();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await generateDataset(db).finally(() => db.end());
    const names = option('reads') === 'all' ? OPERATIONS.map((op) => op.name) : CAPACITY_READS;
    console.log(`\nReads: 8 clients, 3 alternating rounds of 3 s per side, medians (load ${load()})`);
    reads = await runReadCapacity({ databaseUrl: url, dataDir: bench.dir, names, rounds: 3, secondsPerRun: 3, clients: 8, warmupSeconds: Number(process.env.CAPACITY_READ_WARMUP ?? 1) });
  }
  const markdown = report(notify, chat, reads);
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  await fs.writeFile(path.join(RESULTS_DIR, 'capacity.md'), `${markdown}\n`);
  await fs.writeFile(path.join(RESULTS_DIR, 'capacity.json'), `${JSON.stringify({ at: new Date().toISOString(), machine: machine(), rates: RATES, seconds: SECONDS, notify, chat, reads }, null, 2)}\n`);
  console.log(`\n${markdown}\n\nWritten: ${path.join(RESULTS_DIR, 'capacity.md')}, capacity.json`);
} catch (error) {
  console.error(error);
  failed = true;
}
await bench.end(failed);

/** The publishers' sampled states, largest first: "running 60 %, Lock: object 30 %". */
function waitsOf(r: NotifyCeiling): string {
  return Object.entries(r.waits)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([wait, share]) => `${wait} ${(share * 100).toFixed(0)} %`)
    .join(', ');
}

function report(notify: NotifyCeiling[], chat: ChatCapacityResult[], reads: ReadCapacityRow[]): string {
  const m = machine();
  const lines = [
    `### Capacity bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}; embedded PostgreSQL on the same cores. Command: \`pnpm --filter @parceldesk/server bench:capacity\` (after \`pnpm build\` and \`build:bench\`). Load average at the end: ${load()}.`,
  ];
  if (chat.length) {
    lines.push(
      '',
      `Chat: every socket in one courier thread, following messageAdded and its unread counts; ${RATES.join(' then ')} messages/s for ${SECONDS} s each on the same sockets, each message over its sender's socket, timed until the other participant's socket has it. Servers behind nginx (round robin).`,
      '',
      '| processes | sockets | opened in | msg/s | sent | failed | lost | p50 ms | p99 ms | max ms | CPU ms/msg: servers + PostgreSQL + nginx (client) | idle sockets: cores | NOTIFY/msg | RSS MB | load |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|',
      ...chat.map((r) => {
        const c = r.cpuPerMessage;
        return `| ${r.processes} | ${r.sockets.toLocaleString('en')} | ${r.connectSeconds.toFixed(0)} s | ${r.rate} | ${r.sent} | ${r.failed} | ${r.lost} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${c.servers.toFixed(2)} + ${c.postgres.toFixed(2)} + ${c.nginx.toFixed(2)} (${c.client.toFixed(2)}) | ${r.idleServerCores.toFixed(2)} | ${r.notifiesPerMessage.toFixed(1)} | ${r.rssMb.map((x) => x.toFixed(0)).join(' + ')} | ${r.loadAverage[0]!.toFixed(1)} |`;
      }),
    );
  }
  if (notify.length) {
    lines.push(
      '',
      'NOTIFY ceiling: 16 connections publishing as fast as answered (4 s), the app\'s event payload; listeners as the server processes listen (one connection each).',
      '',
      '| listeners | NOTIFY per transaction | NOTIFY/s | transactions/s | delivered | p50 / p99 ms | PostgreSQL cores | client cores | publishers in PostgreSQL (sampled) | load |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
      ...notify.map(
        (r) =>
          `| ${r.listeners} | ${r.batch} | ${r.notifiesPerSecond.toFixed(0)} | ${r.transactionsPerSecond.toFixed(0)} | ${(r.delivered * 100).toFixed(1)} % | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.postgresCores.toFixed(2)} | ${r.clientCores.toFixed(2)} | ${waitsOf(r)} | ${r.loadAverage[0]!.toFixed(1)} |`,
      ),
    );
  }
  if (reads.length) {
    lines.push(
      '',
      'Reads: 8 concurrent clients through nginx, 3 alternating rounds of 3 s per side, medians. Ratios: ParcelDesk / baseline.',
      '',
      '| operation | 1 process req/s | 3 processes req/s | baseline req/s | ratio 1 / 3 processes | 3 : 1 | p99 ms 1 / 3 / baseline | CPU ms/req servers + PostgreSQL: 1 / 3 / baseline |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...reads.map(
        (r) =>
          `| ${r.name} | ${r.one.toFixed(0)} | ${r.three.toFixed(0)} | ${r.baseline.toFixed(0)} | ${(r.one / r.baseline).toFixed(2)} / ${(r.three / r.baseline).toFixed(2)} | ${(r.three / r.one).toFixed(2)} | ${r.p99.one.toFixed(1)} / ${r.p99.three.toFixed(1)} / ${r.p99.baseline.toFixed(1)} | ${(['one', 'three', 'baseline'] as const).map((side) => `${r.cpu[side].servers.toFixed(2)} + ${r.cpu[side].postgres.toFixed(2)}`).join(' / ')} |`,
      ),
    );
  }
  return lines.join('\n');
}
