// pnpm bench (uploads part, issue 7): photos per second through the real upload route
// (POST /uploads/evidence: session, multipart, scratch file + sha256, the bounded image queue,
// re-encode + 320 px thumbnail, blobs on disk, one insert) beside sharp alone doing the same image
// work on the same files in this process, in alternating rounds. Then the server's peak memory
// while 20 uploads arrive at once, read from /proc/<pid>/status (VmHWM) of the server process.
// Targets: ours >= 0.8 of sharp alone; peak RSS under 1 GB (10^9 bytes). Exits 1 on a miss.
//   UPLOAD_BENCH_ROUNDS (default 5), UPLOAD_BENCH_PHOTOS (per side per round, default 10:
//   fewer and the pipeline's fill and drain at each round's ends weigh on the route's rate),
//   UPLOAD_BENCH_CLIENTS (requests in flight during the throughput rounds, default 4),
//   UPLOAD_BENCH_PROFILE_DIR=dir (node --cpu-prof of the server process, written when it stops).
// The server runs with its defaults (IMAGE_CONCURRENCY one per core, EVIDENCE_DAILY_QUOTA 60): the uploads are
// spread over BUYERS bench buyers, so no one reaches the daily quota and the quota path runs as in
// production.
import 'reflect-metadata';
import { COMPLAINT_LIMITS } from '@parceldesk/shared';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import sharp from 'sharp';
import { hashSessionToken, newSessionToken } from '../dist/accounts/session-token.js';
import { ensureDatabase } from '../dist/db/database.js';
import { startEmbeddedPostgres } from '../dist/db/embedded-postgres.js';
import { openDatabase } from '../dist/db/orm.js';
import { entities } from '../dist/entities.js';
import { spawnServer, type ServerProcess } from './processes.js';
import { machine, RESULTS_DIR } from './report.js';

const ROUNDS = Number(process.env.UPLOAD_BENCH_ROUNDS ?? 5);
const PHOTOS_PER_SIDE = Number(process.env.UPLOAD_BENCH_PHOTOS ?? 10);
const CLIENTS = Number(process.env.UPLOAD_BENCH_CLIENTS ?? 4);
const CONCURRENT_UPLOADS = 20;
const TARGET_RATIO = 0.8;
const MEMORY_LIMIT_BYTES = 1e9;
/** 60 photos a day each by default; the whole bench sends ~50, spread over all of them. */
const BUYERS = 40;
const PHOTOS = 4;
const WIDTH = 4000;
const HEIGHT = 3000;

// As in the server (image-processor.ts): uploads never repeat, libvips' cache would only hold memory.
sharp.cache(false);

/**
 * A 12-megapixel photo-like JPEG, the same bytes on every run: smooth gradients plus seeded noise
 * (xorshift), quality 90, ~4.9 MB (a phone camera's usual size), with an EXIF block to strip.
 */
