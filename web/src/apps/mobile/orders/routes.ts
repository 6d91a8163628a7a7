import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const ordersRoutes: RouteRecordRaw[] = [
  {
    path: 'orders',
    name: 'mobile-orders',
    component: () => import('./views/OrdersView.vue'),
    meta: { roles: [Role.BUYER], titleKey: 'orders.title', tab: { labelKey: 'orders.tab', icon: 'orders-o' } },
  },
];
