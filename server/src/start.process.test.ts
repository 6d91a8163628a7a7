import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesNaming, stopBuiltServer, until } from './test/built-server.js';

// `pnpm start` (scripts/start.mjs) as a user runs it, in a copy of this checkout so that its
// sources can be edited: dist/ folders, build info and the web stamp are copied with their
// timestamps, node_modules are linked to this checkout's. Needs `pnpm build` first (`pnpm test`
// does); without it the first start here builds everything, which only makes the test slower.
const checkout = path.resolve(import.meta.dirname, '../..');
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-start-'));
fs.chmodSync(copy, 0o755);
const SKIP = new Set(['node_modules', '.git', '.data', 'docs', 'artifacts', 'test-results', 'coverage']);

beforeAll(() => {
  fs.cpSync(checkout, copy, {
    recursive: true,
    preserveTimestamps: true,
    filter: (source) => !SKIP.has(path.basename(source)),
  });
  for (const pkg of ['.', 'shared', 'server', 'web']) {
    fs.symlinkSync(path.join(checkout, pkg, 'node_modules'), path.join(copy, pkg, 'node_modules'), 'dir');
  }
});

afterAll(() => {
  for (const pid of processesNaming(copy)) process.kill(pid, 'SIGKILL');
  fs.rmSync(copy, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  healthyAfterMs: number;
}

/** `node scripts/start.mjs` in the copy (what `pnpm start` runs), until /healthz answers 200. */
async function start(): Promise<Started> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete env.DATA_DIR; // the default is the point
  delete env.INIT_CWD;
  const started = Date.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let url: string | undefined;
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`pnpm start exited with ${child.exitCode}:\n${output}`);
      url ??= /ParcelDesk: (http:\/\/\S+)/.exec(output)?.[1];
      return !!url && (await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false));
    },
    290_000,
    `pnpm start to be healthy:\n${output}`,
  );
  return { child, output: () => output, healthyAfterMs: Date.now() - started };
}

const mtime = (relative: string) => fs.statSync(path.join(copy, relative)).mtimeMs;
const BUILT = ['shared/dist/index.js', 'server/dist/main.js', 'server/dist/.tsbuildinfo', 'web/dist/index.html'];

describe('pnpm start', () => {
  // One start proves both: the copy is a built checkout with its timestamps, so a first start on it
  // must build nothing, and it is the one that creates the database.
  it('keeps the database in .data at the workspace root and, on an unchanged checkout, builds nothing', async () => {
    const before = BUILT.map(mtime);
    const first = await start();
    try {
      expect(first.output()).toContain(`Data: ${path.join(copy, '.data')}`);
      expect(fs.existsSync(path.join(copy, '.data', 'pg', 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(path.join(copy, 'server', '.data'))).toBe(false);
      expect(first.output()).not.toContain('building the web app');
      expect(BUILT.map(mtime)).toEqual(before);
      // Nothing rebuilt is what this proves (the mtimes above). Wall time is not asserted: beside
      // other test files on a loaded machine it ranged from 4 to 30 s; `pnpm bench` measures it.
      console.log(`pnpm start on an unchanged checkout: healthy after ${first.healthyAfterMs} ms`);
    } finally {
      expect(await stopBuiltServer(first.child)).toBe(0);
    }
  }, 300_000);

  it('rebuilds a changed server file, and the web app when one of its inputs changed', async () => {
    fs.appendFileSync(path.join(copy, 'server/src/main.ts'), "\nconsole.log('edited after the last build');\n");
    fs.writeFileSync(
      path.join(copy, 'web/index.html'),
      fs.readFileSync(path.join(copy, 'web/index.html'), 'utf8').replace('</head>', '<meta name="edited" content="after the last build" />\n</head>'),
    );
    const edited = await start();
    try {
      expect(edited.output()).toContain('edited after the last build');
      expect(fs.readFileSync(path.join(copy, 'server/dist/main.js'), 'utf8')).toContain('edited after the last build');
      expect(edited.output()).toContain('building the web app');
      const url = /ParcelDesk: (http:\/\/\S+)/.exec(edited.output())![1];
      expect(await fetch(`${url}/`).then((r) => r.text())).toContain('content="after the last build"');
    } finally {
      expect(await stopBuiltServer(edited.child)).toBe(0);
    }
  }, 300_000);
});
