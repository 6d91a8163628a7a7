import { isDeepStrictEqual } from 'node:util';
import http from 'node:http';
import type { Logger } from 'pino';
import { createServer } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import type { Orm } from '../dist/db/orm.js';
import { startBaselineServer } from './baseline/baseline-server.js';
import { benchToken } from './dataset.js';
import { load, post, type LoadResult } from './load.js';
import { OPERATIONS, type BenchOperation } from './operations.js';
import { loadFloor, postgresCpuSeconds, serverCpuSeconds, statementRecorder, wavesOf, writeFloorStatements, type CapturedStatement } from './floor.js';
import { BENCH_ENV, spawnServer } from './processes.js';
import { loadWebDocuments } from './web-documents.js';

export const TARGET_RATIO = 0.7;
/** Issue 22's target against the SQL floor: reported, not yet a failing gate. */
export const FLOOR_TARGET_RATIO = 0.6;

export interface ReadPathOptions {
  rounds: number;
  secondsPerRun: number;
  clients: number;
  /** Only operations whose name contains this. */
  only?: string;
}

interface SideSummary {
  reqPerSec: number;
  p50: number;
  p99: number;
  sqlPerRequest: number;
  /** CPU ms per request: the server's process (the floor: the replaying process) and PostgreSQL's. */
  cpuMs: { server: number; postgres: number };
}

export interface OperationResult {
  name: string;
  document: string;
  ours: SideSummary;
  baseline: SideSummary;
  floor: SideSummary & { waves: number };
  ratio: number;
  floorRatio: number;
  rounds: { ours: MeasuredLoad; baseline: MeasuredLoad; floor: MeasuredLoad }[];
  pass: boolean;
}

type MeasuredLoad = LoadResult & { cpuMs: { server: number; postgres: number } };

