import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const shipmentsRoutes: RouteRecordRaw[] = [
  {
    path: 'shipments/:id',
    name: 'mobile-shipment',
    component: () => import('./views/lazy').then((views) => views.ShipmentView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'shipment.title' },
  },
];
