// pnpm bench (server part): request latency and SQL statements per request for the hot reads,
// plus how long a change takes to reach a live subscriber. Runs against a throwaway embedded
// PostgreSQL with the demo data and 200 extra orders. Prints a table; no thresholds, numbers only.
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { createServer } from '../app.js';
import { loadConfig } from '../config.js';
import { ensureDatabase } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { openDatabase } from '../db/orm.js';
import { seedDemoData } from '../demo/demo-data.js';
import { entities } from '../entities.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { ordersFactory } from '../test/factories.js';

const logger = pino({ level: 'warn' });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-bench-'));
await fs.chmod(dir, 0o755);
const pg = await startEmbeddedPostgres(dir, logger);
let statements = 0;
try {
  await ensureDatabase(pg.urlFor('postgres'), 'bench');
  const databaseUrl = pg.urlFor('bench');
  const orm = await openDatabase({ clientUrl: databaseUrl, entities, logger, onQuery: () => statements++ });
  const demo = await seedDemoData(orm.em.fork());
  await ordersFactory(orm.em.fork(), { buyer: demo.users.buyer, merchant: demo.merchant, merchantUser: demo.users.merchant, courier: demo.users.courier, count: 200 });
  // The bench measures throughput, not the limiters: lift the login limits and the request budget.
  const unlimited = String(1e6);
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      LOGIN_LIMIT_PER_PHONE_ADDRESS: unlimited,
      LOGIN_LIMIT_PER_PHONE: unlimited,
      LOGIN_LIMIT_PER_ADDRESS: unlimited,
      REQUEST_BUDGET_POINTS: unlimited,
    },
    { port: 0, host: '127.0.0.1', webDistDir: undefined },
  );
  const server = await createServer({ config, logger, orm, databaseUrl });
  const url = await server.listen();

  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const login = async (phone: string) =>
    (await gql('mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { phone, password: 'demo1234' } })).login.token as string;

  const rows: string[][] = [];
  async function measure(name: string, runs: number, concurrency: number, op: () => Promise<unknown>) {
    for (let i = 0; i < 5; i++) await op(); // warm up
    const times: number[] = [];
    const before = statements;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < runs) {
          const t = performance.now();
          await op();
          times.push(performance.now() - t);
        }
      }),
    );
    const wall = performance.now() - started;
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
    rows.push([name, String(runs), String(concurrency), pct(50), pct(95), ((runs / wall) * 1000).toFixed(0), ((statements - before) / runs).toFixed(1)]);
  }

  const buyer = await login('13800000001');
  const merchant = await login('13800000003');
  const courier = await login('13800000002');
  const ORDER = `orderNo totalCents merchant { name } lines { title quantity unitPriceCents }
    shipments { waybillNo status version courier { displayName } dispatch { pickupAt } events { status occurredAt recordedBy { displayName } } }`;

  await measure('login (argon2id verify)', 20, 1, () => login('13800000004'));
  await measure('me', 500, 8, () => gql('{ me { id displayName } }', {}, buyer));
  await measure('myOrders first:20, nested', 300, 1, () => gql(`{ myOrders(first: 20) { totalCount edges { node { ${ORDER} } } } }`, {}, buyer));
  await measure('myOrders first:20, nested', 300, 8, () => gql(`{ myOrders(first: 20) { totalCount edges { node { ${ORDER} } } } }`, {}, buyer));
  await measure('merchantOrders first:20, nested', 300, 8, () => gql(`{ merchantOrders(first: 20) { totalCount edges { node { ${ORDER} } } } }`, {}, merchant));
  await measure('myDeliveries first:20', 300, 8, () => gql('{ myDeliveries(first: 20) { edges { node { waybillNo status order { shippingAddress } dispatch { pickupAt } } } } }', {}, courier));

  // Change → live subscriber: re-dispatch one parcel back and forth, time each event's arrival.
  const { id: shipmentId } = await orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000005' }); // DISPATCHED in the demo
  const client = createClient({ url: url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authToken: merchant } });
  let resolveEvent: (() => void) | null = null;
  client.subscribe({ query: `subscription { shipmentUpdated(shipmentId: "${shipmentId}") { version } }` }, { next: () => resolveEvent?.(), error: () => undefined, complete: () => undefined });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const couriers = [demo.users.courier.id, demo.users.courier2.id];
  let i = 0;
  await measure('dispatch → shipmentUpdated delivered', 100, 1, async () => {
    const arrived = new Promise<void>((resolve) => (resolveEvent = resolve));
    await gql('mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { version } }', {
      input: { shipmentId, courierId: couriers[i++ % 2], channel: 'APP', pickupAt: new Date(Date.now() + 3600_000).toISOString(), pickupAddress: '仓库' },
    }, merchant);
    await arrived;
  });
  await client.dispose();

  const header = ['operation', 'runs', 'concurrency', 'p50 ms', 'p95 ms', 'req/s', 'SQL/req'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`\nServer bench (${os.cpus().length} cores, Node ${process.version}; 204 orders for the buyer)\n`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('\n(SQL/req includes the session lookup and, for dispatch, the outbox worker’s statements.)');

  await server.stop();
  await orm.close();
} finally {
  await pg.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
