import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { ensureDatabase } from '../dist/db/database.js';
import { startEmbeddedPostgres } from '../dist/db/embedded-postgres.js';
import { openDatabase } from '../dist/db/orm.js';
import { seedDemoData } from '../dist/demo/demo-data.js';
import { entities } from '../dist/entities.js';

/**
 * A bench's own embedded PostgreSQL in a fresh temporary directory (`dir`, also the bench's scratch
 * space). `database(name)` makes a database there and answers its address; `demoDatabase()` the
 * `bench` database with the demo data (migrated, as a fresh server has it); `end(failed)` stops
 * PostgreSQL, removes the directory and exits, 1 when the bench failed.
 */
export async function benchPostgres(name: string, logger: Logger) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parceldesk-${name}-`));
  // As root, embedded PostgreSQL runs initdb as user postgres, which must traverse this directory.
  await fs.chmod(dir, 0o755);
  const embedded = await startEmbeddedPostgres(dir, logger);
  async function database(name: string): Promise<string> {
    await ensureDatabase(embedded.urlFor('postgres'), name);
    return embedded.urlFor(name);
  }
  return {
    dir,
    database,
    async demoDatabase(): Promise<string> {
      const url = await database('bench');
      const orm = await openDatabase({ clientUrl: url, entities, logger });
      await seedDemoData(orm.em.fork()).finally(() => orm.close());
      return url;
    },
    async end(failed: boolean): Promise<never> {
      await embedded.stop();
      await fs.rm(dir, { recursive: true, force: true });
      process.exit(failed ? 1 : 0);
    },
  };
}
