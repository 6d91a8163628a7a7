import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';
import { dispatchRoutes } from './dispatch/routes';
import { queueRoutes } from './queue/routes';
import { reviewsRoutes } from './reviews/routes';
import { supportRoutes } from './support/routes';
import { workspaceRoutes } from './workspace/routes';

/** The desk app (Naive UI): merchants and agents. The layout and every view are separate lazy chunks. */
export const desktopRoutes: RouteRecordRaw[] = [
  {
    path: '/d',
    component: () => import('./lazy').then((views) => views.DesktopLayout()),
    meta: { roles: [Role.MERCHANT, Role.AGENT] },
    children: [...dispatchRoutes, ...queueRoutes, ...reviewsRoutes, ...supportRoutes, ...workspaceRoutes],
  },
];
