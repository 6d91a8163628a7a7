import type { Router } from 'vue-router';
import { LOGIN_PATH } from '#shared/routing/landing';
import type { Session } from './session';

/**
 * Any operation answering UNAUTHENTICATED means the cookie is gone (expired, revoked, logged out in
 * another tab): forget the user and go to /login, coming back here afterwards.
 */
export function handleSessionExpiry(session: Session, router: Router): void {
  const wasSignedIn = session.isSignedIn.value;
  session.expire();
  const current = router.currentRoute.value;
  if (!wasSignedIn || current.meta.public) return;
  // The login page says why ("会话已过期，请重新登录") and comes back here afterwards; forms keep
  // their drafts (useDraft), so nothing typed is lost.
  void router.replace({ path: LOGIN_PATH, query: { redirect: current.fullPath, reason: 'expired' } });
}
