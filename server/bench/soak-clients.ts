// The client side of the soak (soak.ts forks it, so that the server's RSS and handles are its own):
// holds the sockets, scans parcels at a steady rate, churns short subscriptions, and measures.
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';

export interface SoakPlan {
  url: string;
  courierToken: string;
  sockets: { token: string; shipmentId: string }[];
  updatesPerSecond: number;
  churnPerSecond: number;
}

export interface SoakReport {
  type: 'report';
  scans: number;
  scanErrors: number;
  /** The scan mutation's own round trip. */
  scanP50: number;
  scanP99: number;
  /** Scan sent → event received (includes the mutation's queueing and work). */
  sendP50: number;
  sendP99: number;
  received: number;
  churned: number;
  churnErrors: number;
  expected: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
}

const UPDATED = 'subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { id status version updatedAt } }';
const SCAN = 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { version } }';

async function run(plan: SoakPlan): Promise<void> {
  const wsUrl = `${plan.url.replace(/^http/, 'ws')}/graphql`;
  const clients: Client[] = [];
  const received: Set<number>[] = []; // per long-lived subscription: versions seen
  const sentAt = new Map<string, number>(); // parcel → when its latest scan was sent
  const latencies: number[] = []; // change written (updatedAt, set at flush) → event received
  const fromSend: number[] = []; // scan sent → event received
  const scanLatencies: number[] = [];
  let measuring = false;
  let stopping = false;
  const committed = new Map<string, number[]>(); // parcel → versions committed while measuring
  let scans = 0;
  let scanErrors = 0;
  let receivedCount = 0;
  let churned = 0;
  let churnErrors = 0;

  // Connect every socket and start its long-lived subscription.
  await Promise.all(
    plan.sockets.map(
      (socket, i) =>
        new Promise<void>((resolve, reject) => {
          const client = createClient({
            url: wsUrl,
            webSocketImpl: WebSocket,
            connectionParams: { authToken: socket.token },
            lazy: false,
            retryAttempts: 0,
            onNonLazyError: reject,
            on: { connected: () => resolve() },
          });
          clients[i] = client;
          received[i] = new Set();
          client.subscribe<{ shipmentUpdated: { version: number; updatedAt: string } }>(
            { query: UPDATED, variables: { id: socket.shipmentId } },
            {
              next: ({ data }) => {
                if (!data) return;
                receivedCount++;
                received[i]!.add(data.shipmentUpdated.version);
                if (!measuring) return;
                latencies.push(Date.now() - Date.parse(data.shipmentUpdated.updatedAt));
                const sent = sentAt.get(socket.shipmentId);
                if (sent !== undefined) fromSend.push(performance.now() - sent);
              },
              error: (error) => console.error('long-lived subscription failed', error),
              complete: () => undefined,
            },
          );
        }),
    ),
  );
  process.send!({ type: 'connected' });

  // Steady scans: round-robin over parcels, one scan in flight per parcel.
  const parcels = [...new Set(plan.sockets.map((s) => s.shipmentId))];
  const status = new Map(parcels.map((id) => [id, 'OUT_FOR_DELIVERY']));
  const inFlight = new Set<string>();
  let turn = 0;
  const scanTimer = setInterval(() => {
    if (stopping) return;
    const id = parcels[turn++ % parcels.length]!;
    if (inFlight.has(id)) return;
    inFlight.add(id);
    const to = status.get(id) === 'OUT_FOR_DELIVERY' ? 'EXCEPTION' : 'OUT_FOR_DELIVERY';
    sentAt.set(id, performance.now());
    const wasMeasuring = measuring;
    fetch(`${plan.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.courierToken}` },
      body: JSON.stringify({ query: SCAN, variables: { input: { shipmentId: id, status: to, ...(to === 'EXCEPTION' ? { note: '客户不在家' } : {}) } } }),
    })
      .then((response) => response.json() as Promise<{ data?: { recordTrackingEvent: { version: number } }; errors?: unknown }>)
      .then((body) => {
        if (!body.data) throw new Error(JSON.stringify(body.errors));
        scans++;
        status.set(id, to);
        if (wasMeasuring) {
          committed.set(id, [...(committed.get(id) ?? []), body.data.recordTrackingEvent.version]);
          scanLatencies.push(performance.now() - sentAt.get(id)!);
        }
      })
      .catch((error: unknown) => {
        if (scanErrors++ === 0) console.error('scan failed (only the first is printed)', error);
      })
      .finally(() => inFlight.delete(id));
  }, 1000 / plan.updatesPerSecond);

  // Churn: short subscriptions on random sockets, completed 0.2-2 s later.
  const churnTimer = setInterval(() => {
    if (stopping) return;
    const i = Math.floor(Math.random() * clients.length);
    const unsubscribe = clients[i]!.subscribe(
      { query: UPDATED, variables: { id: plan.sockets[i]!.shipmentId } },
      { next: () => undefined, error: () => void churnErrors++, complete: () => undefined },
    );
    setTimeout(() => {
      unsubscribe();
      churned++;
    }, 200 + Math.random() * 1800);
  }, 1000 / plan.churnPerSecond);

  process.on('message', async (message: { type: string }) => {
    if (message.type === 'measure') measuring = true;
    if (message.type === 'stop') {
      stopping = true;
      clearInterval(scanTimer);
      clearInterval(churnTimer);
      while (inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let the last events arrive
      let expected = 0;
      let lost = 0;
      plan.sockets.forEach((socket, i) => {
        for (const version of committed.get(socket.shipmentId) ?? []) {
          expected++;
          if (!received[i]!.has(version)) lost++;
        }
      });
      latencies.sort((a, b) => a - b);
      scanLatencies.sort((a, b) => a - b);
      fromSend.sort((a, b) => a - b);
      const pct = (p: number, list = latencies) => list[Math.min(list.length - 1, Math.floor(p * list.length))] ?? NaN;
      const report: SoakReport = { type: 'report', scanP50: pct(0.5, scanLatencies), scanP99: pct(0.99, scanLatencies), sendP50: pct(0.5, fromSend), sendP99: pct(0.99, fromSend), scans, scanErrors, received: receivedCount, churned, churnErrors, expected, lost, p50: pct(0.5), p99: pct(0.99), max: latencies.at(-1) ?? NaN };
      process.send!(report);
    }
    if (message.type === 'exit') {
      await Promise.all(clients.map((client) => client.dispose()));
      process.exit(0);
    }
  });
}

process.once('message', (message: { type: string; plan: SoakPlan }) => {
  if (message.type === 'start') void run(message.plan);
});
