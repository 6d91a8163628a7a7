import type { AuthedContext, Context, CoreDeps } from '../common/context.js';
import type { LoginLimiter } from './login-limiter.js';

/** What accounts/ needs from the process beyond the core. */
export interface AccountDeps extends CoreDeps {
  loginLimiter: LoginLimiter;
}

export type AccountContext = Context<AccountDeps>;
export type AuthedAccountContext = AuthedContext<AccountDeps>;