async function benchPhoto(seed: number): Promise<Buffer> {
  const raw = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  const column = new Float32Array(WIDTH);
  const row = new Float32Array(HEIGHT);
  for (let x = 0; x < WIDTH; x++) column[x] = 50 * Math.sin(x / (31 + seed)) + 25 * Math.sin(x / 7.3);
  for (let y = 0; y < HEIGHT; y++) row[y] = 45 * Math.cos(y / (23 + seed)) + 20 * Math.sin(y / 5.1);
  let state = Math.imul(seed, 2654435761) >>> 0 || 1;
  let i = 0;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const noise = ((state & 255) - 128) / 8;
      const v = 128 + column[x]! + row[y]!;
      raw[i++] = v + noise;
      raw[i++] = v * 0.8 + 30 + noise;
      raw[i++] = 255 - v + noise;
    }
  }
  return sharp(raw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .withExif({ IFD0: { Make: 'ParcelDesk', Model: `bench ${seed}` } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * The image work of image-processor.ts's `reencode`, with sharp directly: header, re-encode,
 * thumbnail, both written to files as the server writes them (`out` is the path prefix).
 */
async function sharpAlone(file: string, out: string): Promise<void> {
  const options = { limitInputPixels: COMPLAINT_LIMITS.evidenceMaxPixels, failOn: 'error' as const };
  await sharp(file).metadata();
  await sharp(file, options).rotate().jpeg({ quality: 85 }).toFile(`${out}.jpg`);
  await sharp(file, options)
    .rotate()
    .resize(COMPLAINT_LIMITS.thumbnailPx, COMPLAINT_LIMITS.thumbnailPx, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toFile(`${out}.thumb.webp`);
}

interface Photo {
  file: string;
  bytes: Buffer;
  /** The multipart body the phone sends for this photo (one part `file`), built once. */
  body: Buffer;
  sha256: string;
}

const BOUNDARY = '----parceldesk-bench-boundary';

/** One multipart/form-data body with the photo as the part `file`, as a browser's FormData sends it. */
function multipartOf(bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="photo.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** Keep-alive connections for the uploads, as a phone reuses its connection. */
const agent = new http.Agent({ keepAlive: true });

/**
 * One photo through the route as the phone sends it (multipart part `file`, the CSRF header, a
 * Bearer session). The body is built once per photo and written as it is: this client, which
 * shares the machine's cores with the server, spends as little as it can per upload (a fetch
 * with FormData re-encodes the 5 MB body on every request), so the rate is the server's.
 */
function upload(baseUrl: string, token: string, photo: Photo): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}/uploads/evidence?kind=CONTENTS`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'apollo-require-preflight': 'true',
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': photo.body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 201) return reject(new Error(`upload answered ${response.statusCode}: ${body.slice(0, 300)}`));
          const answer = JSON.parse(body) as { evidence: { sha256: string; width: number }[] };
          if (answer.evidence[0]?.sha256 !== photo.sha256 || answer.evidence[0]?.width !== WIDTH) return reject(new Error(`unexpected answer: ${body.slice(0, 300)}`));
          resolve();
        });
      },
    );
    request.on('error', reject);
    request.end(photo.body);
  });
}

/** `count` jobs over `workers` loops; returns photos per second. */
async function rate(count: number, workers: number, job: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(workers, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** VmRSS and VmHWM (peak since start) of a process, in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat (clock ticks of 1/100 s). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function seedBuyers(db: pg.Client): Promise<string[]> {
  const users = Array.from({ length: BUYERS }, (_, i) => ({ id: randomUUID(), phone: `156${String(i).padStart(8, '0')}`, token: newSessionToken() }));
  await db.query(
    `insert into users (id, role, phone, display_name, password_hash, locale, created_at)
     select u.id::uuid, 'BUYER', u.phone, 'bench ' || u.phone, 'x', 'zh-CN', now() from json_to_recordset($1) as u(id text, phone text)`,
    [JSON.stringify(users)],
  );
  await db.query(
    `insert into sessions (id, token_hash, user_id, created_at, expires_at)
     select gen_random_uuid(), s.hash, s.user_id::uuid, now(), now() + interval '1 day' from json_to_recordset($1) as s(hash text, user_id text)`,
    [JSON.stringify(users.map((u) => ({ hash: hashSessionToken(u.token), user_id: u.id })))],
  );
  return users.map((u) => u.token);
}

const logger = pino({ level: 'warn' });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-upload-bench-'));
await fs.chmod(dir, 0o755);
const embedded = await startEmbeddedPostgres(dir, logger);
let server: ServerProcess | null = null;
let failed = false;
try {
  await ensureDatabase(embedded.urlFor('postgres'), 'bench');
  const databaseUrl = embedded.urlFor('bench');
  const orm = await openDatabase({ clientUrl: databaseUrl, entities, logger }); // applies the migrations
  await orm.close();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const tokens = await seedBuyers(db).finally(() => db.end());

  const generating = performance.now();
  const photos: Photo[] = [];
  for (let seed = 1; seed <= PHOTOS; seed++) {
    const bytes = await benchPhoto(seed);
    const file = path.join(dir, `photo-${seed}.jpg`);
    await fs.writeFile(file, bytes);
    photos.push({ file, bytes, body: multipartOf(bytes), sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  console.log(
    `\nUploads: ${PHOTOS} generated ${WIDTH}×${HEIGHT} JPEGs (${photos.map((p) => `${(p.bytes.length / 1e6).toFixed(1)} MB ${p.sha256.slice(0, 8)}`).join(', ')}) in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
  );

  const profile = process.env.UPLOAD_BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.UPLOAD_BENCH_PROFILE_DIR)}`] : [];
  server = await spawnServer('ours', 'dist/main.js', databaseUrl, /ParcelDesk: (\S+)/, { DATA_DIR: path.join(dir, 'data') }, profile);
  const { url, pid } = server;
  let uploads = 0;
  const nextToken = () => tokens[uploads++ % tokens.length]!;

  // Memory first, on a fresh process: 20 uploads at once, each from its own buyer. While they
  // queue, /healthz is asked every 100 ms: other requests must keep answering.
  const idle = await memoryOf(pid);
  let peakRss = idle.rss;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, (await memoryOf(pid)).rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const health: number[] = [];
  const prober = (async () => {
    while (sampling) {
      const asked = performance.now();
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      health.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const burstStarted = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT_UPLOADS }, (_, i) => upload(url, nextToken(), photos[i % PHOTOS]!)));
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  sampling = false;
  await Promise.all([sampler, prober]);
  const afterBurst = await memoryOf(pid);
  const peak = Math.max(afterBurst.hwm, peakRss);
  const healthMax = Math.max(...health);

  // Throughput: warm both sides, then alternate (ours first in even rounds, sharp first in odd).
  await upload(url, nextToken(), photos[0]!);
  await sharpAlone(photos[0]!.file, path.join(dir, 'alone-out'));
  // sharp alone at its best concurrency on this machine (issue 19): one photo at a time, or one per core.
  const aloneRates = new Map<number, number>();
  for (const workers of new Set([1, os.availableParallelism()])) {
    aloneRates.set(workers, await rate(PHOTOS_PER_SIDE, workers, (i) => sharpAlone(photos[i % PHOTOS]!.file, path.join(dir, `alone-out-${i}`))));
  }
  const aloneWorkers = [...aloneRates].sort((a, b) => b[1] - a[1])[0]![0];
  console.log(`  sharp alone: ${[...aloneRates].map(([workers, r]) => `${r.toFixed(2)} photos/s ${workers} at a time`).join(', ')}; the rounds use ${aloneWorkers}`);
  const ours: number[] = [];
  const alone: number[] = [];
  // CPU seconds per photo besides the rate: unlike wall time, it does not depend on how many
  // threads each side has runnable while other work shares the machine.
  const oursCpu: number[] = [];
  const aloneCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const runOurs = async () => {
      const cpu = await cpuSecondsOf(pid);
      ours.push(await rate(PHOTOS_PER_SIDE, CLIENTS, (i) => upload(url, nextToken(), photos[i % PHOTOS]!)));
      oursCpu.push(((await cpuSecondsOf(pid)) - cpu) / PHOTOS_PER_SIDE);
    };
    const runAlone = async () => {
      const cpu = ownCpuSeconds();
      alone.push(await rate(PHOTOS_PER_SIDE, aloneWorkers, (i) => sharpAlone(photos[i % PHOTOS]!.file, path.join(dir, `alone-out-${i}`))));
      aloneCpu.push((ownCpuSeconds() - cpu) / PHOTOS_PER_SIDE);
    };
    if (round % 2 === 0) {
      await runOurs();
      await runAlone();
    } else {
      await runAlone();
      await runOurs();
    }
    console.log(`  round ${round + 1}: ours ${ours.at(-1)!.toFixed(2)} photos/s (server CPU ${oursCpu.at(-1)!.toFixed(2)} s/photo), sharp alone ${alone.at(-1)!.toFixed(2)} photos/s (CPU ${aloneCpu.at(-1)!.toFixed(2)} s/photo)`);
  }
  const oursRate = median(ours);
  const aloneRate = median(alone);
  const ratio = oursRate / aloneRate;
  const ratioPass = ratio >= TARGET_RATIO;
  const memoryPass = peak < MEMORY_LIMIT_BYTES;
  failed = !ratioPass || !memoryPass;

  const m = machine();
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const markdown = [
    `### Upload bench, ${when} UTC`,
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, ${sharp.concurrency()} libvips thread(s) in this process; the server has the same environment). Load average at the end: ${os.loadavg()[0]!.toFixed(1)}. Command: \`pnpm bench\` (or \`pnpm --filter @parceldesk/server bench:uploads\` after a build).`,
    `Photos: ${PHOTOS} generated ${WIDTH}×${HEIGHT} JPEGs (quality 90, ${(photos.reduce((sum, p) => sum + p.bytes.length, 0) / PHOTOS / 1e6).toFixed(1)} MB on average). Server: IMAGE_CONCURRENCY ${process.env.IMAGE_CONCURRENCY ?? `${os.availableParallelism()} (one per core, the default)`}, EVIDENCE_DAILY_QUOTA 60, uploads spread over ${BUYERS} bench buyers.`,
    '',
    '| measure | result | target |',
    '|---|---:|---:|',
    `| photos/s through POST /uploads/evidence (${CLIENTS} requests in flight, median of ${ROUNDS} rounds × ${PHOTOS_PER_SIDE}) | ${oursRate.toFixed(2)} | |`,
    `| photos/s, sharp alone on the same files (same work and files written, ${aloneWorkers} at a time: its best here, same rounds) | ${aloneRate.toFixed(2)} | |`,
    `| ratio | ${ratio.toFixed(2)}${ratioPass ? '' : ' ✗'} | ≥ ${TARGET_RATIO} |`,
    `| CPU seconds per photo: the server process / sharp alone (medians) | ${median(oursCpu).toFixed(2)} / ${median(aloneCpu).toFixed(2)} | |`,
    `| server peak RSS, ${CONCURRENT_UPLOADS} concurrent uploads (VmHWM; idle before: ${mb(idle.rss)}) | ${mb(peak)}${memoryPass ? '' : ' ✗'} | < 1 GB |`,
    `| the ${CONCURRENT_UPLOADS} uploads done in | ${burstSeconds.toFixed(1)} s | |`,
    `| /healthz every 100 ms while they queued: median / slowest of ${health.length} | ${median(health).toFixed(0)} / ${healthMax.toFixed(0)} ms | |`,
  ].join('\n');
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const jsonPath = path.join(RESULTS_DIR, 'uploads.json');
  const markdownPath = path.join(RESULTS_DIR, 'uploads.md');
  await fs.writeFile(
    jsonPath,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        machine: m,
        loadAverage: os.loadavg(),
        sharp: { version: sharp.versions.sharp, vips: sharp.versions.vips, threads: sharp.concurrency() },
        photos: photos.map((p) => ({ bytes: p.bytes.length, sha256: p.sha256 })),
        throughput: { rounds: ROUNDS, photosPerSide: PHOTOS_PER_SIDE, clients: CLIENTS, ours, sharpAlone: alone, oursServerCpuSecondsPerPhoto: oursCpu, sharpAloneCpuSecondsPerPhoto: aloneCpu, oursMedian: oursRate, sharpAloneMedian: aloneRate, ratio, target: TARGET_RATIO, pass: ratioPass },
        memory: { concurrentUploads: CONCURRENT_UPLOADS, idleRssBytes: idle.rss, peakRssBytes: peak, limitBytes: MEMORY_LIMIT_BYTES, seconds: burstSeconds, healthzMs: health, pass: memoryPass },
      },
      null,
      2,
    ),
  );
  await fs.writeFile(markdownPath, `${markdown}\n`);
  console.log(`\n${markdown}\n\nWritten: ${jsonPath}, ${markdownPath}`);
  if (!ratioPass) console.error(`\nFAILED: the upload route runs at ${ratio.toFixed(2)} of sharp alone (target ${TARGET_RATIO})`);
  if (!memoryPass) console.error(`\nFAILED: the server peaked at ${mb(peak)} with ${CONCURRENT_UPLOADS} concurrent uploads (limit 1 GB)`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await server?.stop();
  await embedded.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
