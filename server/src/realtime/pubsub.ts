import { createPubSub } from '@graphql-yoga/subscription';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Topics and what their id names. NOTIFY carries only ids: subscribers read the current state
 * back from the database, so a lost or reordered event can never show stale data.
 */
export const Topic = {
  SESSION_REVOKED: 'SESSION_REVOKED',
  SHIPMENT_UPDATED: 'SHIPMENT_UPDATED',
  NOTIFICATION_ADDED: 'NOTIFICATION_ADDED',
  /** key: thread id; id: message id. */
  MESSAGE_ADDED: 'MESSAGE_ADDED',
  /** key: thread id; id: `TYPING:<userId>` or `READ:<userId>`. */
  THREAD_ACTIVITY: 'THREAD_ACTIVITY',
  /** key: 'all'; id: the support thread that changed. */
  SUPPORT_QUEUE_CHANGED: 'SUPPORT_QUEUE_CHANGED',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

export interface RealtimeEvent {
  topic: Topic;
  /** The changed row's id; also the routing key subscribers filter on. */
  key: string;
  /** Extra ids the subscriber may need without a lookup (e.g. the recipient user). */
  id: string;
}

const CHANNEL = 'parceldesk_events';

/**
 * The NOTIFY channel, for hot writes that publish from inside their own SQL statement
 * (`pg_notify(REALTIME_CHANNEL, json_build_object('topic', …, 'key', …, 'id', …)::text)`), which
 * saves a round trip and commits the event with the change.
 */
export const REALTIME_CHANNEL = CHANNEL;

/** In-process fan-out, keyed by topic and routing key; fed only by the database listener below. */
export type LocalPubSub = ReturnType<typeof createLocalPubSub>;
export function createLocalPubSub() {
  return createPubSub<Record<string, [key: string, event: RealtimeEvent]>>();
}

/**
 * Pub/sub across server processes through PostgreSQL LISTEN/NOTIFY. Every event, even one
 * published and consumed in the same process, goes through the database, so all processes see
 * the same events in the same order. `publish` should run after the change is committed.
 */
export class Realtime {
  private client: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly local = createLocalPubSub();

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    /** Runs a query on the app's pool (publishing needs no dedicated connection). */
    private readonly execute: (sql: string, params: unknown[]) => Promise<unknown>,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => this.deliver(message.payload));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'realtime listener connection failed; reconnecting');
      this.scheduleReconnect();
    });
    client.on('end', () => this.scheduleReconnect());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  async publish(topic: Topic, key: string, id: string = key): Promise<void> {
    const event: RealtimeEvent = { topic, key, id };
    await this.execute('select pg_notify(?, ?)', [CHANNEL, JSON.stringify(event)]);
  }

  subscribe(topic: Topic, key: string): AsyncIterable<RealtimeEvent> {
    return this.local.subscribe(topic, key);
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private deliver(payload: string | undefined): void {
    if (!payload) return;
    try {
      const event = JSON.parse(payload) as RealtimeEvent;
      this.local.publish(event.topic, event.key, event);
    } catch (error) {
      this.logger.warn({ err: error, payload }, 'ignoring malformed realtime event');
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.client = null;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      // Clients catch up through version/seq on reconnect; events missed meanwhile are not replayed here.
      this.start().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'realtime reconnect failed');
        this.scheduleReconnect();
      });
    }, 1000);
  }
}
