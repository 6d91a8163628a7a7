#!/usr/bin/env node
// @ts-check
// Runs before the end-to-end tests (`pnpm --filter @parceldesk/e2e test`, so also `pnpm test`):
// finds Chromium (CHROMIUM_PATH, then Debian's /usr/bin/chromium) and the CJK fonts the zh-CN pages
// need; installs Debian's `chromium` and `fonts-noto-cjk` when they are missing and this user may
// (root, or sudo without a password); otherwise stops with one line saying what to install.
// The decision is a pure function (decideChromium), unit-tested in ensure-chromium.test.ts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = 'sudo apt-get install -y chromium fonts-noto-cjk';

/**
 * @typedef {object} ChromiumFacts
 * @property {string | undefined} chromiumPathEnv CHROMIUM_PATH, if set
 * @property {(file: string) => boolean} isExecutable
 * @property {boolean} cjkFonts a font covering Chinese is installed
 * @property {boolean} isRoot
 * @property {boolean} passwordlessSudo `sudo -n true` succeeds
 * @property {boolean} hasApt Debian's apt-get is there
 *
 * @typedef {{ kind: 'found', chromium: string }
 *   | { kind: 'install', packages: string[], sudo: boolean }
 *   | { kind: 'missing', message: string }} ChromiumDecision
 */

/**
 * What to do before the e2e step, from what the machine has.
 * @param {ChromiumFacts} facts
 * @returns {ChromiumDecision}
 */
export function decideChromium(facts) {
  if (facts.chromiumPathEnv) {
    // An explicit choice is never second-guessed or replaced by Debian's.
    if (!facts.isExecutable(facts.chromiumPathEnv)) {
      return { kind: 'missing', message: `e2e: CHROMIUM_PATH=${facts.chromiumPathEnv} is not an executable file: point it at a Chromium binary, or unset it and run \`${INSTALL_HINT}\`` };
    }
  }
  const chromium = facts.chromiumPathEnv ?? (facts.isExecutable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null);
  /** @type {string[]} */
  const packages = [];
  if (!chromium) packages.push('chromium');
  if (!facts.cjkFonts) packages.push('fonts-noto-cjk');
  if (chromium && packages.length === 0) return { kind: 'found', chromium };
  if (facts.hasApt && (facts.isRoot || facts.passwordlessSudo)) return { kind: 'install', packages, sudo: !facts.isRoot };
  return {
    kind: 'missing',
    message: `e2e: the end-to-end tests need ${packages.join(' and ')}: run \`sudo apt-get install -y ${packages.join(' ')}\` (Debian) or set CHROMIUM_PATH to a Chromium binary, then run the tests again`,
  };
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @param {string} command @param {string[]} args */
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

function hasCjkFonts() {
  // macOS and Windows ship CJK fonts; on Linux ask fontconfig (which Chromium uses), then dpkg.
  if (process.platform !== 'linux') return true;
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (listed.status === 0) return listed.stdout.trim() !== '';
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'fonts-noto-cjk'], { encoding: 'utf8' });
  return dpkg.status === 0 && dpkg.stdout.includes('install ok installed');
}

/** @returns {ChromiumFacts} */
export function gatherFacts(env = process.env) {
  const isRoot = process.getuid?.() === 0;
  return {
    chromiumPathEnv: env.CHROMIUM_PATH || undefined,
    isExecutable,
    cjkFonts: hasCjkFonts(),
    isRoot,
    passwordlessSudo: !isRoot && succeeds('sudo', ['-n', 'true']),
    hasApt: isExecutable('/usr/bin/apt-get'),
  };
}

/** @param {string[]} packages @param {boolean} sudo */
function aptInstall(packages, sudo) {
  const prefix = sudo ? ['sudo', '-n'] : [];
  const steps = [
    ['apt-get', 'update', '-q'],
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages],
  ];
  for (const step of steps) {
    const [command, ...args] = [...prefix, ...step];
    const result = spawnSync(/** @type {string} */ (command), args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      console.error(`e2e: \`${[command, ...args].join(' ')}\` failed; install ${packages.join(' and ')} yourself: \`${INSTALL_HINT}\``);
      process.exit(1);
    }
  }
}

function main() {
  let decision = decideChromium(gatherFacts());
  if (decision.kind === 'install') {
    console.log(`e2e: installing ${decision.packages.join(' and ')} from Debian${decision.sudo ? ' (sudo)' : ''}`);
    aptInstall(decision.packages, decision.sudo);
    decision = decideChromium(gatherFacts());
  }
  if (decision.kind === 'found') {
    console.log(`e2e: Chromium at ${decision.chromium}`);
    return;
  }
  console.error(decision.kind === 'missing' ? decision.message : `e2e: ${decision.packages.join(' and ')} still missing after installing`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
