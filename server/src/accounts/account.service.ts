import { ErrorCode, maskPhone, type Role } from '@parceldesk/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountContext } from './account.deps.js';
import type { ActiveSession, SessionUser } from '../common/session.js';
import { selectRows } from '../common/sql.js';
import { DomainError } from '../common/errors.js';
import { AccountTopic } from './account.topics.js';
import type { LoginInput, LoginPayload } from './account.types.js';
import { verifyPassword } from './password.js';
import { Session } from './session.entity.js';
import { hashSessionToken, newSessionToken } from './session-token.js';
import { User } from './user.entity.js';

/**
 * Finds the active session behind a token, with its user; null for unknown, expired or revoked.
 * Every request asks, so it is one prepared statement and two plain objects: no EntityManager
 * fork or entity is made for it (a read-only request then never makes one at all).
 */
export async function findActiveSession(em: EntityManager, token: string | null): Promise<ActiveSession | null> {
  if (!token) return null;
  const [row] = await selectRows<SessionRow>(
    em,
    `select s.id, s.expires_at, u.id as user_id, u.role, u.phone, u.display_name, u.locale, u.created_at as user_created_at,
            (select m.id from merchants m where m.owner_id = u.id and u.role = 'MERCHANT') as merchant_id
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = ? and s.revoked_at is null`,
    [hashSessionToken(token)],
  );
  if (!row || row.expiresAt <= new Date()) return null;
  const user: SessionUser = {
    id: row.userId,
    role: row.role,
    phone: row.phone,
    displayName: row.displayName,
    locale: row.locale,
    createdAt: row.userCreatedAt,
    maskedPhone: maskPhone(row.phone),
    merchantId: row.merchantId,
  };
  return { id: row.id, expiresAt: row.expiresAt, user };
}

interface SessionRow {
  id: string;
  expiresAt: Date;
  userId: string;
  role: Role;
  phone: string;
  displayName: string;
  locale: string;
  userCreatedAt: Date;
  merchantId: string | null;
}

export class AccountService {
  constructor(private readonly ctx: AccountContext) {}

  async login(input: LoginInput): Promise<LoginPayload> {
    const { em, deps } = this.ctx;
    await deps.loginLimiter.admit(input.phone, this.ctx.clientAddress);
    const user = await em.findOne(User, { phone: input.phone }, { populate: ['passwordHash'] });
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) {
      await deps.loginLimiter.failed(input.phone);
      this.ctx.logger.info({ phoneTail: input.phone.slice(-4) }, 'login refused');
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong phone number or password');
    }
    await deps.loginLimiter.succeeded(input.phone, this.ctx.clientAddress);

    const token = newSessionToken();
    const session = new Session(user, hashSessionToken(token), new Date(Date.now() + deps.config.sessionTtlMs));
    await em.persistAndFlush(session);
    this.ctx.cookies?.setSession(token, session.expiresAt);
    this.ctx.logger.info({ userId: user.id, sessionId: session.id }, 'login');
    return { user, token, expiresAt: session.expiresAt };
  }

  /** Revokes the current session everywhere: its cookie, and its open WebSockets in every process. */
  async logout(): Promise<boolean> {
    const { em, session } = this.ctx;
    this.ctx.cookies?.clearSession();
    if (!session) return false;
    await em.nativeUpdate(Session, { id: session.id, revokedAt: null }, { revokedAt: new Date() });
    // One routing key for all revocations: every process checks the id against its own sockets.
    await this.ctx.deps.realtime.publish(AccountTopic.SESSION_REVOKED, 'all', session.id);
    return true;
  }
}
