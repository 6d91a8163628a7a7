import { CHAT_LIMITS } from '@parceldesk/shared';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL under DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
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
  loginRate: { perPhone: number; perAddress: number; windowSeconds: number };
  limits: { bodyBytes: string; queryDepth: number; queryCost: number };
  /** Chat messages per user and thread per window (issue 6: 30 per 10 s by default). */
  chatRate: { messages: number; windowSeconds: number };
  /** Idle WebSockets are pinged this often and dropped when the previous ping got no pong. */
  wsPingMs: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = intFromEnv(env, 'PORT', 4000);
  const nodeEnv = env.NODE_ENV ?? 'production';
  const publicOrigin = (env.PUBLIC_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    publicOrigin,
    publicOriginIsDefault: !env.PUBLIC_ORIGIN,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    isDevelopment: nodeEnv === 'development',
    isProduction: nodeEnv === 'production',
    webDistDir: env.WEB_DIST_DIR ?? path.resolve(import.meta.dirname, '../../web/dist'),
    sessionTtlMs: intFromEnv(env, 'SESSION_TTL_HOURS', 24 * 30) * 3600_000,
    secureCookies: publicOrigin.startsWith('https://'),
    loginRate: {
      perPhone: intFromEnv(env, 'LOGIN_LIMIT_PER_PHONE', 10),
      perAddress: intFromEnv(env, 'LOGIN_LIMIT_PER_ADDRESS', 100),
      windowSeconds: intFromEnv(env, 'LOGIN_LIMIT_WINDOW_SECONDS', 15 * 60),
    },
    limits: { bodyBytes: '100kb', queryDepth: 10, queryCost: 5000 },
    chatRate: {
      messages: intFromEnv(env, 'CHAT_LIMIT_MESSAGES', CHAT_LIMITS.messagesPerWindow),
      windowSeconds: intFromEnv(env, 'CHAT_LIMIT_WINDOW_SECONDS', CHAT_LIMITS.windowSeconds),
    },
    wsPingMs: intFromEnv(env, 'WS_PING_SECONDS', 30) * 1000,
    ...overrides,
  };
}
