import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

// One real PostgreSQL for the whole run (the embedded one, as in production without DATABASE_URL);
// test files isolate themselves by creating a database each (harness.ts).
export default async function setup(project: TestProject) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-test-'));
  await fs.chmod(dataDir, 0o755);
  const embedded = await startEmbeddedPostgres(dataDir, pino({ level: 'warn' }));
  project.provide('pgAdminUrl', embedded.urlFor('postgres'));
  return async () => {
    await embedded.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
