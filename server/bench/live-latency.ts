import { createClient } from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { createServer } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import type { Orm } from '../dist/db/orm.js';
import type { DemoData } from '../dist/demo/demo-data.js';
import { Shipment } from '../dist/shipments/shipment.entity.js';
import { percentile } from './load.js';
import { BENCH_ENV } from './processes.js';

export interface LatencyResult {
  name: string;
  runs: number;
  p50: number;
  p99: number;
}

/** Latencies that are not read throughput: login (argon2id) and a change reaching a live subscriber. */
export async function runLiveLatencyBench(input: { orm: Orm; databaseUrl: string; logger: Logger; demo: DemoData }): Promise<LatencyResult[]> {
  const { orm, databaseUrl, logger, demo } = input;
  const config = loadConfig(BENCH_ENV, { port: 0, host: '127.0.0.1', webDistDir: undefined });
  const server = await createServer({ config, logger, orm, databaseUrl });
  const url = await server.listen();
  const results: LatencyResult[] = [];
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
  async function measure(name: string, runs: number, op: () => Promise<unknown>) {
    for (let i = 0; i < 3; i++) await op();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await op();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results.push({ name, runs, p50: percentile(times, 50), p99: percentile(times, 99) });
  }
  try {
    await measure('login (argon2id verify)', 20, () => login('13800000004'));
    const merchant = await login('13800000003');
    const { id: shipmentId } = await orm.em.fork().findOneOrFail(Shipment, { waybillNo: 'YX1000000005' }); // DISPATCHED in the demo
    const client = createClient({ url: url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authToken: merchant } });
    let arrived: (() => void) | null = null;
    client.subscribe(
      { query: `subscription { shipmentUpdated(shipmentId: "${shipmentId}") { version } }` },
      { next: () => arrived?.(), error: () => undefined, complete: () => undefined },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const couriers = [demo.users.courier.id, demo.users.courier2.id];
    let i = 0;
    await measure('dispatch → shipmentUpdated delivered', 50, async () => {
      const event = new Promise<void>((resolve) => (arrived = resolve));
      await gql(
        'mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { version } }',
        { input: { shipmentId, courierId: couriers[i++ % 2], channel: 'APP', pickupAt: new Date(Date.now() + 3600_000).toISOString(), pickupAddress: '仓库' } },
        merchant,
      );
      await event;
    });
    await client.dispose();
  } finally {
    await server.stop();
  }
  return results;
}
