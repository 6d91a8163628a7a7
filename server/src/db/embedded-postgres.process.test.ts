import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isAlive,
  makeDataDir,
  postmasterPid,
  processesNaming,
  spawnBuiltServer,
  startBuiltServer,
  stopBuiltServer,
  until,
  waitForExit,
} from '../test/built-server.js';

// Crash-safe restarts of the real built server (dist/main.js) with its embedded PostgreSQL: what a
// crashed host or a supervisor sees. Needs `pnpm build` first (`pnpm test` does).
const dirs: string[] = [];
const dataDirFor = (name: string) => {
  const dir = makeDataDir(name);
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) {
    // A failed assertion may leave a postmaster of ours behind; its command line names our temp dir.
    for (const pid of processesNaming(dir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const NO_STACK = /^\s+at .+:\d+:\d+\)?$/m;
const health = (url: string) => fetch(`${url}/healthz`).then((r) => r.status, () => 0);

describe('a previous run left its postmaster.pid behind', () => {
  const dataDir = dataDirFor('orphan');

  it('after kill -9 of the server, the next start stops the orphaned PostgreSQL and goes on', async () => {
    const first = await startBuiltServer(dataDir);
    const orphan = postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await waitForExit(first.child, 5_000);
    // kill -9 runs no exit handler: PostgreSQL lives on without its server.
    expect(isAlive(orphan)).toBe(true);

    const second = await startBuiltServer(dataDir);
    try {
      expect(await health(second.url)).toBe(200);
      expect(isAlive(orphan)).toBe(false);
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      expect(second.output()).toContain('stopping the orphaned embedded PostgreSQL');
      expect(second.output()).not.toMatch(NO_STACK);
    } finally {
      expect(await stopBuiltServer(second.child)).toBe(0);
    }
    expect(processesNaming(dataDir)).toEqual([]);
  }, 90_000);

  it('a postmaster.pid naming an unrelated live process (a pid reused after a reboot) is stale', async () => {
    // This test runner's parent: alive, and not a PostgreSQL of this data dir.
    const unrelated = process.ppid;
    expect(isAlive(unrelated)).toBe(true);
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    fs.writeFileSync(pidFile, `${unrelated}\n${path.join(dataDir, 'pg')}\n1700000000\n5432\n\n127.0.0.1\n  5432001  32768\nready   \n`);

    const server = await startBuiltServer(dataDir);
    try {
      expect(await health(server.url)).toBe(200);
      expect(server.output()).toContain('removing stale postmaster.pid');
      expect(server.output()).not.toMatch(NO_STACK);
      expect(isAlive(unrelated)).toBe(true);
    } finally {
      expect(await stopBuiltServer(server.child)).toBe(0);
    }
  }, 60_000);

  it('a data dir whose PostgreSQL belongs to a live server is refused in one line, and that server is left alone', async () => {
    const owner = await startBuiltServer(dataDir);
    try {
      const intruder = spawnBuiltServer(dataDir);
      expect(await waitForExit(intruder.child, 30_000)).toBe(1);
      expect(intruder.output()).toContain('is in use by another running server');
      expect(intruder.output()).not.toMatch(NO_STACK);
      expect(await health(owner.url)).toBe(200);
    } finally {
      expect(await stopBuiltServer(owner.child)).toBe(0);
    }
  }, 60_000);
});

describe('the embedded PostgreSQL dies under a running server', () => {
  it('the server answers 503, then exits non-zero once the grace has run out', async () => {
    const dataDir = dataDirFor('db-lost');
    const server = await startBuiltServer(dataDir, { DATABASE_GRACE_SECONDS: '2' });
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    const killedAt = Date.now();
    const exited = waitForExit(server.child, 15_000);
    let answered503 = false;
    while (server.child.exitCode === null && Date.now() - killedAt < 15_000) {
      if ((await health(server.url)) === 503) answered503 = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const code = await exited;
    expect(answered503).toBe(true);
    expect(code).not.toBe('timeout');
    expect(code).not.toBe(0);
    const exitedAfterMs = Date.now() - killedAt;
    expect(exitedAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(exitedAfterMs).toBeLessThan(10_000);
    expect(server.output()).toContain('database unreachable for the whole grace period; exiting');
  }, 60_000);

  it('SIGTERM while the database is gone exits promptly', async () => {
    const dataDir = dataDirFor('db-lost-sigterm');
    const server = await startBuiltServer(dataDir, { DATABASE_GRACE_SECONDS: '120' });
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    await until(async () => (await health(server.url)) === 503, 5_000, '/healthz 503');

    const sentAt = Date.now();
    const code = await stopBuiltServer(server.child, 15_000);
    expect(code).not.toBe('timeout');
    expect(Date.now() - sentAt).toBeLessThan(3_000);
    expect(code).toBe(0);
  }, 60_000);
});
