import { CHAT_LIMITS } from '@parceldesk/shared';
import os from 'node:os';
import path from 'node:path';
import type { S3Config } from './storage/s3-blob-store.js';
import { tencentSmsFromEnv, type TencentSmsConfig } from './notifications/tencent-sms.sender.js';

export interface Config {
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL under DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** S3_BUCKET set: blobs in that S3-compatible bucket; null: under DATA_DIR/blobs. */
  s3: S3Config | null;
  /** SMS_PROVIDER=tencent: Tencent Cloud SMS; null: SMS are logged, not sent. */
  sms: TencentSmsConfig | null;
  /** The browser origin allowed by the WebSocket Origin check. */
  publicOrigin: string;
  /** PUBLIC_ORIGIN unset: the server's own address under any loopback name is allowed. */
  publicOriginIsDefault: boolean;
  logLevel: string;
  isDevelopment: boolean;
  isProduction: boolean;
  /** Built web app served at /; missing in tests that need only the API. */
  webDistDir: string | undefined;
  sessionTtlMs: number;
  secureCookies: boolean;
  loginRate: LoginRateConfig;
  /** How long the database may stay unreachable before the server exits 1 (main.ts). */
  databaseGraceMs: number;
  /** Points (root fields) each user, or each address when signed out, may spend per window. */
  requestBudget: { points: number; windowSeconds: number };
  /**
   * HTTP operations run compiled (graphql-jit, common/compiled-execution.ts); off runs them with
   * graphql-js as before: a switch for a suspected difference, and the bench's A/B.
   */
  compiledExecution: boolean;
  limits: { bodyBytes: number; queryDepth: number; queryCost: number; queryAliases: number; queryDirectives: number; queryTokens: number };
  /** At most one courier-phone audit row per viewer and parcel within this many seconds. */
  contactAuditWindowSeconds: number;
  /** Chat messages per user and thread per window (issue 6: 30 per 10 s by default). */
  chatRate: { messages: number; windowSeconds: number };
  /**
   * A chat message still unread this long after it arrived, to someone online elsewhere in the app,
   * becomes an in-app notification (offline recipients are told at once). 0 turns it off.
   */
  chatRemindMs: number;
  /** Idle WebSockets are pinged this often and dropped when the previous ping got no pong. */
  wsPingMs: number;
  /** Live (WebSocket) caps, see realtime/live-sockets.ts; and the LISTEN reconnect delay. */
  /** sessionRecheckMs: how often each process re-checks its sockets' sessions (revoked or expired in the database). */
  live: { socketsPerUser: number; subscriptionsPerSocket: number; listenReconnectMs: number; sessionRecheckMs: number };
  complaints: {
    /** SLA clocks (paused while a case waits for the buyer). */
    firstResponseHours: number;
    resolutionHours: number;
    /** Photos re-encoded at once per process (each 12 MP photo takes 500-600 MB in sharp). */
    imageConcurrency: number;
    dailyUploadQuota: number;
    /** How often this process looks for due scheduled jobs. */
    jobTickMs: number;
    /** Instant decisions on clear-cut cases (complaints/auto-decision.rules.ts, docs/trust.md). */
    autoDecision: AutoDecisionPolicy;
  };
}

export interface AutoDecisionPolicy {
  /** AUTO_DECIDE: on or off; unset, on only with the embedded (demo) database, off with DATABASE_URL (production) and in tests. */
  enabled: boolean;
  /** The largest refund decided without a person (cents). */
  maxRefundCents: number;
  /** The buyer's other cases filed within recentDays (withdrawn ones left out) must be at most this many. */
  maxRecentCases: number;
  recentDays: number;
  /** How long an agent may reverse an automatic decision. */
  reversibleHours: number;
  /** How often the decision job looks for new cases (it also needs a scheduler tick: JOB_TICK_MS). */
  everyMs: number;
}

