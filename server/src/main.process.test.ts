import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real entry point as a user starts it (built dist/main.js, embedded PostgreSQL under
// DATA_DIR), stopped with SIGTERM and started again. Needs `pnpm build` first (`pnpm test` does).
const MAIN = path.resolve(import.meta.dirname, '../dist/main.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-main-'));
fs.chmodSync(dataDir, 0o755);

function start(): Promise<{ child: ChildProcess; url: string }> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run pnpm build first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /ParcelDesk: (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function postgresProcessesFor(dir: string): string {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

const gql = async (url: string, query: string, token?: string) =>
  (await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }).then((r) => r.json())) as { data?: any; errors?: unknown[] };

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('pnpm start, SIGTERM, start again', () => {
  it('keeps data and sessions across a clean restart and leaves no postgres behind', async () => {
    const first = await start();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const login = await gql(first.url, 'mutation { login(input: { phone: "13800000001", password: "demo1234" }) { token } }');
    const token = login.data.login.token as string;

    expect(await stop(first.child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toBe('');
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start();
    try {
      const me = await gql(second.url, '{ me { displayName role } }', token);
      expect(me.data.me).toEqual({ displayName: '买家小王', role: 'BUYER' });
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 60_000);
});
