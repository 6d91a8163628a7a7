import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { parseCookie } from 'cookie';
import express, { type Request, type Response } from 'express';
import { GraphQLError, parse, specifiedRules, validate, type ValidationContext, type ValidationRule } from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { findActiveSession } from './accounts/account.service.js';
import { LoginLimiter } from './accounts/login-limiter.js';
import type { Session } from './accounts/session.entity.js';
import { SESSION_COOKIE, tokenFromHeaders } from './accounts/session-token.js';
import type { AppDeps, Context, HttpCookies } from './common/context.js';
import { formatGraphQLError } from './common/errors.js';
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { OutboxWorker } from './notifications/outbox.worker.js';
import { InAppSender, LoggingSmsSender } from './notifications/senders.js';
import { Realtime, Topic } from './realtime/pubsub.js';
import { buildAppSchema } from './schema.js';

export interface ParcelDeskServer {
  httpServer: http.Server;
  deps: AppDeps;
  listen(): Promise<string>;
  /** Stops taking work, drains HTTP and WebSocket connections; the caller closes the ORM after. */
  stop(): Promise<void>;
}

interface SocketExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: http.IncomingMessage;
  session?: Session;
}

export async function createServer(options: { config: Config; logger: Logger; orm: Orm; databaseUrl: string }): Promise<ParcelDeskServer> {
  const { config, logger, orm } = options;
  const schema = await buildAppSchema();
  const realtime = new Realtime(options.databaseUrl, logger, (sql, params) => orm.em.getConnection().execute(sql, params));
  await realtime.start();
  const outbox = new OutboxWorker(orm, [new InAppSender(realtime), new LoggingSmsSender(logger)], logger);
  outbox.start();
  const deps: AppDeps = { config, realtime, logger, outbox, loginLimiter: new LoginLimiter(config.loginRate) };

  // The armor rules throw by default, which graphql-js does not catch; report instead, so the
  // client gets a validation error that says which limit it hit.
  const reportLimit = (message: string) => ({
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
  });
  const { queryDepth, queryCost } = config.limits;
  const validationRules = [
    maxDepthRule({ n: queryDepth, ...reportLimit(`Query is too deep: the depth limit is ${queryDepth}.`) }),
    costLimitRule({ maxCost: queryCost, ...reportLimit(`Query is too expensive: the cost limit is ${queryCost}.`) }),
  ] as unknown as ValidationRule[];

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = http.createServer(app);

  // --- WebSocket (graphql-ws) on the same path as HTTP GraphQL ---
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
  const wsCleanup = useServer<Record<string, unknown> | undefined, SocketExtra>(
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
        ctx.extra.socket.once('close', () => {
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
          document = parse(payload.query);
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

  // A logout in any process closes this process's sockets of that session.
  void (async () => {
    for await (const event of realtime.subscribe(Topic.SESSION_REVOKED, 'all')) {
      for (const socket of socketsBySession.get(event.id) ?? []) socket.close(CloseCode.Forbidden, 'Logged out');
    }
  })();

  // --- HTTP ---
  const requestLogging: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          contextValue.logger.info(
            { operationName, ms: Math.round(performance.now() - started), errors: errors?.length ?? 0, userId: contextValue.user?.id },
            'graphql',
          );
        },
      };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    introspection: config.isDevelopment,
    hideSchemaDetailsFromClientErrors: !config.isDevelopment,
    includeStacktraceInErrorResponses: config.isDevelopment,
    stopOnTerminationSignals: false,
    validationRules,
    formatError: (formatted, error) => formatGraphQLError(formatted, error, { isDevelopment: config.isDevelopment, logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      ...(config.isDevelopment ? [] : [ApolloServerPluginLandingPageDisabled()]),
      requestLogging,
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    res.locals.requestId = requestId;
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => httpContext(req, res),
    }),
  );

  async function httpContext(req: Request, res: Response): Promise<Context> {
    const em = orm.em.fork();
    const token = tokenFromHeaders({ authorization: req.headers.authorization, cookie: req.headers.cookie }, parseCookie);
    const session = await findActiveSession(em, token);
    const requestId = res.locals.requestId as string;
    const cookies: HttpCookies = {
      setSession: (value, expiresAt) =>
        res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: expiresAt, path: '/' }),
      clearSession: () => res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' }),
    };
    return {
      em,
      user: session?.user ?? null,
      session,
      requestId,
      logger: logger.child({ requestId }),
      clientAddress: req.ip ?? 'unknown',
      cookies,
      deps,
    };
  }

  serveWebApp(app, config.webDistDir, logger);

  // Body too large and malformed JSON answer the client, never crash the process.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? 500;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) logger.error({ err: error }, 'http error');
    res.status(status).json({ errors: [{ message: status < 500 ? error.message : 'Internal server error', extensions: { code } }] });
  });

  return {
    httpServer,
    deps,
    listen: () =>
      new Promise((resolve) => {
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          resolve(`http://localhost:${port}`);
        });
      }),
    async stop() {
      // Close live sockets first (clients reconnect elsewhere), then let HTTP requests finish.
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await apollo.stop();
      await outbox.stop();
      await realtime.stop();
    },
  };
}

/** The built web app at /, with every unknown non-API path answered by index.html (client routing). */
function serveWebApp(app: express.Express, distDir: string | undefined, logger: Logger): void {
  if (!distDir || !fs.existsSync(path.join(distDir, 'index.html'))) {
    logger.warn({ distDir }, 'web app not built: run `pnpm build`; serving the API only');
    return;
  }
  app.use(express.static(distDir, { index: false, maxAge: '1y', immutable: true, setHeaders: (res, file) => {
    if (file.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
  } }));
  app.get(/^\/(?!graphql|healthz|uploads|evidence).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(distDir, 'index.html'));
  });
}
