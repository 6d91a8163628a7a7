import { ErrorCode } from '@parceldesk/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../common/context.js';
import { selectRows } from '../common/sql.js';
import { DomainError } from '../common/errors.js';
import { Topic } from '../realtime/pubsub.js';
import type { LoginInput, LoginPayload } from './account.types.js';
import { verifyPassword } from './password.js';
import { Session } from './session.entity.js';
import { hashSessionToken, newSessionToken } from './session-token.js';
import { User } from './user.entity.js';

/**
 * Finds the active session behind a token, with its user; null for unknown, expired or revoked.
 * Every request asks, so it is one plain statement whose row becomes managed entities directly
 * (no query building or hydration pass); logout still changes the session through the ORM.
 */
export async function findActiveSession(em: EntityManager, token: string | null): Promise<Session | null> {
  if (!token) return null;
  const [row] = await selectRows<SessionRow>(
    em,
    `select s.id, s.token_hash, s.created_at, s.expires_at, s.revoked_at,
            u.id as user_id, u.role, u.phone, u.display_name, u.locale, u.created_at as user_created_at
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = ?`,
    [hashSessionToken(token)],
  );
  if (!row) return null;
  const user = em.create(
    User,
    { id: row.userId, role: row.role, phone: row.phone, displayName: row.displayName, locale: row.locale, createdAt: row.userCreatedAt },
    { managed: true, persist: false, partial: true },
  );
  const session = em.create(
    Session,
    { id: row.id, tokenHash: row.tokenHash, user, createdAt: row.createdAt, expiresAt: row.expiresAt, revokedAt: row.revokedAt },
    { managed: true, persist: false, partial: true },
  );
  return session.isActive() ? session : null;
}

interface SessionRow {
  id: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: string;
  role: User['role'];
  phone: string;
  displayName: string;
  locale: string;
  userCreatedAt: Date;
}

export class AccountService {
  constructor(private readonly ctx: Context) {}

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
    session.revokedAt = new Date();
    await em.flush();
    // One routing key for all revocations: every process checks the id against its own sockets.
    await this.ctx.deps.realtime.publish(Topic.SESSION_REVOKED, 'all', session.id);
    return true;
  }
}
