import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const deliveriesRoutes: RouteRecordRaw[] = [
  {
    path: 'deliveries',
    name: 'mobile-deliveries',
    component: () => import('./views/lazy').then((views) => views.DeliveriesView()),
    meta: { roles: [Role.COURIER], titleKey: 'deliveries.title', tab: { labelKey: 'deliveries.tab', icon: 'logistics' } },
  },
];
