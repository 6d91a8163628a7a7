// pnpm --filter @parceldesk/server bench:search (also a step of `pnpm bench`): the agents' search
// (issue 17) at 100,000 cases and 1,000,000 chat messages. A throwaway embedded PostgreSQL gets the
// demo data and bench/dataset.ts, then set-based SQL tops it up to those sizes (closed cases over
// the 20,000 orders; closed support threads with their messages). The built server (production
// settings, its own process) answers `deskSearch` as an agent, for a mix of what agents type:
// case numbers, their start, order numbers, waybills, whole phones, names, and digits that are not
// a whole phone. Reports p50/p95/p99 per kind and overall, with the load average, to
// bench-results/search.{json,md}; exits 1 when the overall p95 is over 50 ms.
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { benchPostgres } from './bench-postgres.js';
import { benchToken, generateDataset } from './dataset.js';
import { spawnServer } from './processes.js';
import { searchStatement } from '../dist/workspace/search.reads.js';

const CASES = 100_000;
const MESSAGES = 1_000_000;
const TARGET_P95_MS = 50;
const REQUESTS_PER_KIND = 60;
const CLIENTS = 4;
/** CPU time (user + system) a process has used, in ms (Linux /proc; 100 ticks per second). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const loadAtStart = os.loadavg().map((n) => n.toFixed(1)).join(', ');

/** `--plans-only`: build the data, write the plans, skip the HTTP run. */
const PLANS_ONLY = Symbol('plans only');
const uid = (label: string, n: string) => `md5('${label}' || ${n})::uuid`;

/** Tops the bench data set up to CASES cases and MESSAGES messages (set-based, a few statements). */
async function topUp(db: pg.Client): Promise<{ cases: number; messages: number; ms: number }> {
  const started = performance.now();
  const [{ n: cases }] = (await db.query('select count(*)::int as n from complaints')).rows;
  const [{ n: messages }] = (await db.query('select count(*)::int as n from messages')).rows;
  const moreCases = Math.max(0, CASES - cases);
  // Closed cases, five per order at most, spread over the bench's 20,000 orders.
  await db.query(`insert into complaints (id, case_no, order_id, buyer_id, status, channel, channels, description, first_response_due_at,
                    resolution_due_at, first_responded_at, resolution_kind, refund_cents, decided_at, disputes, version, created_at, updated_at, closed_at)
    select ${uid('bench-case', 'i')}, 'CX' || lpad(i::text, 10, '0'), o.id, o.buyer_id, 'CLOSED'::complaint_status, 'PLATFORM'::complaint_channel,
           array['PLATFORM'], '少件 ' || i, o.created_at + interval '1 day', o.created_at + interval '3 days', o.created_at + interval '2 hours',
           'REFUND', 990, o.created_at + interval '1 day', 0, 1, o.created_at + interval '1 hour', o.created_at + interval '1 day', o.created_at + interval '8 days'
      from generate_series(1, ${moreCases}) i join orders o on o.order_no = 'BN' || lpad((1 + i % 20000)::text, 10, '0')`);
  // Closed support threads of the bench buyers, 40 messages each, until MESSAGES.
  const threads = Math.ceil(Math.max(0, MESSAGES - messages) / 40);
  await db.query(`insert into threads (id, kind, buyer_id, last_seq, last_message_at, closed_at, created_at)
    select ${uid('bench-thread', 'i')}, 'SUPPORT'::thread_kind, u.id, 40, timestamptz '2026-10-01' + make_interval(mins => i), timestamptz '2026-10-02' + make_interval(mins => i),
           timestamptz '2026-10-01' + make_interval(mins => i)
      from generate_series(1, ${threads}) i join users u on u.phone = '150' || lpad((1 + i % 1000)::text, 8, '0')`);
  await db.query(`insert into messages (id, thread_id, seq, kind, author_id, body, created_at)
    select ${uid('bench-msg', "i || '-' || k")}, ${uid('bench-thread', 'i')}, k, 'TEXT'::message_kind, null, '请问我的包裹少了一件怎么办 ' || k,
           timestamptz '2026-10-01' + make_interval(mins => i, secs => k)
      from generate_series(1, ${threads}) i cross join generate_series(1, 40) k`);
  await db.query('analyze');
  const [{ c }] = (await db.query('select count(*)::int as c from complaints')).rows;
  const [{ m }] = (await db.query('select count(*)::int as m from messages')).rows;
  return { cases: c, messages: m, ms: performance.now() - started };
}

