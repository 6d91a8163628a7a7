// Capacity bench, chat part: N server processes behind nginx (as docs/deployment.md runs them) on
// one PostgreSQL, S WebSockets opened through nginx by this process (the client: never the
// servers' event loop), each in one courier thread (buyer and courier on whichever process nginx
// picks), following messageAdded and its unread counts, as an open phone does. Messages go over the
// sender's own socket at a fixed rate; each is timed until the other participant's socket has it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { freePort, startNginx } from '../dist/test/nginx.js';
import { cpuMs, postgresPids, rssMb, sendOverSocket, withChildren, type ChatFixture } from './chat-parts.js';
import { percentile } from './load.js';
import { spawnServer, type ServerProcess } from './processes.js';

export interface ChatCapacityResult {
  processes: number;
  sockets: number;
  /** Sockets that were open and subscribed when sending began. */
  connected: number;
  connectSeconds: number;
  rate: number;
  seconds: number;
  sent: number;
  failed: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU per message sent: all server processes, PostgreSQL, nginx, this client (ms). */
  cpuPerMessage: { servers: number; postgres: number; nginx: number; client: number };
  /** Share of one core the servers spent with every socket open and nothing sent (pings, bookkeeping). */
  idleServerCores: number;
  /** NOTIFY messages PostgreSQL delivered per chat message (each process receives every one). */
  notifiesPerMessage: number;
  rssMb: number[];
  /** Why sends failed, by code. */
  failures: Record<string, number>;
  loadAverage: number[];
}

