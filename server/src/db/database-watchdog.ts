import type { Logger } from 'pino';

export interface DatabaseWatchdogOptions {
  /** A trivial query; rejects (or hangs) while the database is unreachable. */
  ping: () => Promise<unknown>;
  /** How long the database may stay unreachable before onLost. */
  graceMs: number;
  logger: Logger;
  /** Called once, when the grace has run out. */
  onLost: (downForMs: number) => void;
}

export interface DatabaseWatchdog {
  stop(): void;
}

/**
 * Watches the database and gives up on it after a bounded grace. A server without its database
 * can only answer 503; exiting non-zero lets a supervisor (systemd, Kubernetes, `pnpm start` in a
 * loop) restart it, which also restarts an embedded PostgreSQL. A short outage (a PostgreSQL
 * restart, a failover) within the grace is ridden out. Logs one line when the database goes and one
 * when it comes back, never a stack per attempt.
 */
export function watchDatabase(options: DatabaseWatchdogOptions): DatabaseWatchdog {
  // Often enough that the exit comes soon after the grace, rarely enough to cost nothing.
  const intervalMs = Math.min(5_000, Math.max(200, Math.floor(options.graceMs / 10)));
  let downSince: number | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const withTimeout = (promise: Promise<unknown>) =>
    new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no answer within ${intervalMs} ms`)), intervalMs);
      promise.then(
        () => (clearTimeout(timeout), resolve()),
        (error: unknown) => (clearTimeout(timeout), reject(error)),
      );
    });

  async function check(): Promise<void> {
    try {
      await withTimeout(options.ping());
      if (downSince !== null) options.logger.info({ downForMs: Date.now() - downSince }, 'database reachable again');
      downSince = null;
    } catch (error) {
      const now = Date.now();
      if (downSince === null) {
        downSince = now;
        options.logger.error(
          { reason: error instanceof Error ? error.message : String(error), graceSeconds: options.graceMs / 1000 },
          'database unreachable; the server exits if it stays away for the grace period',
        );
      }
      if (now - downSince >= options.graceMs) {
        stopped = true;
        options.onLost(now - downSince);
      }
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(schedule), intervalMs);
    timer.unref();
  };
  schedule();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
