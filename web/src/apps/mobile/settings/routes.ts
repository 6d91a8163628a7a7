import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'settings',
    name: 'mobile-settings',
    component: () => import('./views/SettingsView.vue'),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'app.settings' },
  },
];
