import type { Logger } from 'pino';

/** Runs one SQL statement on the app's pool (`?` placeholders) and returns its rows. */
export type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

export interface CounterState {
  /** Points counted in the current window, this consume included. */
  points: number;
  /** Until the window ends. */
  msBeforeNext: number;
}

const RETURNING = `returning key, points, greatest(0, ceil(extract(epoch from (expires_at - now())) * 1000))::bigint as ms`;

/**
 * Fixed-window counters in PostgreSQL (table `rate_counter`), shared by every server process, so
 * that N processes enforce the limits of one (the same windows rate-limiter-flexible's memory
 * store kept per process). Each consume is one atomic upsert: a row whose window has ended starts
 * over, otherwise the points are added; the statement returns the new total. Expired rows are
 * removed by the `limits.sweep-expired` job.
 */
export class SharedCounters {
  constructor(private readonly execute: Execute) {}

  /** Adds points to each key (one statement) and returns each key's state. */
  async consume(entries: { key: string; points: number }[], windowSeconds: number): Promise<Map<string, CounterState>> {
    if (entries.length === 0) return new Map();
    const rows = (await this.execute(
      `insert into rate_counter as c (key, points, expires_at)
         values ${entries.map(() => '(?, ?, now() + make_interval(secs => ?))').join(', ')}
       on conflict (key) do update set
         points = case when c.expires_at <= now() then excluded.points else c.points + excluded.points end,
         expires_at = case when c.expires_at <= now() then excluded.expires_at else c.expires_at end
       ${RETURNING}`,
      entries.flatMap((entry) => [entry.key, entry.points, windowSeconds]),
    )) as { key: string; points: number; ms: number }[];
    return new Map(rows.map((row) => [row.key, { points: Number(row.points), msBeforeNext: Number(row.ms) }]));
  }

  async consumeOne(key: string, points: number, windowSeconds: number): Promise<CounterState> {
    return (await this.consume([{ key, points }], windowSeconds)).get(key)!;
  }

  /** The key's state, or null when it has no live window. */
  async get(key: string): Promise<CounterState | null> {
    const rows = (await this.execute(
      `select points, greatest(0, ceil(extract(epoch from (expires_at - now())) * 1000))::bigint as ms
         from rate_counter where key = ? and expires_at > now()`,
      [key],
    )) as { points: number; ms: number }[];
    return rows[0] ? { points: Number(rows[0].points), msBeforeNext: Number(rows[0].ms) } : null;
  }

  /** Sets a key to `points` with a fresh window (a marker such as a known login address). */
  async set(key: string, points: number, windowSeconds: number): Promise<void> {
    await this.execute(
      `insert into rate_counter (key, points, expires_at) values (?, ?, now() + make_interval(secs => ?))
       on conflict (key) do update set points = excluded.points, expires_at = excluded.expires_at`,
      [key, points, windowSeconds],
    );
  }

  async delete(key: string): Promise<void> {
    await this.execute(`delete from rate_counter where key = ?`, [key]);
  }
}

/** The job that keeps `rate_counter` small (ended windows count as nothing already). */
export const SWEEP_EXPIRED_COUNTERS_SQL = `delete from rate_counter where expires_at < now() - interval '1 minute'`;

interface LocalEntry {
  /** The shared total as of the last statement for this key. */
  known: number;
  /** Points admitted here and not yet written. */
  pending: number;
  /** When the window ends (from the database's answer; an estimate before the first one). */
  resetAt: number;
}

export interface Admission {
  allowed: boolean;
  msBeforeNext: number;
}

/**
 * A limit charged on hot paths (the request budget on every request, chat sends), counted in the
 * shared table without a statement per charge. Far from the limit a process admits locally and
 * writes its points in one statement for all keys every `flushMs`; once a key's local total comes
 * within `headroom` of the limit (a tenth of it), or its unwritten points reach the headroom, the
 * charge waits for an exact upsert. So one process never admits more than the limit, and N
 * processes together at most (N - 1) x headroom more (documented in docs/deployment.md); a key
 * refused once is refused locally until its window ends, so a flood costs no statements.
 */
export class BatchedLimit {
  private readonly entries = new Map<string, LocalEntry>();
  private readonly headroom: number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly counters: SharedCounters,
    private readonly limit: { points: number; windowSeconds: number },
    private readonly logger: Logger,
    private readonly flushMs = 100,
    /** Local entries kept at most (one per active key per window). */
    private readonly capacity = 100_000,
  ) {
    this.headroom = Math.max(1, Math.floor(limit.points / 10));
  }

  async consume(key: string, points: number): Promise<Admission> {
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { known: 0, pending: entry?.pending ?? 0, resetAt: now + this.limit.windowSeconds * 1000 };
      this.remember(key, entry);
    }
    if (entry.known > this.limit.points) return { allowed: false, msBeforeNext: entry.resetAt - now };
    const local = entry.known + entry.pending + points;
    if (local <= this.limit.points - this.headroom && entry.pending + points <= this.headroom) {
      entry.pending += points;
      this.flushSoon();
      return { allowed: true, msBeforeNext: entry.resetAt - now };
    }
    const take = entry.pending + points;
    entry.pending = 0;
    const state = await this.counters.consumeOne(key, take, this.limit.windowSeconds);
    this.observe(entry, state);
    return { allowed: state.points <= this.limit.points, msBeforeNext: state.msBeforeNext };
  }

  /** Writes what is pending now (also on stop). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private flushSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch: { key: string; points: number }[] = [];
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.pending > 0) {
        batch.push({ key, points: entry.pending });
        entry.pending = 0;
      } else if (entry.resetAt <= now) this.entries.delete(key);
    }
    if (batch.length === 0) return;
    try {
      const states = await this.counters.consume(batch, this.limit.windowSeconds);
      for (const [key, state] of states) {
        const entry = this.entries.get(key);
        if (entry) this.observe(entry, state);
      }
    } catch (error) {
      // The points are lost for the shared count (each process still held its own to the limit).
      this.logger.warn({ err: error, keys: batch.length }, 'shared limit flush failed');
    }
  }

  /**
   * Takes in a total the database answered. Answers to concurrent charges arrive in any order and
   * a window's total only grows, so the largest one wins, unless the answer is of a newer window.
   */
  private observe(entry: LocalEntry, state: CounterState): void {
    const resetAt = Date.now() + state.msBeforeNext;
    const newWindow = resetAt > entry.resetAt + 1000;
    entry.known = newWindow ? state.points : Math.max(entry.known, state.points);
    entry.resetAt = newWindow ? resetAt : Math.min(entry.resetAt, resetAt);
  }

  private remember(key: string, entry: LocalEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