/** See accounts/login-limiter.ts for why there are three counters. */
export interface LoginRateConfig {
  /** Attempts for one phone from one address per window: the attacker's address is stopped. */
  perPhoneAddress: number;
  /** Attempts for one phone from all addresses per window; past it only known addresses go on. */
  perPhone: number;
  /** Attempts from one address across all phones per window. */
  perAddress: number;
  windowSeconds: number;
  /** How long an address that signed a phone in successfully stays known for that phone. */
  knownAddressDays: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be on or off, got "${raw}"`);
}

/** The workspace root (server/src or server/dist is two levels down). */
const WORKSPACE_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * DATA_DIR unset: `.data` at the workspace root, wherever the server was started from. A relative
 * DATA_DIR is taken from where the user typed the command (pnpm and npm pass it as INIT_CWD; a
 * package script itself runs in the package's folder).
 */
function resolveDataDir(env: NodeJS.ProcessEnv): string {
  if (!env.DATA_DIR) return path.join(WORKSPACE_ROOT, '.data');
  return path.resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = intFromEnv(env, 'PORT', 4000);
  const nodeEnv = env.NODE_ENV ?? 'production';
  const publicOrigin = (env.PUBLIC_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolveDataDir(env),
    s3: s3FromEnv(env),
    sms: tencentSmsFromEnv(env),
    publicOrigin,
    publicOriginIsDefault: !env.PUBLIC_ORIGIN,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    isDevelopment: nodeEnv === 'development',
    isProduction: nodeEnv === 'production',
    webDistDir: env.WEB_DIST_DIR ?? path.resolve(import.meta.dirname, '../../web/dist'),
    sessionTtlMs: intFromEnv(env, 'SESSION_TTL_HOURS', 24 * 30) * 3600_000,
    compiledExecution: onOff(env, 'GRAPHQL_COMPILED', true),
    secureCookies: publicOrigin.startsWith('https://'),
    loginRate: {
      perPhoneAddress: intFromEnv(env, 'LOGIN_LIMIT_PER_PHONE_ADDRESS', 5),
      perPhone: intFromEnv(env, 'LOGIN_LIMIT_PER_PHONE', 30),
      perAddress: intFromEnv(env, 'LOGIN_LIMIT_PER_ADDRESS', 100),
      windowSeconds: intFromEnv(env, 'LOGIN_LIMIT_WINDOW_SECONDS', 15 * 60),
      knownAddressDays: intFromEnv(env, 'LOGIN_KNOWN_ADDRESS_DAYS', 30),
    },
    databaseGraceMs: intFromEnv(env, 'DATABASE_GRACE_SECONDS', 30) * 1000,
    requestBudget: {
      points: intFromEnv(env, 'REQUEST_BUDGET_POINTS', 600),
      windowSeconds: intFromEnv(env, 'REQUEST_BUDGET_WINDOW_SECONDS', 60),
    },
    limits: {
      bodyBytes: 100 * 1024,
      queryDepth: 10,
      queryCost: 5000,
      queryAliases: intFromEnv(env, 'QUERY_MAX_ALIASES', 15),
      queryDirectives: intFromEnv(env, 'QUERY_MAX_DIRECTIVES', 20),
      queryTokens: intFromEnv(env, 'QUERY_MAX_TOKENS', 1000),
    },
    contactAuditWindowSeconds: intFromEnv(env, 'CONTACT_AUDIT_WINDOW_SECONDS', 10 * 60),
    chatRate: {
      messages: intFromEnv(env, 'CHAT_LIMIT_MESSAGES', CHAT_LIMITS.messagesPerWindow),
      windowSeconds: intFromEnv(env, 'CHAT_LIMIT_WINDOW_SECONDS', CHAT_LIMITS.windowSeconds),
    },
    chatRemindMs: intFromEnv(env, 'CHAT_REMIND_MS', 3000),
    wsPingMs: intFromEnv(env, 'WS_PING_SECONDS', 30) * 1000,
    live: {
      socketsPerUser: intFromEnv(env, 'LIVE_SOCKETS_PER_USER', 10),
      subscriptionsPerSocket: intFromEnv(env, 'LIVE_SUBSCRIPTIONS_PER_SOCKET', 50),
      listenReconnectMs: 1000,
      sessionRecheckMs: Math.max(1, intFromEnv(env, 'LIVE_SESSION_RECHECK_SECONDS', 30)) * 1000,
    },
    complaints: {
      firstResponseHours: intFromEnv(env, 'COMPLAINT_FIRST_RESPONSE_HOURS', 24),
      resolutionHours: intFromEnv(env, 'COMPLAINT_RESOLUTION_HOURS', 72),
      // One photo per core: libvips re-encodes a photo on one thread here (sharp's own pool is one per
      // core, and one photo keeps one busy), so one at a time left a core idle (issue 19: 0.58 of
      // sharp at its best against 0.76 with two on two cores; 20 uploads at once peaked at 565 MiB).
      imageConcurrency: Math.max(1, intFromEnv(env, 'IMAGE_CONCURRENCY', os.availableParallelism())),
      dailyUploadQuota: intFromEnv(env, 'EVIDENCE_DAILY_QUOTA', 60),
      jobTickMs: intFromEnv(env, 'JOB_TICK_MS', 30_000),
      autoDecision: {
        enabled: onOff(env, 'AUTO_DECIDE', !env.DATABASE_URL && nodeEnv !== 'test'),
        maxRefundCents: intFromEnv(env, 'AUTO_DECIDE_MAX_REFUND_CENTS', 10_000),
        maxRecentCases: intFromEnv(env, 'AUTO_DECIDE_MAX_RECENT_CASES', 1),
        recentDays: intFromEnv(env, 'AUTO_DECIDE_RECENT_DAYS', 90),
        reversibleHours: 24,
        everyMs: intFromEnv(env, 'AUTO_DECIDE_EVERY_MS', 10_000),
      },
    },
    ...overrides,
  };
}

/** The S3_* variables; S3_BUCKET is what turns the S3 store on. */
function s3FromEnv(env: NodeJS.ProcessEnv): S3Config | null {
  const bucket = env.S3_BUCKET;
  if (!bucket) {
    const stray = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((name) => env[name]);
    if (stray.length > 0) throw new Error(`${stray.join(', ')} set but S3_BUCKET is not: set S3_BUCKET to use the S3 store`);
    return null;
  }
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint)) throw new Error(`S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  const forcePathStyle = env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : Boolean(endpoint);
  const prefix = env.S3_PREFIX ?? '';
  if (prefix && !/^[A-Za-z0-9._-]+\/$/.test(prefix)) throw new Error(`S3_PREFIX must be letters, digits, dots, dashes or underscores ending in "/", got "${prefix}"`);
  return {
    bucket,
    endpoint,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle,
    prefix,
  };
}
