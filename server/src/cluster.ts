// N server processes on one machine: `pnpm start --processes 3` (or PROCESSES=3 pnpm start).
// The primary starts the database (the embedded PostgreSQL unless DATABASE_URL is set), then forks
// N workers running main.ts against it; they listen on the one PORT and Node's cluster module hands
// each new connection to the next worker in turn (round robin, no stickiness needed: every process
// is stateless). A worker that dies is started again; SIGTERM stops the workers (each drains its
// sockets, which reconnect to the others while they last), then the database. Several machines:
// run main.ts on each with one DATABASE_URL and S3_* behind a load balancer (docs/deployment.md).
import 'reflect-metadata';
import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from './common/logger.js';
import { loadConfig } from './config.js';
import { resolveDatabase } from './db/database.js';
import { DataDirInUseError } from './db/embedded-postgres.js';

const processes = Number(process.env.PROCESSES ?? 2);
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`ParcelDesk: PROCESSES must be a positive integer, got "${process.env.PROCESSES}"`);
  process.exit(1);
}
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`ParcelDesk: ${(error as Error).message}`);
  process.exit(1);
}
const logger = createLogger(config.logLevel).child({ role: 'primary' });

const database = await resolveDatabase(config, logger).catch((error: unknown) => {
  if (error instanceof DataDirInUseError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start the database');
  process.exit(1);
});

cluster.setupPrimary({ exec: path.join(import.meta.dirname, 'main.js') });
let stopping = false;
const restarts: number[] = [];

function fork(): void {
  // The machine's cores shared out between the workers' image queues (one photo per core in all),
  // unless IMAGE_CONCURRENCY says otherwise.
  const imageConcurrency = process.env.IMAGE_CONCURRENCY ?? String(Math.max(1, Math.floor(os.availableParallelism() / processes)));
  cluster.fork({ DATABASE_URL: database.url, PARCELDESK_WORKER: '1', IMAGE_CONCURRENCY: imageConcurrency });
}
cluster.on('exit', (worker, code, signal) => {
  if (stopping) return;
  // Restart a worker that died, unless they keep dying (then the cause needs a person).
  const now = Date.now();
  restarts.push(now);
  while (restarts[0]! < now - 60_000) restarts.shift();
  if (restarts.length > processes * 3) {
    logger.fatal({ code, signal }, 'workers keep exiting; stopping');
    void shutdown(1);
    return;
  }
  logger.warn({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
  fork();
});
// Migrations and demo data run under an advisory lock (main.ts): the workers may start together.
for (let i = 0; i < processes; i++) fork();
logger.info({ processes }, 'workers started');

async function shutdown(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    ),
  );
  await database.embedded?.stop();
  process.exit(exitCode);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown());
