import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

// Own lazy chunks: the filing flow and the case page never weigh on the orders landing.
export const complaintsRoutes: RouteRecordRaw[] = [
  {
    path: 'complaints/new/:orderId',
    name: 'mobile-complaint-new',
    component: () => import('./views/lazy').then((views) => views.FileComplaintView()),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.new.title' },
  },
  {
    path: 'complaints/:id',
    name: 'mobile-complaint',
    component: () => import('./views/lazy').then((views) => views.ComplaintView()),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.case.title' },
  },
];
