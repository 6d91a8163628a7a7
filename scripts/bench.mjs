// pnpm bench: build, then the server, upload, web and start-up benchmarks.
// pnpm bench --soak [--minutes=10 ...]: build, then the live-layer soak only (server/bench/soak.ts).
// pnpm bench --capacity [--only=notify|chat|reads --sockets=1000,5000 --processes=1,3]: build, then
// the capacity bench only (server/bench/capacity.ts, ~10 min: what 1 and 3 processes and one PostgreSQL carry).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const run = (command, commandArgs) => {
  const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
/** Runs every part even when one misses its target, then exits non-zero if any did. */
let missed = false;
const measure = (command, commandArgs) => {
  const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (status !== 0) missed = true;
};

run('pnpm', ['build']);
// The benchmarks are built on their own (server/bench → server/dist-bench), against the built server.
run('pnpm', ['--filter', '@parceldesk/server', 'build:bench']);
if (args.includes('--soak')) {
  run('pnpm', ['--filter', '@parceldesk/server', 'bench:soak', ...args.filter((arg) => arg !== '--soak')]);
} else if (args.includes('--capacity')) {
  run('pnpm', ['--filter', '@parceldesk/server', 'bench:capacity', ...args.filter((arg) => arg !== '--capacity')]);
} else {
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench', ...args.filter((arg) => arg === '--full' || arg.startsWith('--only='))]);
  // Its own step, so that it runs (and counts) whatever the read-path bench answers.
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench:writes', ...args.filter((arg) => arg === '--full')]);
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench:chat']);
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench:uploads']);
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench:search']);
  measure('pnpm', ['--filter', '@parceldesk/server', 'bench:trust']);
  measure('pnpm', ['--filter', '@parceldesk/web', 'bench']);
  measure(process.execPath, ['scripts/bench-start.mjs']);
  if (missed) {
    console.error('\npnpm bench: a target or budget was missed (see above)');
    process.exit(1);
  }
}
