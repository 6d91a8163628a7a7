#!/usr/bin/env node
// `pnpm start`: build what changed, then run the server in this process (or N: --processes N).
// - shared and server: TypeScript build mode (`tsc -b`), which compares inputs with the build info
//   kept in dist/ and compiles only out-of-date projects (about half a second when nothing changed).
// - web: codegen + vite only when the hash of its inputs differs from the stamp beside its last
//   build (web/scripts/build-stamp.mjs).
// So a restart after a crash or a config change is as quick as the server itself, and an edited
// source file is still picked up.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildWeb, webBuildIsFresh } from '../web/scripts/build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`pnpm start: \`${[path.basename(command), ...args].join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/** Newest mtime under the given paths, directories included (adding or deleting a file touches its folder). */
function newestMtime(relativePaths) {
  let newest = 0;
  const visit = (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
  };
  for (const relative of relativePaths) visit(path.join(root, relative));
  return newest;
}

// Loading the TypeScript compiler alone costs about half a second, so look first: when no source or
// config of a project is newer than its build info, `tsc -b` would find nothing to do. (When it
// finds touched but unchanged files, it refreshes the build info's time, so this stays cheap.)
const outOfDate = ['shared', 'server'].some((pkg) => {
  const builtAt = statSync(path.join(root, pkg, 'dist/.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const inputs = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].map((input) => `${pkg}/${input}`);
  return newestMtime(['tsconfig.base.json', 'pnpm-lock.yaml', ...inputs]) > builtAt;
});
if (outOfDate) {
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  run(process.execPath, [tsc, '-b', 'server/tsconfig.build.json']);
}

if (!webBuildIsFresh()) {
  console.log('pnpm start: web inputs changed, building the web app');
  if (!buildWeb()) process.exit(1);
}
console.log(`pnpm start: build checked in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// `pnpm start --processes N` (or PROCESSES=N): N server processes sharing the port and the database
// (server/src/cluster.ts; docs/deployment.md). Without it, one process.
const flag = process.argv.indexOf('--processes');
if (flag !== -1) process.env.PROCESSES = process.argv[flag + 1] ?? '';
const entry = process.env.PROCESSES && process.env.PROCESSES !== '1' ? 'cluster.js' : 'main.js';
// The server resolves DATA_DIR and the web app from the workspace root, whatever the cwd.
await import(pathToFileURL(path.join(root, 'server/dist', entry)).href);
