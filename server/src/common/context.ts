import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { LiveHub } from '../realtime/live.js';
import type { Realtime } from '../realtime/pubsub.js';
import type { ActiveSession, SessionUser } from './session.js';

/**
 * The long-lived parts that every feature may use. A feature that needs more declares its own deps
 * type extending this one (e.g. chat/chat.deps.ts) and the composition root (composition.ts)
 * provides them all: the core names no feature.
 */
export interface CoreDeps {
  config: Config;
  logger: Logger;
  realtime: Realtime;
  /** Subscriptions follow feeds through this (one read per event, released at once). */
  live: LiveHub;
}

/** Cookie handling exists only for HTTP operations (a WebSocket cannot set cookies). */
export interface HttpCookies {
  setSession(token: string, expiresAt: Date): void;
  clearSession(): void;
}

/** What every resolver receives: a request-scoped EntityManager fork and who is asking. */
export interface Context<D extends CoreDeps = CoreDeps> {
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
  /** The process's parts, as the feature at hand declares them (the root provides them all). */
  deps: D;
}

/**
 * The context of one HTTP request. `em` and `logger` are made when first used (a fork is a unit of
 * work and an identity map, a child logger a bindings object; most reads need neither), and they
 * are getters on the prototype on purpose: Apollo copies a context's own properties for each
 * operation, which would call own getters, and fork, on every request.
 */
export class RequestContext<D extends CoreDeps = CoreDeps> implements Context<D> {
  readonly db: EntityManager;
  readonly user: SessionUser | null;
  readonly session: ActiveSession | null;
  readonly requestId: string;
  readonly clientAddress: string;
  readonly cookies: HttpCookies | null;
  readonly deps: D;
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
    deps: D;
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
export type AuthedContext<D extends CoreDeps = CoreDeps> = Context<D> & { user: SessionUser; session: ActiveSession };
