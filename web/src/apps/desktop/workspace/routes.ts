import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const workspaceRoutes: RouteRecordRaw[] = [
  {
    path: 'macros',
    name: 'desktop-macros',
    component: () => import('./views/lazy').then((views) => views.MacrosView()),
    meta: { roles: [Role.AGENT], titleKey: 'deskNav.macros', nav: { labelKey: 'deskNav.macros' } },
  },
];
