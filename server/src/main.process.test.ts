import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeDataDir, processesNaming, startBuiltServer, stopBuiltServer } from './test/built-server.js';

// The real entry point as a user starts it (built dist/main.js, embedded PostgreSQL under
// DATA_DIR), stopped with SIGTERM and started again. Needs `pnpm build` first (`pnpm test` does).
const dataDir = makeDataDir('main');

const gql = async (url: string, query: string, token?: string) =>
  (await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }).then((r) => r.json())) as { data?: any; errors?: unknown[] };

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('pnpm start, SIGTERM, start again', () => {
  it('keeps data and sessions across a clean restart and leaves no postgres behind', async () => {
    const first = await startBuiltServer(dataDir);
    // The lines after the URL may reach the pipe in a later chunk (seen on a loaded machine).
    await vi.waitFor(() => expect(first.output()).toContain(`Data: ${dataDir}`));
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const login = await gql(first.url, 'mutation { login(input: { phone: "13800000001", password: "demo1234" }) { token } }');
    const token = login.data.login.token as string;

    expect(await stopBuiltServer(first.child)).toBe(0);
    expect(processesNaming(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startBuiltServer(dataDir);
    try {
      const me = await gql(second.url, '{ me { displayName role } }', token);
      expect(me.data.me).toEqual({ displayName: '买家小王', role: 'BUYER' });
    } finally {
      expect(await stopBuiltServer(second.child)).toBe(0);
    }
  }, 60_000);
});
