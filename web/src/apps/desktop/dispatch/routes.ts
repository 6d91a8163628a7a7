import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const dispatchRoutes: RouteRecordRaw[] = [
  {
    path: 'dispatch',
    name: 'desktop-dispatch',
    component: () => import('./views/lazy').then((views) => views.DispatchView()),
    meta: { roles: [Role.MERCHANT], titleKey: 'dispatch.title' },
  },
];
