// Writes a migration for whatever the entities changed, diffing against a scratch embedded
// PostgreSQL that has every existing migration applied. Usage (from server/):
//   pnpm migration:create <Name>
// then add the printed line to src/db/migrations/index.ts.
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ensureDatabase } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { openDatabase } from '../db/orm.js';
import { entities } from '../entities.js';

const logger = pino({ level: 'warn' });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-migration-'));
await fs.chmod(dir, 0o755);
const embedded = await startEmbeddedPostgres(dir, logger);
try {
  await ensureDatabase(embedded.urlFor('postgres'), 'scratch');
  const orm = await openDatabase({ clientUrl: embedded.urlFor('scratch'), entities, logger });
  const result = await orm.getMigrator().createMigration('src/db/migrations', false, false, process.argv[2]);
  await orm.close();
  if (!result.fileName) console.log('entities and migrations agree: nothing to write');
  else {
    const name = result.fileName.replace(/\.ts$/, '');
    console.log(`wrote src/db/migrations/${result.fileName}; add to index.ts:`);
    console.log(`  { name: '${name}', class: ${name} },  // import { ${name} } from './${name}.js';`);
  }
} finally {
  await embedded.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
