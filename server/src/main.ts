import 'reflect-metadata';
import { createServer } from './app.js';
import { createLogger } from './common/logger.js';
import { loadConfig, type Config } from './config.js';
import { BlobStoreMisconfigured } from './storage/blob-store.js';
import { resolveDatabase, withStartupLock } from './db/database.js';
import { watchDatabase } from './db/database-watchdog.js';
import { DataDirInUseError } from './db/embedded-postgres.js';
import { openDatabase } from './db/orm.js';
import { DEMO_LOGINS, seedDemoDataIfEmpty } from './demo/demo-data.js';
import { entities } from './entities.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  // A bad environment variable: one line saying which and why.
  console.error(`ParcelDesk: ${(error as Error).message}`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);

const database = await resolveDatabase(config, logger).catch((error: unknown) => {
  // A data directory in use is the user's to resolve: one line, no stack.
  if (error instanceof DataDirInUseError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start the database');
  process.exit(1);
});
let orm;
try {
  // Several processes on one PostgreSQL (docs/deployment.md) migrate and seed one at a time.
  orm = await withStartupLock(database.url, async () => {
    const opened = await openDatabase({ clientUrl: database.url, entities, logger });
    await seedDemoDataIfEmpty(opened.em.fork(), logger);
    return opened;
  });
} catch (error) {
  logger.fatal({ err: error }, 'database setup failed');
  await database.embedded?.stop();
  process.exit(1);
}
let server: Awaited<ReturnType<typeof createServer>>;
try {
  server = await createServer({ config, logger, orm, databaseUrl: database.url });
} catch (error) {
  if (error instanceof BlobStoreMisconfigured) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start the server');
  await orm.close().catch(() => undefined);
  await database.embedded?.stop();
  process.exit(1);
}
const url = await server.listen();

logger.info({ url }, 'ParcelDesk is listening');
// One write, so that whoever reads the output gets the whole banner at once.
console.log(
  [
    `\nParcelDesk: ${url}`,
    database.embedded ? `Data: ${config.dataDir}` : 'Data: the PostgreSQL at DATABASE_URL',
    'Demo logins (password demo1234):',
    ...DEMO_LOGINS.map((login) => `  ${login.role.padEnd(8)} ${login.phone}  ${login.displayName}`),
  ].join('\n'),
);

// Without its database the server can only answer 503: after the grace, exit non-zero so that a
// supervisor restarts it (and with it an embedded PostgreSQL).
const watchdog = watchDatabase({
  ping: () => orm!.em.getConnection().execute('select 1'),
  graceMs: config.databaseGraceMs,
  logger,
  onLost: (downForMs) => {
    logger.fatal({ downForMs }, 'database unreachable for the whole grace period; exiting');
    void shutdown('database lost', 1);
  },
});

let stopping = false;
async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  watchdog.stop();
  logger.info({ signal }, 'draining connections');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 15_000);
  try {
    await server.stop();
    await orm!.close();
  } catch (error) {
    logger.error({ err: error }, 'error while draining');
  }
  // PostgreSQL stops last, once nothing can write to it.
  await database.embedded?.stop();
  clearTimeout(force);
  logger.info('stopped');
  process.exit(exitCode);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
