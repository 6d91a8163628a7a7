import { ErrorCode } from '@parceldesk/shared';
import { parseCookie } from 'cookie';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { findActiveSession } from './accounts/account.service.js';
import type { ActiveSession } from './common/session.js';
import { activeSessionIds, SessionChecks } from './accounts/active-sessions.js';
import { tokenFromHeaders } from './accounts/session-token.js';
import { RequestContext, type CoreDeps } from './common/context.js';
import { requestIdOf } from './common/request-id.js';
import type { RequestBudget } from './common/request-budget.js';
import type { Presence } from './realtime/presence.js';
import { DomainError, formatGraphQLError, isDatabaseUnreachable, serviceUnavailable } from './common/errors.js';
import { queryParseOptions } from './common/query-limits.js';
import { rootFieldCount } from './common/request-budget.js';
import type { Orm } from './db/orm.js';
import { LiveCloseCode, LiveSockets } from './realtime/live-sockets.js';
import { LiveSocketRegistry } from './realtime/live-socket-registry.js';
import { AccountTopic } from './accounts/account.topics.js';

interface SocketExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: http.IncomingMessage;
  session?: ActiveSession;
  /** The upgrade request's id (common/request-id.ts): every line this socket logs carries it. */
  connectionId?: string;
  /** This socket's logger: the transport and the connection id on every line. */
  logger?: Logger;
  /** Socket mutations in flight, for their latency. */
  timing?: Map<string, { operation: string; started: number }>;
}

type WsCtx = WsContext<Record<string, unknown> | undefined, SocketExtra>;

/** Validated documents by query text: clients resubscribe with the same few operations. */
const DOCUMENT_CACHE_SIZE = 200;

/**
 * graphql-ws on the HTTP server's /graphql path, for subscriptions and a few named mutations
 * (`socketMutations`: chat's sendMessage, markThreadRead, setTyping), which a chatting client
 * sends over the socket it already holds instead of paying an HTTP request and a session lookup
 * each. Every other query and mutation (login included) goes over HTTP, where the rate limits by
 * client address and CSRF rules apply. A mutation over the socket is charged to the same
 * per-user request budget as over HTTP, and validated by the same rules.
 *
 * - Connections authenticate once in onConnect (connectionParams.authToken or the session cookie
 *   of the upgrade request), are refused for a foreign Origin, and are closed when their session
 *   logs out (in any process) or expires. A socket that closes while its session is looked up
 *   leaves nothing behind.
 * - Caps (config.live): sockets per user across all processes (realtime/live-socket-registry.ts;
 *   refused with LiveCloseCode.TooManySockets) and
 *   subscriptions per socket (refused with RATE_LIMITED).
 * - The same rules as HTTP: depth and cost limits; no introspection and no "Did you mean"
 *   suggestions outside development.
 * - After a LISTEN reconnect (events may be lost), open sockets re-check their session and are
 *   closed: LiveCloseCode.Resync for live sessions (the client reconnects and refetches),
 *   Forbidden for sessions that ended meanwhile.
 */
