#!/usr/bin/env node
// The web build's inputs, hashed, and a stamp of that hash kept in dist/ beside the build it made.
// `pnpm start` skips the web build (codegen + vite, several seconds) when the stamp matches, and
// rebuilds when any input changed. The stamp lives inside dist/, so deleting dist/ (or a vite build
// emptying it) also removes the stamp, and a half-written build never looks fresh: the stamp is
// written only after vite finished.
//
//   node scripts/build-stamp.mjs write   stamp the current inputs (after a successful build)
//   node scripts/build-stamp.mjs fresh   exit 0 if dist/ was built from the current inputs, else 1
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build-inputs.sha256';

/**
 * Everything the built web app depends on, as paths relative to web/. Generated code (src/gql,
 * rewritten by codegen from the schema and the operations) and unit tests are not inputs. The
 * shared package enters through its compiled output, the dependency versions through the lockfile.
 */
const INPUTS = [
  'src',
  'index.html',
  'public',
  'package.json',
  'vite.config.ts',
  'codegen.ts',
  'tsconfig.json',
  '../server/schema.graphql',
  '../shared/dist',
  '../shared/package.json',
  '../pnpm-lock.yaml',
];
const SKIP = [/^src\/gql\//, /\.test\.ts$/, /\/__tests__\//, /\.tsbuildinfo$/, /\.map$/, /\.d\.ts$/];

/** @param {string} relative @param {string[]} out */
function filesUnder(relative, out) {
  const absolute = path.join(webDir, relative);
  if (!existsSync(absolute)) return;
  if (!statSync(absolute).isDirectory()) {
    if (!SKIP.some((pattern) => pattern.test(relative))) out.push(relative);
    return;
  }
  for (const entry of readdirSync(absolute)) filesUnder(path.posix.join(relative, entry), out);
}

/** sha256 over the sorted input paths and their contents (contents, not mtimes: a checkout or copy resets mtimes). */
export function webInputsHash() {
  /** @type {string[]} */
  const files = [];
  for (const input of INPUTS) filesUnder(input, files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(webDir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const stampFile = () => path.join(webDir, 'dist', STAMP);

/** True when dist/ holds a finished build of exactly the current inputs. */
export function webBuildIsFresh() {
  if (!existsSync(path.join(webDir, 'dist', 'index.html')) || !existsSync(stampFile())) return false;
  return readFileSync(stampFile(), 'utf8').trim() === webInputsHash();
}

export function writeWebBuildStamp(hash = webInputsHash()) {
  writeFileSync(stampFile(), `${hash}\n`);
}

/**
 * What `pnpm --filter @parceldesk/web build` does (codegen, vite build, stamp), with the tools run
 * straight from node_modules/.bin: no nested pnpm, which would first re-verify the whole install.
 * The stamp is the hash taken before building, so a file edited while vite runs is built next time.
 * Returns false (after printing the tool's output) when a step failed.
 */
export function buildWeb() {
  const inputs = webInputsHash();
  const bin = (/** @type {string} */ tool) => path.join(webDir, 'node_modules', '.bin', tool);
  /** @type {[string, ...string[]][]} */
  const steps = [['graphql-codegen', '--config', 'codegen.ts'], ['vite', 'build']];
  for (const [tool, ...args] of steps) {
    const result = spawnSync(bin(tool), args, { cwd: webDir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      console.error(`web build: \`${tool} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
      return false;
    }
  }
  writeWebBuildStamp(inputs);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'write') writeWebBuildStamp();
  else if (command === 'fresh') process.exit(webBuildIsFresh() ? 0 : 1);
  else {
    console.error('usage: build-stamp.mjs write|fresh');
    process.exit(2);
  }
}
