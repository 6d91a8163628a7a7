// The SQL floor of a request (issue 22): the statements one request of an operation runs, captured
// at the driver while the in-process server answers it, then replayed bare with node-postgres at
// the same concurrency as the load on the server: each as a named prepared statement (parsed and
// planned once per connection), the ones the server ran at the same time in parallel on separate
// connections, the others one after the other. No HTTP, no GraphQL, no ORM: what is left is the
// driver and PostgreSQL, the least any server returning the same rows could spend.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import path from 'node:path';
import { percentile, type LoadResult } from './load.js';
import { RESULTS_DIR } from './report.js';

export interface CapturedStatement {
  text: string;
  values: unknown[] | undefined;
  started: number;
  ended: number;
}

/** Statements of background work (timers, bookkeeping) that are not part of a request's answer. */
const BACKGROUND = /pg_notify|outbox_messages|user_presence|live_socket|scheduled_job|rate_counter|^\s*(listen|unlisten)\b/i;

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

/**
 * Records what goes through `pg.Client#query` in this process between start() and stop(). Knex
 * (under MikroORM) and the server's own prepared statements both send through it, with a callback
 * or a promise; either way the end time is taken when the answer is in.
 */
export function statementRecorder() {
  let recording: CapturedStatement[] | null = null;
  // The ORM's driver may be another copy of node-postgres than the server's own (the lockfile
  // holds two versions): record through both.
  const fromServer = createRequire(import.meta.url);
  const ormPg = createRequire(fromServer.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
  const prototypes = [...new Set([pg.Client.prototype, ormPg.Client.prototype])] as unknown as { query: (...args: QueryArgs) => unknown }[];
  const originals = prototypes.map((prototype) => prototype.query);
  const recordingQuery = (original: (...args: QueryArgs) => unknown) => function (this: unknown, ...args: QueryArgs) {
    if (!recording) return original.apply(this, args);
    const [config, values] = args;
    const text = typeof config === 'string' ? config : (config as { text: string }).text;
    const params = typeof config === 'object' && config && 'values' in config ? (config as { values?: unknown[] }).values : Array.isArray(values) ? values : undefined;
    const entry: CapturedStatement = { text, values: params, started: performance.now(), ended: Number.NaN };
    recording.push(entry);
    const done = () => (entry.ended = performance.now());
    const callbackAt = args.findIndex((arg, i) => i > 0 && typeof arg === 'function');
    if (callbackAt > 0) {
      const callback = args[callbackAt] as (...result: unknown[]) => void;
      args[callbackAt] = (...result: unknown[]) => {
        done();
        callback(...result);
      };
    }
    // Knex passes a query object with its own callback: wrap that one too.
    if (typeof config === 'object' && config && typeof (config as { callback?: unknown }).callback === 'function') {
      const own = config as { callback: (...result: unknown[]) => void };
      const callback = own.callback;
      own.callback = (...result: unknown[]) => {
        done();
        callback(...result);
      };
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  };
  prototypes.forEach((prototype, i) => (prototype.query = recordingQuery(originals[i]!)));
  return {
    start: () => void (recording = []),
    /** `keep`: which statements count (default: all but background work's). */
    stop(keep: (text: string) => boolean = (text) => !BACKGROUND.test(text)): CapturedStatement[] {
      const captured = (recording ?? []).filter((statement) => keep(statement.text));
      recording = null;
      if (!captured.length) throw new Error('the floor captured no statement: is the server on another copy of node-postgres?');
      return captured;
    },
    restore: () => prototypes.forEach((prototype, i) => (prototype.query = originals[i]!)),
  };
}

/**
 * Statements in the order the server ran them, grouped in waves: a statement that started before
 * every earlier one of its wave had finished ran beside them (the server's parallel reads), so it
 * joins that wave; otherwise it waited for them and starts the next one.
 */
export function wavesOf(statements: CapturedStatement[]): CapturedStatement[][] {
  const waves: CapturedStatement[][] = [];
  let waveEnd = -Infinity;
  for (const statement of [...statements].sort((a, b) => a.started - b.started)) {
    if (statement.started < waveEnd && waves.length) waves.at(-1)!.push(statement);
    else waves.push([statement]);
    waveEnd = Math.max(waveEnd, statement.ended);
  }
  return waves;
}

const nameOf = (text: string) => `floor_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;

/** The captured waves replayed back to back by `clients` loops for `seconds`, as load.ts loads a server. */
export async function loadFloor(databaseUrl: string, waves: CapturedStatement[][], clients: number, seconds: number): Promise<LoadResult> {
  const width = Math.max(1, ...waves.map((wave) => wave.length));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: clients * width });
  const prepared = waves.map((wave) => wave.map((s) => ({ name: nameOf(s.text), text: s.text, values: s.values })));
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            for (const wave of prepared) await Promise.all(wave.map((statement) => pool.query(statement)));
          } catch {
            errors++;
          }
          times.push(performance.now() - t);
        }
      }),
    );
  } finally {
    await pool.end();
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { requests: times.length, seconds: elapsed, reqPerSec: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), errors };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) a process has used, from /proc; 0 when it cannot be read. With
 * `endedChildren`, also those of its children that have exited (a backend whose connection closed).
 */
function cpuSecondsOfPid(pid: number, endedChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state ppid ... utime stime cutime cstime (14-17 of proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = fields[11]! + fields[12]!;
    return (endedChildren ? own + fields[13]! + fields[14]! : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of PostgreSQL: the postmaster and every backend and helper it started, live or ended. */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuSecondsOfPid(postmasterPid, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmasterPid) total += cpuSecondsOfPid(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds of a server: another process by pid, or this one (the floor's replay runs here). */
export function serverCpuSeconds(pid: number | 'self'): number {
  if (pid !== 'self') return cpuSecondsOfPid(pid);
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The postmaster's pid, from postmaster.pid in the embedded database's directory. */
export const postmasterPidOf = (databaseDir: string) => Number(fs.readFileSync(`${databaseDir}/postmaster.pid`, 'utf8').split('\n')[0]);

/** The captured statements of each operation, wave by wave, in bench-results/floor-statements.txt (to read, not parsed). */
export function writeFloorStatements(floors: Map<string, CapturedStatement[][]>): void {
  const lines: string[] = [];
  for (const [name, waves] of floors) {
    lines.push(`## ${name}: ${waves.flat().length} statements in ${waves.length} waves`);
    waves.forEach((wave, i) => {
      for (const s of wave) lines.push(`-- wave ${i + 1}, ${(s.ended - s.started).toFixed(2)} ms, values ${JSON.stringify(s.values ?? [])}`, s.text, '');
    });
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'floor-statements.txt'), lines.join('\n'));
}
