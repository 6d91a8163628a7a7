// pnpm bench: build, then the server, web and start-up benchmarks.
// pnpm bench --soak [--minutes=10 ...]: build, then the live-layer soak only (server/src/bench/soak.ts).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const run = (command, commandArgs) => {
  const { status } = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};

run('pnpm', ['build']);
if (args.includes('--soak')) {
  run('pnpm', ['--filter', '@parceldesk/server', 'bench:soak', ...args.filter((arg) => arg !== '--soak')]);
} else {
  run('pnpm', ['--filter', '@parceldesk/server', 'bench']);
  run('pnpm', ['--filter', '@parceldesk/web', 'bench']);
  run(process.execPath, ['scripts/bench-start.mjs']);
}
