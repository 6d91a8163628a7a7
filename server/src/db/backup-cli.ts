// `pnpm db:backup [file]` and `pnpm db:restore <file>`: the embedded database under DATA_DIR
// (db/backup.ts says how). A database of your own (DATABASE_URL) is backed up with its own tools.
import path from 'node:path';
import { createLogger } from '../common/logger.js';
import { loadConfig } from '../config.js';
import { BackupError, backupEmbeddedDatabase, restoreEmbeddedDatabase } from './backup.js';
import { DataDirInUseError } from './embedded-postgres.js';

const [command, fileArgument] = process.argv.slice(2);
const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
// A relative file name is taken from where the user typed the command, as DATA_DIR is.
const fromUser = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function main(): Promise<void> {
  if (config.databaseUrl) {
    throw new BackupError('DATABASE_URL is set: back up that PostgreSQL with its own pg_dump; db:backup and db:restore are for the embedded database');
  }
  if (command === 'backup') {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = fileArgument ? fromUser(fileArgument) : path.join(config.dataDir, 'backups', `parceldesk-${stamp}.tar.gz`);
    const { bytes, online } = await backupEmbeddedDatabase(config.dataDir, file, logger);
    console.log(`Backed up ${config.dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB${online ? ', online' : ''})`);
  } else if (command === 'restore' && fileArgument) {
    const { replacedDir } = await restoreEmbeddedDatabase(config.dataDir, fromUser(fileArgument), logger);
    console.log(`Restored ${fileArgument} into ${config.dataDir}${replacedDir ? `; the database it replaced is kept in ${replacedDir}` : ''}`);
  } else {
    throw new BackupError('usage: pnpm db:backup [file.tar.gz] | pnpm db:restore <file.tar.gz>');
  }
}

main().catch((error: unknown) => {
  // Refusals are one line; anything else keeps its stack.
  if (error instanceof BackupError || error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
