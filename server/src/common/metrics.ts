import type { ApolloServerPlugin } from '@apollo/server';
import type http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from './context.js';

/** What the metrics read when scraped (kept as functions: nothing is counted on the hot path for them). */
export interface MetricSources {
  liveSockets(): number;
  liveSubscriptions(): number;
  imageQueueDepth(): number;
  /** Realtime events received by this process so far. */
  eventsReceived(): number;
  /** Seconds since the oldest message still waiting in the outbox was queued (0 when none). */
  outboxLagSeconds(): Promise<number>;
}

/**
 * Prometheus metrics of one process (`GET /metrics`, prom-client): GraphQL latency per operation
 * and transport, open sockets and subscriptions, outbox lag, image queue depth, realtime events
 * received (every process receives every NOTIFY, so their rate is the NOTIFY rate), and Node's
 * own (CPU, memory, event-loop lag, GC). The operation label is the first root field's name,
 * which the schema bounds (a client-chosen operationName would let anyone grow the label set).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'operation' | 'transport'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'parceldesk_' });
    this.latency = new Histogram({
      name: 'parceldesk_graphql_duration_seconds',
      help: 'GraphQL operations by first root field and transport',
      labelNames: ['operation', 'transport'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    let counted = 0;
    new Counter({
      name: 'parceldesk_realtime_events_received_total',
      help: 'NOTIFY events received by this process (every process receives all: their rate is the NOTIFY rate)',
      registers,
      collect() {
        const now = sources.eventsReceived();
        this.inc(now - counted);
        counted = now;
      },
    });
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(await read());
        },
      });
    gauge('parceldesk_live_sockets', 'Open authenticated WebSockets in this process', sources.liveSockets);
    gauge('parceldesk_live_subscriptions', 'Running subscriptions in this process', sources.liveSubscriptions);
    gauge('parceldesk_image_queue_depth', 'Photos waiting for or in image work in this process', sources.imageQueueDepth);
    gauge('parceldesk_outbox_lag_seconds', 'Age of the oldest unsent outbox message (shared by all processes)', sources.outboxLagSeconds);
  }

  observe(operation: string, transport: 'http' | 'ws', seconds: number): void {
    this.latency.observe({ operation, transport }, seconds);
  }

  /** Times every HTTP GraphQL operation from its start to its answer. */
  plugin(): ApolloServerPlugin<Context> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        let operation = 'unknown';
        return {
          async didResolveOperation({ operation: op }) {
            const first = op?.selectionSet.selections.find((s) => s.kind === 'Field' && s.name.value !== '__typename');
            if (first?.kind === 'Field') operation = first.name.value;
          },
          async willSendResponse() {
            metrics.observe(operation, 'http', (performance.now() - started) / 1000);
          },
        };
      },
    };
  }

  /**
   * `GET /metrics`: to loopback callers (a Prometheus agent on the host, or one behind the same
   * proxy), or with `Authorization: Bearer <METRICS_TOKEN>` when that is set.
   */
  async serve(req: http.IncomingMessage, res: http.ServerResponse, token: string | undefined): Promise<void> {
    const address = req.socket.remoteAddress ?? '';
    const loopback = address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
    const forwarded = req.headers['x-forwarded-for'] !== undefined;
    const allowed = token ? req.headers.authorization === `Bearer ${token}` : loopback && !forwarded;
    if (!allowed) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', this.registry.contentType);
    res.end(await this.registry.metrics());
  }
}
