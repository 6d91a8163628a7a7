import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LatencyResult } from './live-latency.js';
import { FLOOR_TARGET_RATIO, type OperationResult, type ReadPathOptions } from './read-path.js';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../bench-results');

export interface BenchReport {
  mode: 'quick' | 'full';
  dataset: { spec: Record<string, number>; rows: Record<string, number>; generatedMs: number };
  options: ReadPathOptions;
  readPath: OperationResult[];
  latency: LatencyResult[];
  totalSeconds: number;
}

export function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

const ms = (n: number) => n.toFixed(1);
const cpu = (side: OperationResult['ours']) => `${side.cpuMs.server.toFixed(2)} + ${side.cpuMs.postgres.toFixed(2)}`;

export function markdownOf(report: BenchReport, when = new Date()): string {
  const m = machine();
  const lines = [
    `### Server bench (${report.mode}), ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}. Command: \`pnpm bench\`${report.mode === 'full' ? ' --full' : ''}.`,
    `Data: ${Object.entries(report.dataset.rows).map(([t, n]) => `${n.toLocaleString('en')} ${t}`).join(', ')}.`,
    `Load: ${report.options.clients} concurrent clients, ${report.options.rounds} alternating rounds of ${report.options.secondsPerRun} s per side; medians.`,
    '',
    '| operation | ParcelDesk req/s | baseline req/s | ratio | SQL floor req/s | ratio to floor | CPU ms/req ours: server + PG | floor: Node + PG | p50 ms ours / baseline / floor | p99 ms ours / baseline / floor | SQL per request ours / baseline (floor waves) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.readPath.map(
      (r) =>
        `| ${r.name} | ${r.ours.reqPerSec.toFixed(0)} | ${r.baseline.reqPerSec.toFixed(0)} | ${r.ratio.toFixed(2)}${r.pass ? '' : ' ✗'} | ${r.floor.reqPerSec.toFixed(0)} | ${r.floorRatio.toFixed(2)}${r.floorRatio >= FLOOR_TARGET_RATIO ? '' : ' ✗'} | ${cpu(r.ours)} | ${cpu(r.floor)} | ${ms(r.ours.p50)} / ${ms(r.baseline.p50)} / ${ms(r.floor.p50)} | ${ms(r.ours.p99)} / ${ms(r.baseline.p99)} / ${ms(r.floor.p99)} | ${r.ours.sqlPerRequest.toFixed(1)} / ${r.baseline.sqlPerRequest.toFixed(1)} (${r.floor.waves}) |`,
    ),
  ];
  if (report.latency.length) {
    lines.push('', '| latency | runs | p50 ms | p99 ms |', '|---|---:|---:|---:|');
    for (const l of report.latency) lines.push(`| ${l.name} | ${l.runs} | ${ms(l.p50)} | ${ms(l.p99)} |`);
  }
  lines.push(
    '',
    `Whole run: ${report.totalSeconds.toFixed(0)} s (SQL counts include the session lookup). The SQL floor replays the statements one request ran, captured at the driver, bare with node-postgres (prepared; the server's parallel ones in parallel) at the same concurrency; target ${FLOOR_TARGET_RATIO} (issue 22), reported, not yet a gate. Load average at the end: ${os.loadavg()[0]!.toFixed(1)}.`,
  );
  return lines.join('\n');
}

export async function writeReport(report: BenchReport): Promise<{ jsonPath: string; markdownPath: string; markdown: string }> {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const markdown = markdownOf(report);
  const jsonPath = path.join(RESULTS_DIR, 'server.json');
  const markdownPath = path.join(RESULTS_DIR, 'server.md');
  await fs.writeFile(jsonPath, `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), ...report }, null, 2)}\n`);
  await fs.writeFile(markdownPath, `${markdown}\n`);
  return { jsonPath, markdownPath, markdown };
}
