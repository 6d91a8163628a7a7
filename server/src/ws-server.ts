import { parseCookie } from 'cookie';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { findActiveSession } from './accounts/account.service.js';
import type { Session } from './accounts/session.entity.js';
import { tokenFromHeaders } from './accounts/session-token.js';
import type { AppDeps, Context } from './common/context.js';
import { formatGraphQLError } from './common/errors.js';
import { queryParseOptions } from './common/query-limits.js';
import type { Orm } from './db/orm.js';
import { Topic } from './realtime/pubsub.js';

interface SocketExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: http.IncomingMessage;
  session?: Session;
}

/**
 * graphql-ws on the HTTP server's /graphql path. Connections authenticate once in onConnect
 * (connectionParams.authToken or the session cookie of the upgrade request), are refused for a
 * foreign Origin, and are closed when their session logs out (in any process) or expires.
 */
export function attachGraphQLWs(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: Orm;
  deps: AppDeps;
  validationRules: ValidationRule[];
}): { dispose(): Promise<void>; closeAll(): void } {
  const { httpServer, schema, orm, deps, validationRules } = options;
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
  const socketsBySession = new Map<string, Set<WebSocket>>();
  const formatWsError = (error: GraphQLError) =>
    formatGraphQLError(error.toJSON(), error, { isDevelopment: config.isDevelopment, logger }) as unknown as GraphQLError;
  const cleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, SocketExtra>) => {
        const params = ctx.connectionParams ?? {};
        const token =
          (typeof params.authToken === 'string' && params.authToken) ||
          tokenFromHeaders({ cookie: ctx.extra.request.headers.cookie }, parseCookie);
        const session = await findActiveSession(orm.em.fork(), token || null);
        if (!session) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.session = session;
        const sockets = socketsBySession.get(session.id) ?? new Set<WebSocket>();
        sockets.add(ctx.extra.socket);
        socketsBySession.set(session.id, sockets);
        const untilExpiry = session.expiresAt.getTime() - Date.now();
        const expiryTimer = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Session expired'), Math.min(untilExpiry, 2 ** 31 - 1));
        presence.connected(session.user.id);
        ctx.extra.socket.once('close', () => {
          presence.disconnected(session.user.id);
          clearTimeout(expiryTimer);
          sockets.delete(ctx.extra.socket);
          if (sockets.size === 0) socketsBySession.delete(session.id);
        });
        return true;
      },
      context: (ctx, _id, payload) => {
        const session = ctx.extra.session!;
        const requestId = randomUUID();
        logger.info({ requestId, transport: 'ws', operationName: payload.operationName, userId: session.user.id }, 'graphql subscribe');
        return {
          em: orm.em.fork(),
          user: session.user,
          session,
          requestId,
          logger: logger.child({ requestId, transport: 'ws' }),
          clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          cookies: null,
          deps,
        } satisfies Context;
      },
      onSubscribe: (_ctx, _id, payload) => {
        // Apollo's validation rules do not reach graphql-ws: apply the same limits here.
        let document;
        try {
          document = parse(payload.query, queryParseOptions(config.limits));
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        return errors.length > 0 ? errors : undefined;
      },
      // Execution errors (including those thrown at subscribe time) go through the same mapping
      // as HTTP; validation errors come through onError.
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors?.length) return result;
        return { ...result, errors: result.errors.map((error) => formatWsError(error)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatWsError(error)),
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
  void (async () => {
    for await (const event of realtime.subscribe(Topic.SESSION_REVOKED, 'all')) {
      for (const socket of socketsBySession.get(event.id) ?? []) socket.close(CloseCode.Forbidden, 'Logged out');
    }
  })();


  return {
    dispose: async () => {
      clearInterval(pinger);
      await cleanup.dispose();
    },
    closeAll: () => {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
    },
  };
}
