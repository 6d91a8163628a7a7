import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { parseCookie, stringifySetCookie } from 'cookie';
import express, { type Request, type Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import proxyAddr from 'proxy-addr';
import type { Logger } from 'pino';
import { findActiveSession } from './accounts/account.service.js';
import { SESSION_COOKIE, tokenFromHeaders } from './accounts/session-token.js';
import { compiledExecution } from './common/compiled-execution.js';
import { requestIdOf } from './common/request-id.js';
import { RequestContext, type Context, type HttpCookies } from './common/context.js';
import { formatGraphQLError, isDatabaseUnreachable, serviceUnavailablePlugin, unavailableHttpError } from './common/errors.js';
import { Metrics } from './common/metrics.js';
import { queryLimitRules, queryParseOptions } from './common/query-limits.js';
import { requestBudgetPlugin } from './common/request-budget.js';
import { composeParts, type AppDeps } from './composition.js';
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { graphqlHttpHandler, type ResponseHeaders } from './graphql-http.js';
import { buildAppSchema } from './schema.js';
import { attachGraphQLWs } from './ws-server.js';

export interface ParcelDeskServer {
  httpServer: http.Server;
  deps: AppDeps;
  /** Authenticated live sockets, their users and timers in this process (for tests and the soak). */
  liveSockets(): { sockets: number; users: number; timers: number };
  listen(): Promise<string>;
  /** Stops taking work, drains HTTP and WebSocket connections; the caller closes the ORM after. */
  stop(): Promise<void>;
}

export async function createServer(options: { config: Config; logger: Logger; orm: Orm; databaseUrl: string }): Promise<ParcelDeskServer> {
  const { config, logger, orm } = options;
  const schema = await buildAppSchema();
  const parts = await composeParts(options);
  const { deps } = parts;

  const validationRules = queryLimitRules(config.limits);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: each is per viewer and read fresh, and hashing every body costs CPU on
  // every request (static files keep theirs: express.static sets its own).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  // Its request listener is attached below, once Apollo (which drains this server) has started.
  const httpServer = http.createServer();

  const metrics = new Metrics({
    liveSockets: () => ws.stats().sockets,
    liveSubscriptions: () => deps.live.stats().subscribers,
    imageQueueDepth: () => parts.imageQueueDepth(),
    eventsReceived: () => deps.realtime.received,
    outboxLagSeconds: async () => {
      const [row] = await orm.em.getConnection().execute<{ lag: number | null }[]>(
        `select extract(epoch from now() - min(created_at))::float8 as lag from outbox_messages where sent_at is null`,
      );
      return Math.max(0, Number(row?.lag ?? 0));
    },
  });
  const ws = attachGraphQLWs({ httpServer, schema, orm, deps, validationRules, socketMutations: parts.socketMutations, metrics });

  // --- HTTP ---
  const requestLogging: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      // Nothing to do per request when info is not logged (production runs at warn).
      if (!logger.isLevelEnabled('info')) return;
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
    ...(config.compiledExecution ? { gateway: compiledExecution(schema) } : { schema }),
    csrfPrevention: true,
    introspection: config.isDevelopment,
    hideSchemaDetailsFromClientErrors: !config.isDevelopment,
    includeStacktraceInErrorResponses: config.isDevelopment,
    stopOnTerminationSignals: false,
    validationRules,
    parseOptions: queryParseOptions(config.limits),
    formatError: (formatted, error) => formatGraphQLError(formatted, error, { isDevelopment: config.isDevelopment, logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await ws.dispose(); } }; } },
      ...(config.isDevelopment ? [] : [ApolloServerPluginLandingPageDisabled()]),
      // Apollo's default cache-control plugin wraps every field resolver to compute cache hints
      // that nothing here uses (answers are per viewer and never cached): off.
      ApolloServerPluginCacheControlDisabled(),
      requestLogging,
      metrics.plugin(),
      requestBudgetPlugin(deps.requestBudget),
      serviceUnavailablePlugin(),
    ],
  });
  await apollo.start();

  const security = precomputed(helmetFor(config));
  /** Security headers and the request id, on every response (GraphQL and Express alike). */
  const commonHeaders = (req: http.IncomingMessage, res: http.ServerResponse): string => {
    for (const [name, value] of security) res.setHeader(name, value);
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    return requestId;
  };
  app.use((req, res, next) => {
    res.locals.requestId = commonHeaders(req, res);
    next();
  });

  // Which process answered (a random id per process, not its pid): behind a load balancer.
  const instance = randomUUID().slice(0, 8);
  let draining = false;
  /** Alive and its database reachable (a supervisor restarts the process otherwise). */
  app.get('/healthz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', instance });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable', instance });
    }
  });
  /** Should take new work: 503 while draining after SIGTERM or without its database (a load balancer skips it). */
  app.get('/metrics', (req, res) => void metrics.serve(req, res, process.env.METRICS_TOKEN || undefined).catch((error: unknown) => {
    logger.error({ err: error }, 'metrics failed');
    if (!res.headersSent) res.status(500).end();
  }));
  app.get('/readyz', async (_req, res) => {
    if (draining) return void res.status(503).json({ status: 'draining', instance });
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready', instance });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable', instance });
    }
  });

  const trustedProxies = proxyAddr.compile('loopback');
  const graphqlHandler = graphqlHttpHandler<Context>({
    apollo,
    bodyLimit: config.limits.bodyBytes,
    commonHeaders,
    context: httpContext,
    onError: (error) => logger.error({ err: error }, 'graphql http error'),
  });
  // /graphql is answered on Node's request directly (graphql-http.ts); the rest goes to Express.
  httpServer.on('request', (req, res) => (isGraphQLPath(req.url) ? graphqlHandler(req, res) : app(req, res)));

  async function httpContext(req: http.IncomingMessage, requestId: string, response: ResponseHeaders): Promise<Context> {
    const token = tokenFromHeaders({ authorization: req.headers.authorization, cookie: req.headers.cookie }, parseCookie);
    // A plain statement on the pool: no fork needed for it.
    const session = await findActiveSession(orm.em, token).catch((error: unknown) => {
      throw isDatabaseUnreachable(error) ? unavailableHttpError() : error;
    });
    const sessionCookie = (value: string, expires: Date) =>
      response.append(
        'set-cookie',
        stringifySetCookie({ name: SESSION_COOKIE, value, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires, path: '/' }),
      );
    const cookies: HttpCookies = {
      setSession: (value, expiresAt) => sessionCookie(value, expiresAt),
      clearSession: () => sessionCookie('', new Date(0)),
    };
    return new RequestContext<AppDeps>({
      orm,
      parentLogger: logger,
      session,
      requestId,
      // Express's req.ip under `trust proxy: loopback`: X-Forwarded-For only from a local proxy.
      clientAddress: proxyAddr(req, trustedProxies) || 'unknown',
      cookies,
      deps,
    });
  }

  // Multipart beside /graphql (DESIGN §4): its own auth and CSRF header check, streamed by busboy.
  for (const routes of parts.routes) app.use(routes);

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
    liveSockets: () => ws.stats(),
    listen: () =>
      new Promise((resolve) => {
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          resolve(`http://localhost:${port}`);
        });
      }),
    async stop() {
      draining = true;
      // Close live sockets first (clients reconnect elsewhere), then let HTTP requests finish.
      ws.closeAll();
      await apollo.stop();
      await parts.stop();
    },
  };
}

