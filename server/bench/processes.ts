import { spawn } from 'node:child_process';
import path from 'node:path';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');

/** The bench measures throughput, not the limiters: login limits and the request budget lifted. */
const unlimited = String(1e6);
export const BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  LOGIN_LIMIT_PER_PHONE_ADDRESS: unlimited,
  LOGIN_LIMIT_PER_PHONE: unlimited,
  LOGIN_LIMIT_PER_ADDRESS: unlimited,
  REQUEST_BUDGET_POINTS: unlimited,
};

export interface ServerProcess {
  url: string;
  pid: number;
  /** Its stdout and stderr so far (after the ready line: stderr, and stdout's last 64 kB). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a built server (`dist/...js` under server/) on a free port against the bench database and
 * waits for the line that tells its URL. Production settings, logs at warn for both sides.
 */
export function spawnServer(
  name: string,
  script: string,
  databaseUrl: string,
  ready: RegExp,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...BENCH_ENV, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const early = (code: number | null) => fail(new Error(`${name} exited with ${code}:\n${output}`));
    child.once('exit', early);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early); // keep the listener behind `exited`
      child.stdout.removeAllListeners('data');
      child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536)));
      resolve({
        url: match[1]!.replace('localhost', '127.0.0.1'),
        pid: child.pid!,
        output: () => output,
        async stop() {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
