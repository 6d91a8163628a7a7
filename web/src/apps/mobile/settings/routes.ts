import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'settings',
    name: 'mobile-settings',
    component: () => import('./views/lazy').then((views) => views.SettingsView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'app.settings' },
  },
];
