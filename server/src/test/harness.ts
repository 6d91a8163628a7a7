import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { Session } from '../accounts/session.entity.js';
import { hashSessionToken, newSessionToken } from '../accounts/session-token.js';
import { User } from '../accounts/user.entity.js';
import { createServer, type ParcelDeskServer } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { ensureDatabase } from '../db/database.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoData, type DemoData, type DemoKey } from '../demo/demo-data.js';
import { entities } from '../entities.js';
import { Shipment } from '../shipments/shipment.entity.js';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestApp {
  url: string;
  databaseUrl: string;
  orm: Orm;
  server: ParcelDeskServer;
  /** POSTs a GraphQL operation, as a browser would (JSON, optional Bearer token). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** Logs a demo user in and returns the session token. */
  login(phone: string, password?: string): Promise<string>;
  /** Logs every demo user in: tokens by demo key (buyer, courier, merchant, agent, buyer2, courier2). */
  loginDemoUsers(): Promise<Record<DemoKey, string>>;
  /** A session for any user (factory users have no password), as login would make it. */
  tokenFor(userId: string): Promise<string>;
  /** Counts the SQL statements run while `work` runs. */
  countQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  close(): Promise<void>;
}

/**
 * The usual start of a test file: an app with the demo data and every demo user signed in.
 * `beforeAll(async () => ({ app, demo, tokens } = await demoApp()));`, then `afterAll(() => app.close())`.
 */
export async function demoApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<{ app: TestApp; demo: DemoData; tokens: Record<DemoKey, string> }> {
  const app = await createTestApp(overrides, options);
  const demo = await seedDemoData(app.orm.em.fork());
  return { app, demo, tokens: await app.loginDemoUsers() };
}

/** A parcel of a demo order (by its story), read fresh: the `index`-th by waybill number. */
export async function demoParcel(app: TestApp, demo: DemoData, story: keyof DemoData['orders'], index = 0): Promise<Shipment> {
  const parcels = await app.orm.em.fork().find(Shipment, { order: demo.orders[story].id }, { orderBy: { waybillNo: 'asc' } });
  return parcels[index]!;
}

export interface TestAppOptions {
  /** The server's logger (tests that read what it logs); silent by default. */
  logger?: Logger;
}

/**
 * Statements of background work that land in whichever window a test is counting and are not the
 * counted request's own: the shared limits' counters (a 100 ms batch for all requests,
 * common/shared-counters.ts), the per-socket rows of the cross-process socket cap
 * (realtime/live-socket-registry.ts), presence rows refreshed by a timer, the scheduler's claims,
 * and the outbox worker claiming, reading and marking messages "soon" after a write. A request's
 * own outbox rows (inserts, in its unit of work) still count.
 */
function isBackgroundStatement(sql: string): boolean {
  if (/rate_counter|live_socket|user_presence|scheduled_jobs/.test(sql)) return true;
  return sql.includes('outbox_messages') && !/^\s*insert\b/i.test(sql);
}

/** A fresh database (migrated) and a real server on a random port, for one test file. */
export async function createTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let recording: string[] | null = null;
  const orm = await openDatabase({
    clientUrl: databaseUrl,
    entities,
    logger,
    onQuery: (sql) => {
      if (recording && !isBackgroundStatement(sql)) recording.push(sql);
    },
  });
  // Blobs (evidence photos) go to a scratch directory per test file.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-test-'));
  // Scheduled jobs run when a test ticks the scheduler: a background tick every 30 s would land its
  // statements in the windows where tests count SQL.
  // Chat reminders (CHAT_REMIND_MS) are off unless a test turns them on: a reminder seconds after a
  // send would land in other tests' statement counts.
  const config = loadConfig({ NODE_ENV: 'test', JOB_TICK_MS: '3600000', CHAT_REMIND_MS: '0' }, { port: 0, host: '127.0.0.1', webDistDir: undefined, dataDir, ...overrides });
  const server = await createServer({ config, logger, orm, databaseUrl });
  const url = await server.listen();

  const gql: TestApp['gql'] = async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult<any>;
  };

  const login = async (phone: string, password = DEMO_PASSWORD) => {
    const result = await gql<{ login: { token: string } }>(
      'mutation Login($input: LoginInput!) { login(input: $input) { token } }',
      { input: { phone, password } },
    );
    if (!result.data?.login) throw new Error(`login ${phone} failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };

  return {
    url,
    databaseUrl,
    orm,
    server,
    gql,
    login,
    async loginDemoUsers() {
      const tokens = {} as Record<DemoKey, string>;
      for (const user of DEMO_LOGINS) tokens[user.key] = await login(user.phone);
      return tokens;
    },
    async tokenFor(userId) {
      const em = orm.em.fork();
      const token = newSessionToken();
      em.persist(new Session(em.getReference(User, userId), hashSessionToken(token), new Date(Date.now() + 3600_000)));
      await em.flush();
      return token;
    },
    async countQueries(work) {
      recording = [];
      try {
        const result = await work();
        return { result, queries: recording };
      } finally {
        recording = null;
      }
    },
    async close() {
      await server.stop();
      await orm.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function errorCode(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