/** A load run with the CPU time its server and PostgreSQL spent on it, per request. */
async function measured(run: () => Promise<LoadResult>, serverPid: number | 'self', postmasterPid: number): Promise<MeasuredLoad> {
  const [server0, postgres0] = [serverCpuSeconds(serverPid), postgresCpuSeconds(postmasterPid)];
  const result = await run();
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, result.requests);
  return { ...result, cpuMs: { server: perRequest(serverCpuSeconds(serverPid) - server0), postgres: perRequest(postgresCpuSeconds(postmasterPid) - postgres0) } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * For each operation of operations.ts: ParcelDesk and the baseline answer the web app's exact
 * document; both answers must be the same JSON; both are counted for SQL statements (in this
 * process, through the ORM's query log and the baseline's pool); then both run as their own
 * processes and are loaded alternately, `rounds` times, with `clients` concurrent clients.
 */
export async function runReadPathBench(input: {
  orm: Orm;
  databaseUrl: string;
  logger: Logger;
  statements: { count: number };
  /** The embedded PostgreSQL's postmaster, for its CPU time. */
  postmasterPid: number;
  options: ReadPathOptions;
}): Promise<OperationResult[]> {
  const { orm, databaseUrl, logger, statements, postmasterPid, options } = input;
  const documents = loadWebDocuments();
  const operations = OPERATIONS.filter((op) => !options.only || op.name.includes(options.only));
  const bodyOf = (op: BenchOperation) => {
    const query = documents.get(op.document);
    if (!query) throw new Error(`web/src has no operation ${op.document}`);
    return JSON.stringify({ operationName: op.document, query, variables: op.variables });
  };

  // 1. Same answer, and SQL statements per request, in this process.
  const config = loadConfig(BENCH_ENV, { port: 0, host: '127.0.0.1', webDistDir: undefined });
  const ours = await createServer({ config, logger, orm, databaseUrl });
  const oursUrl = await ours.listen();
  await ours.deps.outbox.stop(); // its polling would count as statements of the requests
  let baselineStatements = 0;
  const baseline = await startBaselineServer({ databaseUrl, onQuery: () => baselineStatements++ });
  const agent = new http.Agent({ keepAlive: true });
  const sql = new Map<string, { ours: number; baseline: number }>();
  const floors = new Map<string, CapturedStatement[][]>();
  const recorder = statementRecorder();
  try {
    for (const op of operations) {
      const body = bodyOf(op);
      const token = benchToken(op.viewer);
      const [a, b] = [await post(agent, oursUrl, body, token), await post(agent, baseline.url, body, token)];
      if (a.json.errors || b.json.errors) throw new Error(`${op.name} answered errors: ${JSON.stringify(a.json.errors ?? b.json.errors)}`);
      if (!isDeepStrictEqual(a.json.data, b.json.data)) {
        throw new Error(`${op.name}: ParcelDesk and the baseline answer differently\nours:     ${JSON.stringify(a.json.data).slice(0, 2000)}\nbaseline: ${JSON.stringify(b.json.data).slice(0, 2000)}`);
      }
      const runs = 20;
      const [ours0, base0] = [statements.count, baselineStatements];
      for (let i = 0; i < runs; i++) await post(agent, oursUrl, body, token);
      for (let i = 0; i < runs; i++) await post(agent, baseline.url, body, token);
      sql.set(op.name, { ours: (statements.count - ours0) / runs, baseline: (baselineStatements - base0) / runs });
      // The floor: this request's statements as the warm server runs them.
      recorder.start();
      await post(agent, oursUrl, body, token);
      floors.set(op.name, wavesOf(recorder.stop()));
    }
    writeFloorStatements(floors);
  } finally {
    recorder.restore();
    agent.destroy();
    await ours.stop();
    await baseline.stop();
  }

  // 2. Throughput, each server in its own process, loaded alternately.
  const oursProcess = await spawnServer('ours', 'dist/main.js', databaseUrl, /ParcelDesk: (\S+)/);
  const baselineProcess = await spawnServer('baseline', 'dist-bench/baseline/main.js', databaseUrl, /listening (\S+)/);
  const results: OperationResult[] = [];
  try {
    for (const op of operations) {
      const body = bodyOf(op);
      const token = benchToken(op.viewer);
      const waves = floors.get(op.name)!;
      const runs = {
        ours: () => measured(() => load(oursProcess.url, body, token, options.clients, options.secondsPerRun), oursProcess.pid, postmasterPid),
        baseline: () => measured(() => load(baselineProcess.url, body, token, options.clients, options.secondsPerRun), baselineProcess.pid, postmasterPid),
        floor: () => measured(() => loadFloor(databaseUrl, waves, options.clients, options.secondsPerRun), 'self', postmasterPid),
      };
      await load(oursProcess.url, body, token, options.clients, 1); // warm up (JIT, pools, caches of documents)
      await load(baselineProcess.url, body, token, options.clients, 1);
      await loadFloor(databaseUrl, waves, options.clients, 1);
      const rounds: OperationResult['rounds'] = [];
      for (let round = 0; round < options.rounds; round++) {
        // Rotate which goes first, so drift (heat, other work on the machine) hits all sides alike.
        const order = (['ours', 'baseline', 'floor'] as const).map((_, i, sides) => sides[(i + round) % sides.length]!);
        const measuredRound = {} as OperationResult['rounds'][number];
        for (const side of order) measuredRound[side] = await runs[side]();
        rounds.push(measuredRound);
      }
      for (const r of rounds) if (r.ours.errors || r.baseline.errors || r.floor.errors) throw new Error(`${op.name}: requests failed under load`);
      const summary = (side: 'ours' | 'baseline' | 'floor'): SideSummary => ({
        reqPerSec: median(rounds.map((r) => r[side].reqPerSec)),
        p50: median(rounds.map((r) => r[side].p50)),
        p99: median(rounds.map((r) => r[side].p99)),
        sqlPerRequest: side === 'floor' ? waves.flat().length : sql.get(op.name)![side],
        cpuMs: { server: median(rounds.map((r) => r[side].cpuMs.server)), postgres: median(rounds.map((r) => r[side].cpuMs.postgres)) },
      });
      const result = { name: op.name, document: op.document, ours: summary('ours'), baseline: summary('baseline'), floor: { ...summary('floor'), waves: waves.length }, rounds } as OperationResult;
      result.ratio = result.ours.reqPerSec / result.baseline.reqPerSec;
      result.floorRatio = result.ours.reqPerSec / result.floor.reqPerSec;
      result.pass = result.ratio >= TARGET_RATIO;
      results.push(result);
      const rate = (side: SideSummary) => side.reqPerSec.toFixed(0).padStart(5);
      console.log(
        `  ${op.name.padEnd(24)} ours ${rate(result.ours)} req/s  baseline ${rate(result.baseline)}  floor ${rate(result.floor)}  ` +
          `ratio ${result.ratio.toFixed(2)}${result.pass ? '' : ' BELOW TARGET'}  to floor ${result.floorRatio.toFixed(2)}`,
      );
    }
  } finally {
    await oursProcess.stop();
    await baselineProcess.stop();
  }
  const page = workbenchPage(results);
  if (page) {
    results.push(page);
    console.log(`  ${page.name.padEnd(24)} ours ${page.ours.reqPerSec.toFixed(0).padStart(5)} pages/s  baseline ${page.baseline.reqPerSec.toFixed(0).padStart(5)} pages/s  ratio ${page.ratio.toFixed(2)}${page.pass ? '' : '  BELOW TARGET'}  to floor ${page.floorRatio.toFixed(2)}`);
  }
  return results;
}

/**
 * The agent's case page as the desk opens it: the workbench and the customer's context, one
 * request each. Per round and side, pages per second = 1 / (1/workbench rate + 1/context rate);
 * the medians of the alternating rounds, like every row.
 */
export function workbenchPage(results: OperationResult[]): OperationResult | null {
  const workbench = results.find((r) => r.document === 'Workbench');
  const context = results.find((r) => r.document === 'CaseContext');
  if (!workbench || !context || workbench.rounds.length !== context.rounds.length) return null;
  const combine = (a: MeasuredLoad, b: MeasuredLoad): MeasuredLoad => ({
    requests: Math.min(a.requests, b.requests),
    seconds: a.seconds + b.seconds,
    reqPerSec: 1 / (1 / a.reqPerSec + 1 / b.reqPerSec),
    p50: a.p50 + b.p50,
    p99: a.p99 + b.p99,
    errors: a.errors + b.errors,
    cpuMs: { server: a.cpuMs.server + b.cpuMs.server, postgres: a.cpuMs.postgres + b.cpuMs.postgres },
  });
  const rounds = workbench.rounds.map((r, i) => {
    const c = context.rounds[i]!;
    return { ours: combine(r.ours, c.ours), baseline: combine(r.baseline, c.baseline), floor: combine(r.floor, c.floor) };
  });
  const summary = (side: 'ours' | 'baseline' | 'floor'): SideSummary => ({
    reqPerSec: median(rounds.map((r) => r[side].reqPerSec)),
    p50: median(rounds.map((r) => r[side].p50)),
    p99: median(rounds.map((r) => r[side].p99)),
    sqlPerRequest: workbench[side].sqlPerRequest + context[side].sqlPerRequest,
    cpuMs: { server: median(rounds.map((r) => r[side].cpuMs.server)), postgres: median(rounds.map((r) => r[side].cpuMs.postgres)) },
  });
  const ours = summary('ours');
  const baseline = summary('baseline');
  const floor = { ...summary('floor'), waves: workbench.floor.waves + context.floor.waves };
  const ratio = ours.reqPerSec / baseline.reqPerSec;
  return {
    name: 'workbench + context (one page)',
    document: 'Workbench+CaseContext',
    ours,
    baseline,
    floor,
    ratio,
    floorRatio: ours.reqPerSec / floor.reqPerSec,
    rounds,
    pass: ratio >= TARGET_RATIO,
  };
}