/** What agents type, by kind: each a function of a counter so that every request differs. */
const KINDS: Record<string, (i: number) => string> = {
  'case number': (i) => `CX${String(1 + ((i * 7919) % CASES)).padStart(10, '0')}`,
  'case number, its start': (i) => `CX${String(1 + ((i * 31) % 9999)).padStart(6, '0')}`,
  'order number': (i) => `BN${String(1 + ((i * 613) % 20000)).padStart(10, '0')}`,
  waybill: (i) => `BW${String(2 + ((i * 389) % 40000)).padStart(10, '0')}`,
  'whole phone': (i) => `150${String(1 + ((i * 17) % 1000)).padStart(8, '0')}`,
  'buyer name': (i) => `买家${1 + ((i * 13) % 1000)}`,
  'part of a phone (finds no one)': (i) => `1500000${String(i % 1000).padStart(3, '0')}`,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const logger = pino({ level: 'warn' });
const bench = await benchPostgres('bench-search', logger);
let failed = false;
try {
  const databaseUrl = await bench.demoDatabase();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  db.on('error', () => undefined);
  const base = await generateDataset(db);
  const sizes = await topUp(db);
  // PostgreSQL's own time per statement (EXPLAIN ANALYZE, median of 5), apart from the machine's load;
  // the last plan of each kind is written out (bench-results/search-plans.txt) to read where it goes.
  const dbMs: Record<string, number> = {};
  const plans: string[] = [];
  for (const [kind, make] of Object.entries(KINDS)) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { sql, params } = searchStatement(make(i + 100));
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      const plan = (await db.query(`explain (analyze, format json) ${text}`, params)).rows[0]['QUERY PLAN'][0];
      times.push(plan['Execution Time'] + plan['Planning Time']);
      if (i === 4) {
        const lines = (await db.query(`explain (analyze, buffers, format text) ${text}`, params)).rows.map((r: Record<string, string>) => r['QUERY PLAN']);
        plans.push(`=== ${kind}: ${JSON.stringify(params)}`, ...lines, '');
      }
    }
    dbMs[kind] = times.sort((a, b) => a - b)[2]!;
  }
  const resultsDir = path.resolve(import.meta.dirname, '../../bench-results');
  await fs.mkdir(resultsDir, { recursive: true });
  await fs.writeFile(path.join(resultsDir, 'search-plans.txt'), `${plans.join('\n')}\n`);
  if (process.argv.includes('--plans-only')) {
    console.log(`plans written; PostgreSQL ms per kind: ${JSON.stringify(dbMs)}`);
    throw PLANS_ONLY;
  }
  await db.end();
  console.log(`Data set: ${sizes.cases} cases, ${sizes.messages} messages (bench data ${(base.ms / 1000).toFixed(1)} s, top-up ${(sizes.ms / 1000).toFixed(1)} s)`);

  const server = await spawnServer('ours', 'dist/main.js', databaseUrl, /ParcelDesk: (\S+)/);
  const rows: { kind: string; p50: number; p95: number; p99: number; hits: number; dbMs: number }[] = [];
  let cpuBefore = 0;
  let cpuPerSearch = 0;
  const all: number[] = [];
  try {
    const ask = async (query: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${benchToken('agent')}` },
        body: JSON.stringify({ query: 'query($q: String!) { deskSearch(query: $q) { kind id label buyerMaskedPhone complaintId threadId } }', variables: { q: query } }),
      });
      const body = (await response.json()) as { data?: { deskSearch: unknown[] }; errors?: unknown };
      if (!body.data) throw new Error(`deskSearch ${query}: ${JSON.stringify(body.errors)}`);
      return { ms: performance.now() - started, hits: body.data.deskSearch.length };
    };
    for (let i = 0; i < 20; i++) await ask(KINDS.waybill!(i)); // warm the connections and plans
    cpuBefore = await cpuMs(server.pid);
    for (const [kind, make] of Object.entries(KINDS)) {
      const times: number[] = [];
      let hits = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < REQUESTS_PER_KIND) {
            const r = await ask(make(next++));
            times.push(r.ms);
            hits += r.hits;
          }
        }),
      );
      times.sort((a, b) => a - b);
      all.push(...times);
      rows.push({ kind, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), hits: hits / times.length, dbMs: dbMs[kind]! });
    }
    cpuPerSearch = (await cpuMs(server.pid)) - cpuBefore;
  } finally {
    await server.stop();
  }
  all.sort((a, b) => a - b);
  cpuPerSearch /= all.length;
  const overall = { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) };
  const load = os.loadavg().map((n) => n.toFixed(1)).join(', ');
  failed = overall.p95 > TARGET_P95_MS;
  const md = [
    `Search (deskSearch over HTTP, ${CLIENTS} clients, ${REQUESTS_PER_KIND} requests per kind) at ${sizes.cases.toLocaleString('en')} cases and ${sizes.messages.toLocaleString('en')} messages; load average ${load}`,
    '',
    '| what is typed | p50 ms | p95 ms | p99 ms | hits per search | PostgreSQL ms (plan + execute) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.kind} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.hits.toFixed(1)} | ${r.dbMs.toFixed(2)} |`),
    `| **all** | ${overall.p50.toFixed(1)} | **${overall.p95.toFixed(1)}** | ${overall.p99.toFixed(1)} | | |`,
    '',
    `The server process's own CPU per search (user + system, from /proc): ${cpuPerSearch.toFixed(2)} ms; load average at the start ${loadAtStart}.`,
    `Target: p95 under ${TARGET_P95_MS} ms: ${failed ? 'MISSED' : 'met'}.`,
  ].join('\n');
  const out = path.resolve(import.meta.dirname, '../../bench-results');
  await fs.mkdir(out, { recursive: true });
  await fs.writeFile(path.join(out, 'search.json'), JSON.stringify({ sizes, rows, overall, cpuPerSearch, loadAtStart, loadAverage: os.loadavg(), at: new Date().toISOString() }, null, 2));
  await fs.writeFile(path.join(out, 'search.md'), `${md}\n`);
  console.log(`\n${md}`);
} catch (error) {
  if (error !== PLANS_ONLY) {
    console.error(error);
    failed = true;
  }
}
await bench.end(failed);
