import { ErrorCode, type Role } from '@parceldesk/shared';
import type { AuthChecker } from 'type-graphql';
import type { Context } from './context.js';
import { DomainError } from './errors.js';

/**
 * `@Authorized()` needs a session; `@Authorized(Role.X, ...)` also needs one of those roles.
 * No session is UNAUTHENTICATED; the wrong role is FORBIDDEN (type-graphql's AuthorizationError).
 * Which rows a role may see is the service's business, not this checker's.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
  return roles.length === 0 || roles.includes(context.user.role);
};
