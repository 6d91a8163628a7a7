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
  complaints: {
    /** SLA clocks (paused while a case waits for the buyer). */
    firstResponseHours: number;
    resolutionHours: number;
    /** Photos re-encoded at once per process (each 12 MP photo takes 500-600 MB in sharp). */
    imageConcurrency: number;
    dailyUploadQuota: number;
    /** How often this process looks for due scheduled jobs. */
    jobTickMs: number;
  };
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
    complaints: {
      firstResponseHours: intFromEnv(env, 'COMPLAINT_FIRST_RESPONSE_HOURS', 24),
      resolutionHours: intFromEnv(env, 'COMPLAINT_RESOLUTION_HOURS', 72),
      imageConcurrency: Math.max(1, intFromEnv(env, 'IMAGE_CONCURRENCY', 1)),
      dailyUploadQuota: intFromEnv(env, 'EVIDENCE_DAILY_QUOTA', 60),
      jobTickMs: intFromEnv(env, 'JOB_TICK_MS', 30_000),
    },
    ...overrides,
  };
}