/** `/graphql`, with or without a query string (GET operations, the development sandbox). */
function isGraphQLPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/graphql') && (url.length === 8 || url[8] === '?');
}

/**
 * The headers a helmet middleware sets, worked out once: ours are the same on every response (no
 * nonce), so each request sets them in one loop instead of through helmet's eleven middlewares.
 */
function precomputed(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  } as unknown as Response;
  let called = false;
  middleware({} as Request, res, (error) => {
    if (error) throw error as Error;
    called = true;
  });
  if (!called) throw new Error('security headers: helmet did not finish synchronously');
  return [...headers];
}

/**
 * Security headers on every response (helmet), with a Content Security Policy the built app
 * passes: vite emits no inline script, so scripts come from 'self' only. Styles need
 * 'unsafe-inline' because Naive UI (css-render) injects <style> elements at run time and Vant sets
 * style attributes; inline styles cannot run code. connect-src 'self' covers the same-origin
 * WebSocket. No framing at all (frame-ancestors 'none' and X-Frame-Options DENY), nosniff,
 * no referrer. HSTS and upgrade-insecure-requests only when the public origin is https (on plain
 * http they would break http://localhost). In development the CSP is off: Apollo's sandbox page
 * at /graphql loads its scripts from a CDN, and the web app is served by vite, not here.
 */
function helmetFor(config: Config) {
  return helmet({
    contentSecurityPolicy: config.isDevelopment
      ? false
      : {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            baseUri: ["'self'"],
            connectSrc: ["'self'"],
            fontSrc: ["'self'", 'data:'],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            imgSrc: ["'self'", 'data:', 'blob:'],
            objectSrc: ["'none'"],
            scriptSrc: ["'self'"],
            scriptSrcAttr: ["'none'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
          },
        },
    frameguard: { action: 'deny' },
    strictTransportSecurity: config.secureCookies ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
  });
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
  app.get(/^\/(?!graphql|healthz|readyz|metrics|uploads|evidence).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(distDir, 'index.html'));
  });
}
