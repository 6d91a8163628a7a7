import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

export interface DatabaseTarget {
  url: string;
  /** Present when this process runs its own PostgreSQL and must stop it last. */
  embedded: EmbeddedDatabase | null;
}

const EMBEDDED_DATABASE = 'parceldesk';

/** DATABASE_URL when set; otherwise an embedded PostgreSQL under DATA_DIR that keeps its data. */
export async function resolveDatabase(config: Config, logger: Logger): Promise<DatabaseTarget> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres(config.dataDir, logger);
  try {
    await ensureDatabase(embedded.urlFor('postgres'), EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** An arbitrary constant: the advisory lock that serialises start-up work across processes. */
const STARTUP_LOCK = 7_420_019;

/**
 * Runs `work` (migrations, demo data) holding a session advisory lock on its own connection, so
 * that N processes started at once on one PostgreSQL migrate and seed one after another: the
 * first does the work, the others find it done.
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}
