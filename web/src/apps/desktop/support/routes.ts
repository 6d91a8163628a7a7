import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const supportRoutes: RouteRecordRaw[] = [
  {
    // The queue and the open conversation side by side; :id is the open one.
    path: 'support/:id?',
    name: 'desktop-support',
    component: () => import('./views/lazy').then((views) => views.SupportView()),
    meta: { roles: [Role.AGENT], titleKey: 'support.title', nav: { labelKey: 'support.title' } },
  },
];
