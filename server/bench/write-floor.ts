// The SQL floor of a write (issue 22, item 3): the statements one write runs, captured at the driver
// (floor.ts's recorder) while the in-process server answers it and its outbox delivers what it
// queued, then replayed bare with node-postgres inside a transaction that is rolled back, at the
// same concurrency as the load on the server. The replay runs on a copy of the database made
// before the capture (writes.ts), so every replay finds the rows in the state the write found
// them (the versioned UPDATE matches, the INSERTs insert) and leaves them so.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { CapturedStatement } from './floor.js';

/** Transaction control: the replay brackets a unit in one transaction of its own. */
const CONTROL = /^\s*(begin|start\s+transaction|commit|rollback|savepoint|release)\b/i;
/** Not part of any write: the LISTEN connection, presence and live-socket heartbeats, the job ticks, limiter counters. */
const UNRELATED = /^\s*(listen|unlisten)\b|user_presence|live_socket|scheduled_job|rate_counter/i;

/** Which captured statements a write's floor replays. */
export const isWriteStatement = (text: string) => !UNRELATED.test(text) && !CONTROL.test(text);

const nameOf = (text: string) => `wfloor_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;

export interface FloorLoad {
  units: number;
  seconds: number;
  unitsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
}

/**
 * `units[c]`: the statements client c replays, one unit after the other for `seconds`: BEGIN, each
 * statement prepared (parsed and planned once per connection) one after the other, ROLLBACK. One
 * connection per client, as a write holds one for its transaction.
 */
export async function loadWriteFloor(databaseUrl: string, units: CapturedStatement[][], seconds: number): Promise<FloorLoad> {
  const clients = await Promise.all(
    units.map(async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const times: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const until = started + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client, c) => {
        const statements = units[c]!.map((s) => ({ name: nameOf(s.text), text: s.text, values: s.values }));
        while (performance.now() < until) {
          const t = performance.now();
          await client.query('BEGIN');
          try {
            for (const statement of statements) await client.query(statement);
          } catch (error) {
            errors++;
            firstError ??= String((error as Error).message);
          }
          await client.query('ROLLBACK');
          times.push(performance.now() - t);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return { units: times.length, seconds: elapsed, unitsPerSec: times.length / elapsed, p50: at(50), p99: at(99), errors, firstError };
}
