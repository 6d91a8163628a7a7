import { createPubSub, Repeater, SlidingBuffer } from '@graphql-yoga/subscription';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A topic's name. Each feature declares its own (shipments/shipment.topics.ts, chat/chat.topics.ts,
 * ...) with what its key and id name: this module carries any. NOTIFY carries only ids: subscribers
 * read the current state back from the database, so a lost or reordered event can never show stale data.
 */
export type Topic = string;

export interface RealtimeEvent {
  topic: Topic;
  /** The changed row's id; also the routing key subscribers filter on. */
  key: string;
  /** Extra ids the subscriber may need without a lookup (e.g. the recipient user). */
  id: string;
}

export type RealtimeListener = (event: RealtimeEvent) => void;

const CHANNEL = 'parceldesk_events';

/**
 * The NOTIFY channel, for hot writes that publish from inside their own SQL statement
 * (`pg_notify(REALTIME_CHANNEL, json_build_object('topic', …, 'key', …, 'id', …)::text)`), which
 * saves a round trip and commits the event with the change.
 */
export const REALTIME_CHANNEL = CHANNEL;

/**
 * The pub/sub type-graphql requires once any @Subscription exists (schema.ts). Ours all pass
 * `subscribe` and follow LiveHub feeds, so it never carries events.
 */
export function createLocalPubSub() {
  return createPubSub<Record<string, [key: string, event: RealtimeEvent]>>();
}
const routeOf = (topic: Topic, key: string) => `${topic}\u0000${key}`;

/**
 * Pub/sub across server processes through PostgreSQL LISTEN/NOTIFY. Every event, even one
 * published and consumed in the same process, goes through the database, so all processes see
 * the same events in the same order. `publish` should run after the change is committed.
 *
 * Subscription resolvers should not listen here directly but through `LiveHub` (live.ts), which
 * shares one database read per event among subscribers and releases them at once.
 *
 * NOTIFYs sent while the LISTEN connection is down are lost for good. So after every reconnect
 * (a PostgreSQL restart, a dropped connection) the `onReconnected` callbacks run: the WebSocket
 * server re-checks sessions and tells every client to resync (ws-server.ts).
 */
export class Realtime {
  private client: pg.Client | null = null;
  private closed = false;
  private lost = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly reconnectedCallbacks = new Set<() => void>();
  /** Events received so far (the metrics' NOTIFY rate). */
  received = 0;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    /** Runs a query on the app's pool (publishing needs no dedicated connection). */
    private readonly execute: (sql: string, params: unknown[]) => Promise<unknown>,
    private readonly reconnectDelayMs = 1000,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    // A failed connect emits nothing else: only a client that was connected needs these.
    const onLost = (error?: Error) => {
      if (this.client !== client) return;
      if (error) this.logger.warn({ err: error }, 'realtime listener connection failed; reconnecting');
      this.lost = true;
      this.scheduleReconnect();
    };
    client.on('notification', (message) => this.deliver(message.payload));
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.lost) {
      this.lost = false;
      this.logger.warn('realtime listener reconnected; events sent meanwhile are lost, asking clients to resync');
      for (const callback of [...this.reconnectedCallbacks]) {
        try {
          callback();
        } catch (error) {
          this.logger.error({ err: error }, 'realtime reconnect callback failed');
        }
      }
    }
  }

  async publish(topic: Topic, key: string, id: string = key): Promise<void> {
    await this.publishAll([{ topic, key, id }]);
  }

  /** Several events in one statement (one round trip), in this order. */
  async publishAll(events: RealtimeEvent[]): Promise<void> {
    if (!events.length) return;
    await this.execute(`select ${events.map(() => 'pg_notify(?, ?)').join(', ')}`, events.flatMap((event) => [CHANNEL, JSON.stringify(event)]));
  }

  /** Calls `listener` for each event of this topic and key in this process; returns the removal. */
  listen(topic: Topic, key: string, listener: RealtimeListener): () => void {
    const route = routeOf(topic, key);
    const set = this.listeners.get(route) ?? new Set<RealtimeListener>();
    set.add(listener);
    this.listeners.set(route, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(route) === set) this.listeners.delete(route);
    };
  }

  /**
   * The events of a topic and key as an async iterator that ends at once on `return()` (a pending
   * `next()` resolves done), holding at most the latest 64 events for a slow reader.
   */
  subscribe(topic: Topic, key: string): AsyncIterableIterator<RealtimeEvent> {
    return new Repeater<RealtimeEvent>(async (push, stop) => {
      const remove = this.listen(topic, key, (event) => void push(event));
      await stop;
      remove();
    }, new SlidingBuffer(64));
  }

  /** How many listeners are registered in this process (0 once every subscriber is released). */
  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Runs `callback` after each LISTEN reconnect; returns the removal. */
  onReconnected(callback: () => void): () => void {
    this.reconnectedCallbacks.add(callback);
    return () => this.reconnectedCallbacks.delete(callback);
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
    this.received += 1;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(payload) as RealtimeEvent;
    } catch (error) {
      this.logger.warn({ err: error, payload }, 'ignoring malformed realtime event');
      return;
    }
    for (const listener of [...(this.listeners.get(routeOf(event.topic, event.key)) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, topic: event.topic }, 'realtime listener failed');
      }
    }
  }

  private scheduleReconnect(): void {
    this.client = null;
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'realtime reconnect failed');
        this.scheduleReconnect();
      });
    }, this.reconnectDelayMs);
  }
}