export function attachGraphQLWs(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: Orm;
  /** The process's parts: handed on to each operation's context; the socket itself uses these few. */
  deps: CoreDeps & { presence: Presence; requestBudget: RequestBudget };
  validationRules: ValidationRule[];
  /** Root mutation fields served over the socket; an operation naming any other is refused. */
  socketMutations?: ReadonlySet<string>;
  /** Socket mutations' latency goes here (common/metrics.ts). */
  metrics?: { observe(operation: string, transport: 'ws', seconds: number): void };
}): { dispose(): Promise<void>; closeAll(): void; stats(): { sockets: number; users: number; timers: number } } {
  const { httpServer, schema, orm, deps, validationRules } = options;
  const socketMutations = options.socketMutations ?? new Set<string>();
  const { config, logger, realtime, presence } = deps;
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: 64 * 1024,
    // A browser always sends Origin; refuse one that is not ours (cross-site WebSocket hijacking).
    verifyClient: ({ origin }: { origin?: string }) => !origin || allowedOrigins().has(origin),
  });
  const allowedOrigins = () => {
    if (!config.publicOriginIsDefault) return new Set([config.publicOrigin]);
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return new Set(['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${port}`));
  };
  const sockets = new LiveSockets<WebSocket>(config.live);
  // Each socket chat mutation re-checks its session; concurrent checks share one statement.
  const sessionChecks = new SessionChecks(() => orm.em.fork());
  const registry = new LiveSocketRegistry(() => orm.em.fork(), config.live.socketsPerUser, logger);
  registry.start();
  const rules = [...specifiedRules, ...validationRules, ...(config.isDevelopment ? [] : [NoSchemaIntrospectionCustomRule])];
  const documents = new Map<string, DocumentNode>();

  const formatWsError = (error: GraphQLError) => {
    const formatted = formatGraphQLError(error.toJSON(), error, { isDevelopment: config.isDevelopment, logger });
    // As Apollo's hideSchemaDetailsFromClientErrors does on HTTP: no field names guessed for strangers.
    if (config.isDevelopment) return formatted as unknown as GraphQLError;
    return { ...formatted, message: formatted.message.replace(/ ?Did you mean(.+?)\?$/, '') } as unknown as GraphQLError;
  };

  /** Parsed and validated once per query text; errors are answered, never cached. */
  const validated = (query: string): DocumentNode | readonly GraphQLError[] => {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query, queryParseOptions(config.limits));
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(schema, document, rules);
    if (errors.length > 0) return errors;
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value!);
    documents.set(query, document);
    return document;
  };

  // Operations over the socket log with their transport beside the request id.
  const socketLogger = logger.child({ transport: 'ws' });
  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      onConnect: async (ctx: WsCtx) => {
        const { socket } = ctx.extra;
        const connectionId = requestIdOf(ctx.extra.request);
        const connectionLogger = socketLogger.child({ connectionId });
        Object.assign(ctx.extra, { connectionId, logger: connectionLogger });
        const params = ctx.connectionParams ?? {};
        const token =
          (typeof params.authToken === 'string' && params.authToken) ||
          tokenFromHeaders({ cookie: ctx.extra.request.headers.cookie }, parseCookie);
        let session: ActiveSession | null;
        try {
          session = await findActiveSession(orm.em.fork(), token || null);
        } catch (error) {
          connectionLogger.warn({ err: error }, 'websocket session lookup failed');
          socket.close(LiveCloseCode.TryAgainLater, 'Try again later');
          return false;
        }
        // Closed while we looked: its 'close' has fired already, so register nothing.
        if (socket.readyState !== socket.OPEN) return false;
        if (!session) return false; // graphql-ws closes with 4403 Forbidden
        // The cap across processes (a row per socket in PostgreSQL), then this process's own.
        let row: string | null;
        try {
          row = await registry.admit(session.user.id);
        } catch (error) {
          connectionLogger.warn({ err: error }, 'websocket admission failed');
          socket.close(LiveCloseCode.TryAgainLater, 'Try again later');
          return false;
        }
        if (row && socket.readyState !== socket.OPEN) registry.release(row);
        if (socket.readyState !== socket.OPEN) return false;
        if (!row || !sockets.admit(socket, session.user.id, session.id)) {
          if (row) registry.release(row);
          socket.close(LiveCloseCode.TooManySockets, sockets.socketRefusalReason());
          return false;
        }
        ctx.extra.session = session;
        presence.connected(session.user.id);
        connectionLogger.info({ userId: session.user.id }, 'websocket connected');
        socket.once('close', (code: number) => {
          connectionLogger.info({ userId: session.user.id, code }, 'websocket closed');
          sockets.release(socket);
          registry.release(row);
          presence.disconnected(session.user.id);
        });
        sockets.timer(socket, session.expiresAt.getTime() - Date.now(), () => socket.close(LiveCloseCode.Forbidden, 'Session expired'));
        return true;
      },
      context: (ctx, _id, payload) => {
        const session = ctx.extra.session!;
        const requestId = randomUUID();
        const connectionLogger = ctx.extra.logger ?? socketLogger;
        connectionLogger.info({ requestId, operationName: payload.operationName, userId: session.user.id }, 'graphql subscribe');
        return new RequestContext({
          orm,
          parentLogger: connectionLogger,
          session,
          requestId,
          clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          cookies: null,
          deps,
        });
      },
      onSubscribe: async (ctx, id, payload) => {
        // Apollo's validation rules do not reach graphql-ws: apply the same ones here.
        const document = validated(payload.query);
        if (!('kind' in document)) return [...document];
        const operation = getOperationAST(document, payload.operationName);
        // The same budget as HTTP's (requestBudgetPlugin): one point per root field, a subscription's included.
        const charge = async (op: OperationDefinitionNode): Promise<readonly GraphQLError[] | null> => {
          try {
            // The shared budget may need the database (near the limit); unreachable is retryable.
            await deps.requestBudget.charge({ user: ctx.extra.session!.user, clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown' }, rootFieldCount(document, op));
            return null;
          } catch (error) {
            if (isDatabaseUnreachable(error)) return [new GraphQLError(serviceUnavailable().message, { originalError: serviceUnavailable() })];
            if (!(error instanceof DomainError)) throw error;
            return [new GraphQLError(error.message, { originalError: error })];
          }
        };
        if (operation && operation.operation === 'mutation' && rootFieldNames(document, operation).every((name) => socketMutations.has(name))) {
          // A session revoked in the database (by an operator, not only by logout) stops the
          // socket's mutations at once; the socket is closed once the refusal is out.
          const session = ctx.extra.session!;
          let active: boolean;
          try {
            active = await sessionChecks.isActive(session.id);
          } catch (error) {
            // The database cannot be reached: a retryable answer, as over HTTP, and the socket stays.
            if (!isDatabaseUnreachable(error)) throw error;
            const unavailable = serviceUnavailable();
            return [new GraphQLError(unavailable.message, { originalError: unavailable })];
          }
          if (!active) {
            sockets.timer(ctx.extra.socket, 100, () => sockets.closeSession(session.id, LiveCloseCode.Forbidden, 'Session ended'));
            return [new GraphQLError('Session ended; sign in again', { originalError: new DomainError(ErrorCode.UNAUTHENTICATED, 'Session ended; sign in again') })];
          }
          const refused = await charge(operation);
          if (refused) return [...refused];
          (ctx.extra.timing ??= new Map()).set(id, { operation: rootFieldNames(document, operation)[0] ?? 'unknown', started: performance.now() });
          return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
        }
        if (operation && operation.operation !== 'subscription') {
          return [
            new GraphQLError('Only subscriptions and chat mutations are served over the WebSocket: send other queries and mutations over HTTP', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        }
        // graphql-ws has already registered this one: the count includes it.
        const refusal = sockets.subscriptionRefusal(Object.keys(ctx.subscriptions).length);
        if (refusal) return [refusal];
        const refused = operation ? await charge(operation) : null;
        if (refused) return [...refused];
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // Execution errors (including those thrown at subscribe time) go through the same mapping
      // as HTTP; validation errors come through onError.
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors?.length) return result;
        return { ...result, errors: result.errors.map((error) => formatWsError(error)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatWsError(error)),
      onComplete: (ctx, id) => {
        const timing = ctx.extra.timing?.get(id);
        if (!timing) return;
        ctx.extra.timing!.delete(id);
        options.metrics?.observe(timing.operation, 'ws', (performance.now() - timing.started) / 1000);
      },
    },
    wsServer,
  );

  // Idle sockets: ping each one; one that did not answer the previous ping is gone (a phone that
  // lost its network never sends a close), so drop it and free what it held.
  const alive = new WeakSet<WebSocket>();
  wsServer.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });
  const pinger = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, config.wsPingMs);
  pinger.unref();
  wsServer.on('close', () => clearInterval(pinger));

  // A logout in any process closes this process's sockets of that session.
  const unlistenRevoked = realtime.listen(AccountTopic.SESSION_REVOKED, 'all', (event) =>
    sockets.closeSession(event.id, LiveCloseCode.Forbidden, 'Logged out'),
  );

  /** Of these sessions, those still signed in (not revoked, not expired). */
  const activeSessions = (ids: string[]): Promise<Set<string>> => activeSessionIds(orm.em.fork(), ids);

  // Sessions revoked in the database without a logout (an operator, a password change elsewhere)
  // send no event: every process re-checks its sockets' sessions (one statement) every
  // LIVE_SESSION_RECHECK_SECONDS and closes those that ended.
  const recheck = setInterval(() => {
    const ids = sockets.sessionIds();
    if (ids.length === 0) return;
    activeSessions(ids).then(
      (active) => {
        for (const id of ids) if (!active.has(id)) sockets.closeSession(id, LiveCloseCode.Forbidden, 'Session ended');
      },
      (error: unknown) => logger.warn({ err: error }, 'periodic session re-check failed'),
    );
  }, config.live.sessionRecheckMs);
  recheck.unref();

  // Events (a logout among them) NOTIFYed while LISTEN was down are lost: re-check every open
  // socket's session, and have the rest reconnect and refetch.
  const offReconnected = realtime.onReconnected(() => {
    const ids = sockets.sessionIds();
    if (ids.length === 0) return;
    void (async () => {
      let active: Set<string>;
      try {
        active = await activeSessions(ids);
      } catch (error) {
        // Cannot tell who is still signed in: close them all as ended is too harsh; resync them
        // all, and onConnect checks each session again on the way back in.
        logger.warn({ err: error }, 'session re-check after LISTEN reconnect failed');
        active = new Set(ids);
      }
      sockets.closeAll(active, LiveCloseCode.Resync, 'Resync');
    })();
  });

  return {
    dispose: async () => {
      clearInterval(pinger);
      clearInterval(recheck);
      unlistenRevoked();
      offReconnected();
      await cleanup.dispose();
      await registry.stop();
    },
    closeAll: () => {
      // Resync: the client reconnects at once (to another process behind the load balancer) and
      // refetches from its last seq/version, instead of backing off as after a plain 1001.
      for (const client of wsServer.clients) client.close(LiveCloseCode.Resync, 'Server restarting; reconnect');
    },
    stats: () => sockets.stats(),
  };
}

/** The names of the fields an operation asks for at its root, through fragments (`__typename` aside). */
function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}
