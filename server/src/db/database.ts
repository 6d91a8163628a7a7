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
