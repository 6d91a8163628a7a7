import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import { desktopRoutes } from '#desktop/routes';
import { mobileRoutes } from '#mobile/routes';
import { messagesReady } from '#shared/i18n';
import { guardDecision } from '#shared/routing/landing';
import { reportNavigationErrors } from '#shared/routing/navigationError';
import { sessionRoutes } from '#shared/session/routes';
import type { Session } from '#shared/session/session';
import '#shared/routing/meta';

const routes: RouteRecordRaw[] = [
  // `/` has no page: the guard sends each viewer to their role's landing (or to /login).
  { path: '/', name: 'home', component: { render: () => null }, meta: { landing: true } },
  ...sessionRoutes,
  ...mobileRoutes,
  ...desktopRoutes,
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export function createAppRouter(session: Session, history: RouterHistory = createWebHistory()) {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
  router.beforeEach(async (to) => guardDecision(to, await session.load()));
  // A page's chunk registers its messages as it loads; in English they are fetched then. Showing
  // the page only once they are in place keeps it from flashing Chinese (the fallback).
  router.beforeResolve(() => messagesReady());
  reportNavigationErrors(router);
  return router;
}
