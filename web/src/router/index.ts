import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import { desktopRoutes } from '#desktop/routes';
import { mobileRoutes } from '#mobile/routes';
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
  reportNavigationErrors(router);
  return router;
}
