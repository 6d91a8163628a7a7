// The real entry point as a user starts it: built dist/main.js on its own data dir (embedded
// PostgreSQL), run as a child process. Needs `pnpm build` first (`pnpm test` does).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MAIN = path.resolve(import.meta.dirname, '../../dist/main.js');

/** A fresh data dir the postgres user can reach (as root, PostgreSQL runs as `postgres`). */
export function makeDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `parceldesk-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export interface BuiltServer {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far. */
  output(): string;
}

/** Spawns dist/main.js without waiting for it to be ready. */
export function spawnBuiltServer(dataDir: string, env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run pnpm build first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Starts dist/main.js and resolves once it printed its URL. */
export function startBuiltServer(dataDir: string, env: Record<string, string> = {}): Promise<BuiltServer> {
  const { child, output } = spawnBuiltServer(dataDir, env);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /ParcelDesk: (http:\/\/\S+)/.exec(output());
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ child, url: match[1]!, output });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output()}`)));
  });
}

/** Resolves with the exit code, or 'timeout' if the process is still running after timeoutMs. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null | 'timeout'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export function stopBuiltServer(child: ChildProcess, timeoutMs = 20_000): Promise<number | null | 'timeout'> {
  const exited = waitForExit(child, timeoutMs);
  child.kill('SIGTERM');
  return exited;
}

/** pids of processes whose command line names dir (the postmaster runs as `postgres -D <dir>/pg`). */
export function processesNaming(dir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
