/**
 * Starts the real built server (`node ../server/dist/main.js`) on a free port with a fresh data
 * directory (so a fresh embedded PostgreSQL with the demo data), provides its URL to the tests as
 * `baseUrl`, and stops it with SIGTERM afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');
const serverMain = path.join(root, 'server/dist/main.js');
const webIndex = path.join(root, 'web/dist/index.html');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** A port nobody listens on right now (bound and released on 127.0.0.1). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not print its URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = () => {
      const match = /ParcelDesk: (http:\/\/\S+)/.exec(output());
      if (match) done(() => resolve(match[1]));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`server exited before it was ready (code ${code}, signal ${signal})`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    const fail = (error: Error) => done(() => reject(error));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const [file, build] of [
    [serverMain, 'pnpm --filter @parceldesk/server build'],
    [webIndex, 'pnpm --filter @parceldesk/web build'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`e2e: ${path.relative(root, file)} is missing; run \`pnpm build\` (or \`${build}\`) first.`);
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), 'parceldesk-e2e-'));
  // As root, embedded PostgreSQL runs initdb as user postgres, which must traverse this directory.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const origin = `http://localhost:${port}`;

  let output = '';
  const child = spawn(process.execPath, [serverMain], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_ORIGIN: origin, // the WebSocket Origin check compares exactly with what the browser sends
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOGIN_LIMIT_PER_ADDRESS: '1000',
      DATABASE_URL: '',
      // The journeys decide cases by hand; auto-decisions.e2e.ts starts its own server with them on.
      AUTO_DECIDE: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const cleanupDataDir = () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });

  let baseUrl: string;
  try {
    baseUrl = (await waitForUrl(child, () => output)).replace(/\/$/, '');
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanupDataDir();
    throw new Error(`e2e: ${(error as Error).message}\n--- server output ---\n${output}`);
  }
  if (baseUrl !== origin) {
    // Keep going, but say why WebSocket connections would be refused.
    console.warn(`e2e: server printed ${baseUrl}, PUBLIC_ORIGIN is ${origin}`);
  }
  // Warnings and errors the server logs during the run (JSON lines at LOG_LEVEL) reach the test
  // output; the human banner (URL, demo logins) does not.
  child.stdout!.off('data', collect);
  child.stderr!.off('data', collect);
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) process.stdout.write(`[server] ${line}\n`);
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  project.provide('baseUrl', origin);

  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        console.warn(`e2e: server did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it`);
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      if (child.exitCode !== 0) console.warn(`e2e: server exited with code ${child.exitCode} (signal ${child.signalCode})`);
    }
    cleanupDataDir();
  };
}
