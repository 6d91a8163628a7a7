import type { EntityManager } from '@mikro-orm/postgresql';
import { Repeater, SlidingBuffer } from '@graphql-yoga/subscription';
import type { Logger } from 'pino';
import type { Realtime, RealtimeEvent, Topic } from './pubsub.js';

/**
 * Live feeds: the one way a subscription turns realtime events into payloads. Use it for every
 * subscription (each feature has its own feeds and topics):
 *
 *     // once per module: what one event reads, shared by every subscriber of its key
 *     const shipmentFeed = liveFeed(ShipmentTopic.SHIPMENT_UPDATED, (em, event) => loadShipment(em, event.key));
 *     // in the subscribe function, after the access check at subscribe time:
 *     return ctx.deps.live.follow(shipmentFeed, shipmentId, (shipment) => (canSee(user, shipment) ? shipment : null));
 *
 * What a subscription gets by following a feed:
 * - One database read per event per process: the first subscriber of a key starts listening, each
 *   event of that key runs `load` once (on a fresh EntityManager, so relation fields resolved on
 *   the payload are loaded once too), then every subscriber's `accept` runs in memory (the
 *   per-subscriber access check; null drops the event for that subscriber). Events of one key are
 *   handled in order; a repeat of an event still waiting is dropped (it would read the same rows).
 * - Release at once: `follow` returns a Repeater. Its `return()` (the client's complete, or the
 *   socket closing) ends a pending `next()` immediately and removes the subscriber; the last one
 *   of a key stops listening, so later events of that key cost this process nothing.
 * - Bounded: a subscriber that does not keep up keeps only its latest `buffer` payloads.
 * - Caps and resync are the transport's (ws-server.ts with live-sockets.ts): at most N sockets per
 *   user and M subscriptions per socket, and after a LISTEN reconnect every socket is closed with
 *   LiveCloseCode.Resync (after its session is re-checked), so clients refetch from their last
 *   seq/version. A feed needs nothing for that.
 */
export interface LiveFeed<T> {
  topic: Topic;
  load(em: EntityManager, event: RealtimeEvent): Promise<T | null>;
}

export function liveFeed<T>(topic: Topic, load: (em: EntityManager, event: RealtimeEvent) => Promise<T | null>): LiveFeed<T> {
  return { topic, load };
}

interface Subscriber {
  offer(value: unknown): void;
}

interface Route {
  feed: LiveFeed<unknown>;
  subscribers: Set<Subscriber>;
  unlisten: () => void;
  /** Events handled one after another, so subscribers see a key's changes in order. */
  queue: Promise<void>;
  /** Ids of events queued but not started (a repeat of one of them is dropped). */
  waiting: Set<string>;
}

export class LiveHub {
  private readonly routes = new Map<string, Route>();

  constructor(
    private readonly realtime: Realtime,
    /** A fresh EntityManager for one event's read. */
    private readonly fork: () => EntityManager,
    private readonly logger: Logger,
    private readonly buffer = 32,
  ) {}

  /** Follows one key of a feed: yields `accept(value)` for each event, skipping nulls. */
  follow<T, P = T>(feed: LiveFeed<T>, key: string, accept: (value: T) => P | null | undefined): AsyncIterableIterator<P> {
    return new Repeater<P>(async (push, stop) => {
      const subscriber: Subscriber = {
        offer: (value) => {
          const payload = accept(value as T);
          if (payload !== null && payload !== undefined) void push(payload);
        },
      };
      const remove = this.add(feed as LiveFeed<unknown>, key, subscriber);
      await stop;
      remove();
    }, new SlidingBuffer(this.buffer));
  }

  /** Subscribers and listened keys in this process (both 0 when every subscription is released). */
  stats(): { keys: number; subscribers: number } {
    let subscribers = 0;
    for (const route of this.routes.values()) subscribers += route.subscribers.size;
    return { keys: this.routes.size, subscribers };
  }

  private add(feed: LiveFeed<unknown>, key: string, subscriber: Subscriber): () => void {
    const id = `${feed.topic}\u0000${key}`;
    let route = this.routes.get(id);
    if (route && route.feed !== feed) throw new Error(`Two feeds for topic ${feed.topic}: define each feed once`);
    if (!route) {
      const created: Route = { feed, subscribers: new Set(), unlisten: () => undefined, queue: Promise.resolve(), waiting: new Set() };
      created.unlisten = this.realtime.listen(feed.topic, key, (event) => this.enqueue(created, event));
      this.routes.set(id, created);
      route = created;
    }
    route.subscribers.add(subscriber);
    const owned = route;
    return () => {
      owned.subscribers.delete(subscriber);
      if (owned.subscribers.size === 0 && this.routes.get(id) === owned) {
        owned.unlisten();
        this.routes.delete(id);
      }
    };
  }

  private enqueue(route: Route, event: RealtimeEvent): void {
    if (route.waiting.has(event.id)) return;
    route.waiting.add(event.id);
    route.queue = route.queue.then(async () => {
      route.waiting.delete(event.id);
      if (route.subscribers.size === 0) return;
      let value: unknown;
      try {
        value = await route.feed.load(this.fork(), event);
      } catch (error) {
        this.logger.error({ err: error, topic: event.topic, key: event.key }, 'live feed read failed');
        return;
      }
      if (value === null || value === undefined) return;
      for (const subscriber of [...route.subscribers]) {
        try {
          subscriber.offer(value);
        } catch (error) {
          this.logger.error({ err: error, topic: event.topic }, 'live subscriber check failed');
        }
      }
    });
  }
}
