// Capacity bench, read part: the read-path operations (operations.ts) through nginx to one server
// process and to three, beside the baseline (one process, also behind nginx), loaded alternately in
// rounds with the same concurrent clients: what a second and third process add on this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startNginx } from '../dist/test/nginx.js';
import { cpuMs, postgresPids } from './chat-parts.js';
import { benchToken } from './dataset.js';
import { load } from './load.js';
import { OPERATIONS } from './operations.js';
import { spawnServer, type ServerProcess } from './processes.js';
import { loadWebDocuments } from './web-documents.js';

export interface ReadCapacityRow {
  name: string;
  /** Requests per second, medians of the rounds. */
  one: number;
  three: number;
  baseline: number;
  /** p99 ms, medians of the rounds. */
  p99: { one: number; three: number; baseline: number };
  /** CPU ms per request, medians of the rounds: the serving processes (1, 3 or the baseline) + PostgreSQL. */
  cpu: Record<'one' | 'three' | 'baseline', { servers: number; postgres: number }>;
  errors: number;
}

/** The default rows: a buyer's list, a parcel page, the agents' queue, a chat page. */
export const CAPACITY_READS = ['myOrders', 'shipment (parcel page)', 'complaintQueue', 'messages'];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function runReadCapacity(input: { databaseUrl: string; dataDir: string; names: string[]; rounds: number; secondsPerRun: number; clients: number; warmupSeconds: number }): Promise<ReadCapacityRow[]> {
  const documents = loadWebDocuments();
  const operations = OPERATIONS.filter((op) => input.names.includes(op.name));
  const servers: ServerProcess[] = await Promise.all([1, 2, 3].map((i) => spawnServer(`server ${i}`, 'dist/main.js', input.databaseUrl, /ParcelDesk: (\S+)/)));
  const baseline = await spawnServer('baseline', 'dist-bench/baseline/main.js', input.databaseUrl, /listening (\S+)/);
  const portOf = (s: ServerProcess) => Number(new URL(s.url).port);
  const fronts: { stop(): Promise<void> }[] = [];
  const dirs: string[] = [];
  const front = async (upstreams: ServerProcess[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-capacity-nginx-'));
    dirs.push(dir);
    const port = await freePort();
    fronts.push(await startNginx(dir, port, upstreams.map(portOf)));
    return `http://127.0.0.1:${port}`;
  };
  try {
    const urls = { one: await front(servers.slice(0, 1)), three: await front(servers), baseline: await front([baseline]) };
    const rows: ReadCapacityRow[] = [];
    for (const op of operations) {
      const body = JSON.stringify({ operationName: op.document, query: documents.get(op.document), variables: op.variables });
      const token = benchToken(op.viewer);
      const sides = ['one', 'three', 'baseline'] as const;
      // Warm every process (JIT, pools, document caches): nginx spreads the clients over all three.
      for (const side of sides) await load(urls[side], body, token, input.clients, input.warmupSeconds);
      const serving = { one: servers.slice(0, 1), three: servers, baseline: [baseline] };
      const cpuOf = (side: (typeof sides)[number]) => serving[side].reduce((sum, s) => sum + cpuMs(s.pid), 0);
      // PostgreSQL's backends come and go with the pools: read its processes at each run.
      const pgCpu = () => postgresPids(input.dataDir).reduce((sum, pid) => sum + cpuMs(pid), 0);
      const rounds: Record<(typeof sides)[number], { reqPerSec: number; p99: number; errors: number; cpu: { servers: number; postgres: number } }>[] = [];
      for (let round = 0; round < input.rounds; round++) {
        const measured = {} as (typeof rounds)[number];
        // Rotate which goes first, so drift (other work on the machine) hits all sides alike.
        for (let i = 0; i < sides.length; i++) {
          const side = sides[(i + round) % sides.length]!;
          const [servers0, pg0] = [cpuOf(side), pgCpu()];
          const result = await load(urls[side], body, token, input.clients, input.secondsPerRun);
          const per = (ms: number) => ms / Math.max(1, result.requests);
          measured[side] = { ...result, cpu: { servers: per(cpuOf(side) - servers0), postgres: per(pgCpu() - pg0) } };
        }
        rounds.push(measured);
      }
      const row: ReadCapacityRow = {
        name: op.name,
        one: median(rounds.map((r) => r.one.reqPerSec)),
        three: median(rounds.map((r) => r.three.reqPerSec)),
        baseline: median(rounds.map((r) => r.baseline.reqPerSec)),
        p99: { one: median(rounds.map((r) => r.one.p99)), three: median(rounds.map((r) => r.three.p99)), baseline: median(rounds.map((r) => r.baseline.p99)) },
        errors: rounds.reduce((sum, r) => sum + r.one.errors + r.three.errors + r.baseline.errors, 0),
        cpu: Object.fromEntries(
          sides.map((side) => [side, { servers: median(rounds.map((r) => r[side].cpu.servers)), postgres: median(rounds.map((r) => r[side].cpu.postgres)) }]),
        ) as ReadCapacityRow['cpu'],
      };
      rows.push(row);
      console.log(
        `  ${op.name.padEnd(24)} 1 process ${row.one.toFixed(0).padStart(5)} req/s  3 processes ${row.three.toFixed(0).padStart(5)}  baseline ${row.baseline.toFixed(0).padStart(5)}  ` +
          `ratios ${(row.one / row.baseline).toFixed(2)} / ${(row.three / row.baseline).toFixed(2)}  3:1 ${(row.three / row.one).toFixed(2)}  ` +
          `CPU ms/req ${sides.map((side) => `${row.cpu[side].servers.toFixed(2)}+${row.cpu[side].postgres.toFixed(2)}`).join(' / ')}  (load ${os.loadavg()[0]!.toFixed(1)})`,
      );
    }
    return rows;
  } finally {
    await Promise.all(fronts.map((f) => f.stop()));
    await Promise.all([...servers, baseline].map((s) => s.stop()));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