export interface ChatCapacityInput {
  databaseUrl: string;
  /** The embedded PostgreSQL's directory (for its processes' CPU). */
  dataDir: string;
  fixture: ChatFixture;
  processes: number;
  sockets: number;
  /** Message rates measured one after another on the same open sockets. */
  rates: number[];
  seconds: number;
  /** Each socket also follows unreadChanged (the phone's badge), as the web app does. */
  badges: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events this process has received from PostgreSQL's NOTIFY, read from its /metrics. */
async function notifiesReceived(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^parceldesk_realtime_events_received_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

export async function runChatCapacity(input: ChatCapacityInput): Promise<ChatCapacityResult[]> {
  const { fixture, processes: count, sockets, seconds } = input;
  const threads = fixture.threads.slice(0, Math.ceil(sockets / 2));
  if (threads.length * 2 < sockets) throw new Error(`the fixture has ${fixture.threads.length} threads; ${sockets} sockets need ${Math.ceil(sockets / 2)}`);
  // The servers' socket bookkeeping, not their limits, is measured: one user's couriers hold ten threads.
  const env = { LIVE_SOCKETS_PER_USER: '100', CHAT_REMIND_MS: '0' };
  const servers: ServerProcess[] = await Promise.all(
    Array.from({ length: count }, (_, i) => spawnServer(`server ${i + 1}`, 'dist/main.js', input.databaseUrl, /ParcelDesk: (\S+)/, env)),
  );
  const nginxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-capacity-nginx-'));
  const listen = await freePort();
  const nginx = await startNginx(
    nginxDir,
    listen,
    servers.map((s) => Number(new URL(s.url).port)),
    { workerConnections: sockets * 3 + 512 },
  );
  const url = `http://127.0.0.1:${listen}`;
  const clients: Client[] = [];
  try {
    // Per rate: what was sent when, and each message's time to the other participant.
    let sentAt = new Map<string, { at: number; receipts: number }>();
    let latencies: number[] = [];
    // Why sockets closed while opening (code → count): a refusal, a timeout of graphql-ws's init.
    const closes: Record<string, number> = {};
    const connect = (token: string) =>
      new Promise<Client>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`a socket did not open in 180 s (${clients.length} of ${sockets} tried; closes while opening: ${JSON.stringify(closes)})`)), 180_000);
        let open = false;
        // A loaded machine may miss graphql-ws's init window: retry, and the client resubscribes.
        const client = createClient({
          url: `${url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authToken: token },
          lazy: false,
          retryAttempts: 10,
          onNonLazyError: () => undefined,
          on: {
            connected: () => {
              open = true;
              clearTimeout(timer);
              resolve(client);
            },
            closed: (event) => {
              if (open) return;
              const code = String((event as { code?: number }).code ?? 'error');
              closes[code] = (closes[code] ?? 0) + 1;
            },
          },
        });
        clients.push(client);
      });
    const participants = new Map<string, Client>();
    const open = async (index: number, side: 'buyer' | 'courier') => {
      const thread = threads[index]!;
      const client = await connect(side === 'buyer' ? thread.buyerToken : thread.courierToken);
      participants.set(`${index}:${side}`, client);
      const ignore = { error: () => undefined, complete: () => undefined };
      client.subscribe<{ messageAdded: { body: string } }>(
        { query: 'subscription($t: ID!) { messageAdded(threadId: $t) { id seq body } }', variables: { t: thread.id } },
        {
          ...ignore,
          next: ({ data }) => {
            const body = data?.messageAdded.body;
            const sent = body ? sentAt.get(body) : undefined;
            if (!sent) return;
            sent.receipts++;
            if (!body!.startsWith(side)) latencies.push(performance.now() - sent.at);
          },
        },
      );
      if (input.badges) client.subscribe({ query: 'subscription { unreadChanged { changedThreadId threads { threadId lastBody } } }' }, { ...ignore, next: () => undefined });
    };
    const connecting = performance.now();
    const jobs: (() => Promise<void>)[] = [];
    for (let i = 0; i < threads.length; i++) jobs.push(() => open(i, 'buyer'), () => open(i, 'courier'));
    for (let i = 0; i < sockets; i += 100) await Promise.all(jobs.slice(i, Math.min(sockets, i + 100)).map((job) => job()));
    const connectSeconds = (performance.now() - connecting) / 1000;
    // graphql-ws does not acknowledge a subscribe: give the servers time to register them, then
    // measure what the open sockets cost while nothing is sent.
    await sleep(3000);
    const pgPids = postgresPids(input.dataDir);
    const nginxPids = withChildren(nginx.child.pid!);
    const nginxCpu = () => nginxPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const serverCpu = () => servers.reduce((sum, s) => sum + cpuMs(s.pid), 0);
    const idleFrom = serverCpu();
    await sleep(5000);
    const idleServerCores = (serverCpu() - idleFrom) / 5000;

    const measure = async (rate: number): Promise<ChatCapacityResult> => {
      sentAt = new Map();
      latencies = [];
      const notifiesBefore = await notifiesReceived(servers[0]!.url);
      const cpuBefore = { servers: serverCpu(), postgres: pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0), nginx: nginxCpu(), client: process.cpuUsage() };
      const failures: Record<string, number> = {};
      let sent = 0;
      let failed = 0;
      const inFlight = new Set<Promise<void>>();
      const total = Math.round(seconds * rate);
      const started = performance.now();
      // Open loop: `rate` sends a second whatever the answers' speed.
      await new Promise<void>((resolve) => {
        const tick = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
          while (sent < due) {
            const n = sent++;
            const index = n % threads.length;
            const side = Math.floor(n / threads.length) % 2 === 0 ? 'buyer' : 'courier';
            const body = `${side} capacity ${rate} ${n}`;
            sentAt.set(body, { at: performance.now(), receipts: 0 });
            const operation = {
              query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }',
              variables: { input: { threadId: threads[index]!.id, clientMessageId: randomUUID(), body } },
            };
            const fail = (code: string) => {
              failures[code] = (failures[code] ?? 0) + 1;
              failed++;
              sentAt.delete(body);
            };
            const request = sendOverSocket(participants.get(`${index}:${side}`)!, operation)
              .then((json) => {
                if (json.errors) fail((json.errors[0] as { extensions?: { code?: string } }).extensions?.code ?? 'ERROR');
              })
              .catch(() => fail('SOCKET'))
              .finally(() => inFlight.delete(request));
            inFlight.add(request);
          }
          if (sent >= total) {
            clearInterval(tick);
            resolve();
          }
        }, 5);
      });
      await Promise.all([...inFlight]);
      const clientCpu = process.cpuUsage(cpuBefore.client);
      const per = (ms: number) => ms / Math.max(1, sent);
      const cpuPerMessage = {
        servers: per(serverCpu() - cpuBefore.servers),
        postgres: per(pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0) - cpuBefore.postgres),
        nginx: per(nginxCpu() - cpuBefore.nginx),
        client: per((clientCpu.user + clientCpu.system) / 1000),
      };
      // Late is not lost: wait until every stored message reached both participants, or nothing
      // more arrived for 10 s (what is missing then is lost).
      const missing = () => [...sentAt.values()].reduce((sum, s) => sum + Math.max(0, 2 - s.receipts), 0);
      for (let last = missing(), quietSince = performance.now(); missing() > 0 && performance.now() - quietSince < 10_000; ) {
        await sleep(200);
        if (missing() < last) [last, quietSince] = [missing(), performance.now()];
      }
      const notifiesPerMessage = ((await notifiesReceived(servers[0]!.url)) - notifiesBefore) / Math.max(1, sent);
      latencies.sort((a, b) => a - b);
      return {
        processes: count,
        sockets,
        connected: participants.size,
        connectSeconds,
        rate,
        seconds,
        sent: sent - failed,
        failed,
        lost: missing(),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
        cpuPerMessage,
        idleServerCores,
        notifiesPerMessage,
        rssMb: servers.map((s) => rssMb(s.pid)),
        failures,
        loadAverage: os.loadavg(),
      };
    };
    const results: ChatCapacityResult[] = [];
    for (const rate of input.rates) {
      results.push(await measure(rate));
      await sleep(2000);
    }
    return results;
  } catch (error) {
    const log = fs.readFileSync(path.join(nginxDir, 'error.log'), 'utf8').trim().split('\n').slice(-3).join('\n');
    const exits = servers.map((s, i) => `server ${i + 1}: ${s.output().trim().split('\n').slice(-4).join('\n  ')}`).join('\n');
    throw new Error(`${(error as Error).message}\nnginx error.log (last lines):\n${log}\n${exits}`);
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await nginx.stop();
    await Promise.all(servers.map((server) => server.stop()));
    fs.rmSync(nginxDir, { recursive: true, force: true });
  }
}
