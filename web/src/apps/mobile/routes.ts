import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';
import { casesRoutes } from './cases/routes';
import { chatRoutes } from './chat/routes';
import { complaintsRoutes } from './complaints/routes';
import { deliveriesRoutes } from './deliveries/routes';
import { notificationsRoutes } from './notifications/routes';
import { ordersRoutes } from './orders/routes';
import { reviewsRoutes } from './reviews/routes';
import { settingsRoutes } from './settings/routes';
import { shipmentsRoutes } from './shipments/routes';

/** The phone app (Vant): buyers and couriers. The layout and every view are separate lazy chunks. */
export const mobileRoutes: RouteRecordRaw[] = [
  {
    path: '/m',
    component: () => import('./MobileLayout.vue'),
    meta: { roles: [Role.BUYER, Role.COURIER] },
    children: [...ordersRoutes, ...deliveriesRoutes, ...shipmentsRoutes, ...notificationsRoutes, ...complaintsRoutes, ...casesRoutes, ...reviewsRoutes, ...chatRoutes, ...settingsRoutes],
  },
];
