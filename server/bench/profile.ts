// `node dist-bench/profile.js [--only=<operation>] [--seconds=10] [--empty]`: where ParcelDesk's
// CPU goes under the read-path load. Builds the bench's data set, starts dist/main.js with
// `--cpu-prof`, loads it with one operation (or with `{ __typename }` for --empty: the cost of
// the pipeline itself) from 8 clients, then prints the self time by package and by function.
// The .cpuprofile stays in bench-results/ for Chrome DevTools.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { benchPostgres } from './bench-postgres.js';
import { benchToken, generateDataset } from './dataset.js';
import { load } from './load.js';
import { OPERATIONS } from './operations.js';
import { spawnServer } from './processes.js';
import { RESULTS_DIR } from './report.js';
import { loadWebDocuments } from './web-documents.js';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const seconds = Number(option('seconds') ?? 10);
const empty = args.includes('--empty');
/** Profile the baseline (bench/baseline) instead of ParcelDesk, to compare the two. */
const baseline = args.includes('--baseline');
/**
 * Instead of V8's sampler (whose signals land in syscalls and inflate them), read the process's
 * real CPU time from /proc and record it with Linux perf (kernel and JIT frames): `perf report -i`.
 */
const usePerf = args.includes('--perf');
/** No profiler at all: only throughput and the process's CPU per request (for quick A/B checks). */
const cpuOnly = args.includes('--cpu');
/** `--env=NAME=value` (repeatable): the server's environment, e.g. `--env=GRAPHQL_COMPILED=off` for an A/B. */
const serverEnv = Object.fromEntries(args.filter((a) => a.startsWith('--env=')).map((a) => a.slice('--env='.length).split(/=(.*)/s).slice(0, 2)));
const operation = empty ? null : OPERATIONS.find((op) => op.name.includes(option('only') ?? 'myOrders'));
if (!empty && !operation) throw new Error('no such operation');
const label = `${operation ? operation.document : 'empty'}${baseline ? '.baseline' : ''}`;

const logger = pino({ level: 'warn' });
const bench = await benchPostgres('profile', logger);
const profileDir = path.join(RESULTS_DIR, 'profiles');
await fs.mkdir(profileDir, { recursive: true });
try {
  const databaseUrl = await bench.demoDatabase();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await generateDataset(db).finally(() => db.end());

  const body = operation
    ? JSON.stringify({ operationName: operation.document, query: loadWebDocuments().get(operation.document), variables: operation.variables })
    : JSON.stringify({ query: '{ __typename }' });
  const token = benchToken(operation?.viewer ?? 'buyer');
  const before = new Set(await fs.readdir(profileDir));
  const [script, ready] = baseline ? ['dist-bench/baseline/main.js', /listening (\S+)/] : ['dist/main.js', /ParcelDesk: (\S+)/];
  const nodeArgs = cpuOnly ? [] : usePerf ? ['--perf-basic-prof-only-functions'] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=200'];
  const server = await spawnServer(label, script, databaseUrl, ready, serverEnv, nodeArgs);
  await load(server.url, body, token, 8, 2); // warm up
  const transactionsBefore = await committedTransactions(databaseUrl);
  const cpuBefore = await processCpuMs(server.pid);
  const postgresBefore = await postgresCpuMs();
  const perfFile = path.join(profileDir, `${label}.perf.data`);
  const perf = usePerf ? spawn('perf', ['record', '-F', '997', '-g', '-o', perfFile, '-p', String(server.pid)], { stdio: 'ignore' }) : null;
  const result = await load(server.url, body, token, 8, seconds);
  const cpuMs = (await processCpuMs(server.pid)) - cpuBefore;
  const postgresMs = (await postgresCpuMs()) - postgresBefore;
  const transactions = (await committedTransactions(databaseUrl)) - transactionsBefore;
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((resolve) => perf.once('exit', resolve));
  }
  await server.stop();
  console.log(`${label}: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`);
  console.log(`process CPU (user + system, all threads): ${((cpuMs * 1000) / result.requests).toFixed(0)} µs per request`);
  console.log(`PostgreSQL CPU (all its processes): ${((postgresMs * 1000) / result.requests).toFixed(0)} µs per request`);
  // Each statement outside a transaction commits one: this counts what reached PostgreSQL, background work included.
  console.log(`PostgreSQL transactions: ${(transactions / result.requests).toFixed(2)} per request`);
  if (cpuOnly) {
    // nothing more to show
  } else if (perf) {
    console.log(`\nperf: perf report -i ${perfFile} --no-children --sort dso,sym`);
  } else {
    const written = (await fs.readdir(profileDir)).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
    if (!written) throw new Error('no profile written');
    const file = path.join(profileDir, `${label}.cpuprofile`);
    await fs.rename(path.join(profileDir, written), file);
    summarise(JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile, seconds, result.requests);
    console.log(`\nProfile: ${file}`);
  }
} catch (error) {
  console.error(error);
  await bench.end(true);
}
await bench.end(false);

/** Transactions committed in the bench's database so far (pg_stat_database, flushed first). */
async function committedTransactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_stat_force_next_flush()');
    const { rows } = await client.query<{ n: string }>('select xact_commit as n from pg_stat_database where datname = current_database()');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** utime + stime of a process (all its threads) in ms, from /proc/<pid>/stat. */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * CPU time of this bench's PostgreSQL: the postgres process started by this process and its
 * children (backends, writers). Other postgres servers on the machine are left out. A backend that
 * exits during the window takes its time with it, so compare runs, not single figures.
 */
async function postgresCpuMs(): Promise<number> {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const close = stat.lastIndexOf(')');
    names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
    parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
  }
  const postmasters = [...parents].filter(([pid, parent]) => parent === process.pid && names.get(pid) === 'postgres').map(([pid]) => pid);
  const ours = [...parents].filter(([pid, parent]) => postmasters.includes(pid) || postmasters.includes(parent)).map(([pid]) => pid);
  let total = 0;
  for (const pid of ours) total += await processCpuMs(pid).catch(() => 0);
  return total;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Self time per package (node_modules/<name>, our dist, node internals, GC…) and per function, and
 * inclusive time per function, over the samples of the measured window only (the last `seconds`
 * before the profile ends; start-up and warm-up are left out). Microseconds per request beside.
 */
function summarise(profile: CpuProfile, seconds: number, requests: number): void {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const from = profile.endTime - (seconds + 0.5) * 1e6;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    t += us;
    if (t < from) continue;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const key = frameName(node.callFrame);
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id)!.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const line = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}% ${(us / requests).toFixed(0).padStart(5)} µs/req`;
  console.log(`\nbusy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s, ${requests} requests: ${(total / requests).toFixed(0)} µs CPU per request`);
  console.log('\nself time by package:');
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${line(us)}  ${name}`);
  console.log('\nself time by function:');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${line(us)}  ${name}`);
  console.log('\ninclusive time by function:');
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(option('inclusive') ?? 60))) console.log(`  ${line(us)}  ${name}`);
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^.*\/(server|shared)\/dist(?:-bench)?\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/(server|shared)\/dist(?:-bench)?\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}
