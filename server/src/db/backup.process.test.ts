import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { create as createTar } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir, processesNaming } from '../test/built-server.js';
import { ensureDatabase } from './database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

// `pnpm db:backup` / `pnpm db:restore` as a user runs them (the built CLI, dist/db/backup-cli.js),
// on a real embedded PostgreSQL in a data directory of its own. Needs `pnpm build` first.
const CLI = path.resolve(import.meta.dirname, '../../dist/db/backup-cli.js');
const dataDir = makeDataDir('backup');
const logger = pino({ level: 'silent' });

afterAll(() => {
  for (const pid of processesNaming(dataDir)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function notes(database: EmbeddedDatabase): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.urlFor('parceldesk') });
  await client.connect();
  try {
    const { rows } = await client.query<{ note: string }>('select note from kept order by id');
    return rows.map((row) => row.note);
  } finally {
    await client.end();
  }
}

async function insert(database: EmbeddedDatabase, id: number, note: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.urlFor('parceldesk') });
  await client.connect();
  await client.query('insert into kept (id, note) values ($1, $2)', [id, note]).finally(() => client.end());
}

describe('db:backup and db:restore', () => {
  const backup = path.join(dataDir, 'backups', 'first.tar.gz');

  it('backs up the running database and restores it in place of a later state, keeping that state aside', async () => {
    let database = await startEmbeddedPostgres(dataDir, logger);
    try {
      await ensureDatabase(database.urlFor('postgres'), 'parceldesk');
      const client = new pg.Client({ connectionString: database.urlFor('parceldesk') });
      await client.connect();
      await client.query('create table kept (id int primary key, note text not null)');
      await client.query(`insert into kept select g, 'row ' || g from generate_series(1, 2000) g`);
      await client.end();

      // Online: the server keeps running (and taking writes) while the backup is taken.
      const [taken] = await Promise.all([cli('backup', backup), insert(database, 5000, 'written during the backup')]);
      expect(taken).toMatchObject({ code: 0 });
      expect(taken.stdout).toContain(`to ${backup}`);
      expect(taken.stdout).toContain('online');

      await insert(database, 9000, 'written after the backup');
      // A restore under a running server is refused, and changes nothing.
      const refused = await cli('restore', backup);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`the embedded database under ${dataDir} is running: stop the server first, then restore`);
      expect((await notes(database)).at(-1)).toBe('written after the backup');
    } finally {
      await database.stop();
    }

    const restored = await cli('restore', backup);
    expect(restored).toMatchObject({ code: 0 });
    const keptIn = /kept in (\S+)$/m.exec(restored.stdout)?.[1];
    expect(keptIn).toMatch(/pg\.replaced-/);
    expect(fs.existsSync(path.join(keptIn!, 'PG_VERSION'))).toBe(true);

    database = await startEmbeddedPostgres(dataDir, logger);
    try {
      const found = await notes(database);
      expect(found).toHaveLength(2000 + (found.includes('written during the backup') ? 1 : 0));
      expect(found[0]).toBe('row 1');
      expect(found).not.toContain('written after the backup');
    } finally {
      await database.stop();
    }
  }, 120_000);

  it('refuses an archive that is not a backup, and leaves the database as it was', async () => {
    const other = path.join(dataDir, 'not-a-backup.tar.gz');
    fs.writeFileSync(path.join(dataDir, 'readme.txt'), 'hello');
    await createTar({ gzip: true, file: other, cwd: dataDir }, ['readme.txt']);
    const before = fs.readdirSync(dataDir).sort();

    const refused = await cli('restore', other);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`${other} is not a ParcelDesk backup (no pg/PG_VERSION and pg/backup_label in it)`);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);

    const garbage = path.join(dataDir, 'garbage.tar.gz');
    fs.writeFileSync(garbage, 'not a tar file at all');
    expect((await cli('restore', garbage)).stderr).toContain(`${garbage} is not a ParcelDesk backup`);
  }, 60_000);
});
