import { Role } from '@parceldesk/shared';

/**
 * Where each role works. Phones (buyers, couriers) get the Vant app under /m, desks (merchants,
 * agents) the Naive UI app under /d; each app is its own lazily loaded route tree.
 */
export const LANDING_PATH: Readonly<Record<Role, string>> = {
  [Role.BUYER]: '/m/orders',
  [Role.COURIER]: '/m/deliveries',
  [Role.MERCHANT]: '/d/dispatch',
  [Role.AGENT]: '/d/queue',
};

export const LOGIN_PATH = '/login';

export function landingPath(role: Role): string {
  return LANDING_PATH[role];
}

/** What the guard needs to know about a route (vue-router merges parent `meta` into `to.meta`). */
export interface GuardTarget {
  fullPath: string;
  meta: {
    /** Open to signed-out visitors (the login page); signed-in users are sent to their landing. */
    public?: boolean;
    /** `/`: no page of its own, only a redirect to the viewer's landing. */
    landing?: boolean;
    /** Roles allowed here; absent means every signed-in role. */
    roles?: readonly Role[];
  };
}

export interface GuardUser {
  role: Role;
}

export type GuardDecision = true | { path: string; query?: Record<string, string> };

/** The pure rule behind the router guard: stay, or go where this viewer belongs. */
export function guardDecision(to: GuardTarget, user: GuardUser | null): GuardDecision {
  if (!user) {
    if (to.meta.public) return true;
    const redirect = to.meta.landing || to.fullPath === '/' ? undefined : to.fullPath;
    return redirect ? { path: LOGIN_PATH, query: { redirect } } : { path: LOGIN_PATH };
  }
  if (to.meta.public || to.meta.landing) return { path: landingPath(user.role) };
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return { path: landingPath(user.role) };
  return true;
}

/**
 * After login: back to the page that sent the visitor to /login if this role may see it, else the
 * role's landing. `resolve` maps a path to its route (the router's `resolve`); only same-app paths
 * are honoured, never an absolute URL.
 */
export function destinationAfterLogin(
  role: Role,
  redirect: unknown,
  resolve: (path: string) => GuardTarget & { matched: readonly unknown[] },
): string {
  if (typeof redirect !== 'string' || !redirect.startsWith('/') || redirect.startsWith('//')) return landingPath(role);
  const target = resolve(redirect);
  if (!target.matched.length) return landingPath(role);
  return guardDecision(target, { role }) === true ? target.fullPath : landingPath(role);
}
