import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { LiveHub } from '../realtime/live.js';
import type { Realtime } from '../realtime/pubsub.js';
import type { ActiveSession, SessionUser } from '../accounts/account.service.js';
import type { LoginLimiter } from '../accounts/login-limiter.js';
import type { RequestBudget } from './request-budget.js';
import type { OutboxWorker } from '../notifications/outbox.worker.js';
import type { Presence } from '../realtime/presence.js';
import type { ShipmentEvents } from '../shipments/shipment.events.js';
import type { ChatLimiter } from '../chat/chat.limiter.js';
import type { ChatPhotos } from '../chat/chat-photos.js';
import type { BackgroundTasks } from './background.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { BlobStore } from '../storage/blob-store.js';

/** Long-lived parts shared by every request of one server process. */
export interface AppDeps {
  config: Config;
  realtime: Realtime;
  /** Subscriptions follow feeds through this (one read per event, released at once). */
  live: LiveHub;
  loginLimiter: LoginLimiter;
  /** Per-user budget of GraphQL work; HTTP charges it in a plugin, the WebSocket should too. */
  requestBudget: RequestBudget;
  outbox: OutboxWorker;
  logger: Logger;
  presence: Presence;
  shipmentEvents: ShipmentEvents;
  chatLimiter: ChatLimiter;
  /** Work that runs after an answer (offline chat notifications). */
  chatTasks: BackgroundTasks;
  /** Photo messages' uploads (provided by complaints/, whose pipeline they go through). */
  chatPhotos: ChatPhotos;
  store: BlobStore;
  /** Recurring jobs claimed through the database (auto-close, upload sweep). */
  scheduler: Scheduler;
}

/** Cookie handling exists only for HTTP operations (a WebSocket cannot set cookies). */
export interface HttpCookies {
  setSession(token: string, expiresAt: Date): void;
  clearSession(): void;
}

/** What every resolver receives: a request-scoped EntityManager fork and who is asking. */
export interface Context {
  /** This request's fork (unit of work, identity map) for writes and entity reads, made when first used. */
  em: EntityManager;
  /**
   * For plain-row reads through common/sql.ts, which only borrow a pooled connection: the process's
   * root EntityManager, so a read-only request makes no fork. MikroORM refuses entity work on it
   * (allowGlobalContext: false), so it cannot stand in for `em` by mistake.
   */
  db: EntityManager;
  user: SessionUser | null;
  session: ActiveSession | null;
  requestId: string;
  logger: Logger;
  clientAddress: string;
  cookies: HttpCookies | null;
  deps: AppDeps;
}

/**
 * The context of one HTTP request. `em` and `logger` are made when first used (a fork is a unit of
 * work and an identity map, a child logger a bindings object; most reads need neither), and they
 * are getters on the prototype on purpose: Apollo copies a context's own properties for each
 * operation, which would call own getters, and fork, on every request.
 */
export class RequestContext implements Context {
  readonly db: EntityManager;
  readonly user: SessionUser | null;
  readonly session: ActiveSession | null;
  readonly requestId: string;
  readonly clientAddress: string;
  readonly cookies: HttpCookies | null;
  readonly deps: AppDeps;
  private readonly orm: { em: EntityManager };
  private readonly parentLogger: Logger;
  private forked?: EntityManager;
  private childLogger?: Logger;

  constructor(init: {
    orm: { em: EntityManager };
    parentLogger: Logger;
    session: ActiveSession | null;
    requestId: string;
    clientAddress: string;
    cookies: HttpCookies | null;
    deps: AppDeps;
  }) {
    this.orm = init.orm;
    this.db = init.orm.em;
    this.parentLogger = init.parentLogger;
    this.session = init.session;
    this.user = init.session?.user ?? null;
    this.requestId = init.requestId;
    this.clientAddress = init.clientAddress;
    this.cookies = init.cookies;
    this.deps = init.deps;
  }

  get em(): EntityManager {
    return (this.forked ??= this.orm.em.fork());
  }

  get logger(): Logger {
    return (this.childLogger ??= this.parentLogger.child({ requestId: this.requestId }));
  }
}

/** A context whose user is known: resolvers behind @Authorized receive this. */
export type AuthedContext = Context & { user: SessionUser; session: ActiveSession };
