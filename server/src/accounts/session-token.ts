import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'pd_session';

/** 256 random bits, URL-safe: what the client holds. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database holds. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer …` or else the session cookie. */
export function tokenFromHeaders(headers: { authorization?: string; cookie?: string }, parseCookie: (s: string) => Record<string, string | undefined>): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  if (headers.cookie) return parseCookie(headers.cookie)[SESSION_COOKIE] ?? null;
  return null;
}
