// pnpm bench (server part). Quick by default (under 3 minutes with the build); `--full` for longer
// runs; `--only=<name>` for one operation. Builds a reproducible data set in a throwaway embedded
// PostgreSQL, then runs each section and writes bench-results/server.{json,md} at the repo root.
// Exits 1 when an operation is below its target ratio to the baseline.
// Sections are independent functions: add one (start-up time, soak…) to `sections` below.
import 'reflect-metadata';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../dist/db/orm.js';
import { seedDemoData } from '../dist/demo/demo-data.js';
import { entities } from '../dist/entities.js';
import { benchPostgres } from './bench-postgres.js';
import { DATASET, generateDataset } from './dataset.js';
import { postmasterPidOf } from './floor.js';
import { runLiveLatencyBench } from './live-latency.js';
import { runReadPathBench, TARGET_RATIO, type ReadPathOptions } from './read-path.js';
import { writeReport } from './report.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const options: ReadPathOptions = full ? { rounds: 7, secondsPerRun: 10, clients: 8, only } : { rounds: 3, secondsPerRun: 3, clients: 8, only };

const logger = pino({ level: 'warn' });
const started = performance.now();
const bench = await benchPostgres('bench', logger);
let failed = false;
try {
  const databaseUrl = await bench.database('bench');
  const statements = { count: 0 };
  const orm = await openDatabase({ clientUrl: databaseUrl, entities, logger, onQuery: () => statements.count++ });
  const demo = await seedDemoData(orm.em.fork());
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  db.on('error', () => undefined); // PostgreSQL stopping under a failed run must not crash the report
  const dataset = await generateDataset(db).finally(() => db.end());
  console.log(`\nData set: ${Object.entries(dataset.rows).map(([t, n]) => `${n} ${t}`).join(', ')} (generated in ${(dataset.ms / 1000).toFixed(1)} s)`);
  console.log(`Read path: ${options.rounds} rounds × ${options.secondsPerRun} s per side, ${options.clients} concurrent clients, target ratio ${TARGET_RATIO}`);

  const postmasterPid = postmasterPidOf(path.join(bench.dir, 'pg'));
  const readPath = await runReadPathBench({ orm, databaseUrl, logger, statements, postmasterPid, options });
  const latency = only ? [] : await runLiveLatencyBench({ orm, databaseUrl, logger, demo });
  await orm.close();

  failed = readPath.some((r) => !r.pass);
  const files = await writeReport({
    mode: full ? 'full' : 'quick',
    dataset: { spec: DATASET, rows: dataset.rows, generatedMs: dataset.ms },
    options,
    readPath,
    latency,
    totalSeconds: (performance.now() - started) / 1000,
  });
  console.log(`\n${files.markdown}\n\nWritten: ${files.jsonPath}, ${files.markdownPath}`);
  if (failed) console.error(`\nFAILED: an operation is below ${TARGET_RATIO} of its baseline`);
} catch (error) {
  console.error(error);
  failed = true;
}
await bench.end(failed);
