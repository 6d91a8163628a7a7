import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const notificationsRoutes: RouteRecordRaw[] = [
  {
    path: 'notifications',
    name: 'mobile-notifications',
    component: () => import('./views/lazy').then((views) => views.NotificationsView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'notifications.title', tab: { labelKey: 'notifications.tab', icon: 'bell' } },
  },
];
