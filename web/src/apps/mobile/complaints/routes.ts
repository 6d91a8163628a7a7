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
    // A support thread's SYSTEM message names the case by its number.
    path: 'complaints/case/:caseNo',
    name: 'mobile-complaint-by-number',
    component: () => import('./views/lazy').then((views) => views.CaseByNumberView()),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.case.title' },
  },
  {
    path: 'complaints/:id',
    name: 'mobile-complaint',
    component: () => import('./views/lazy').then((views) => views.ComplaintView()),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.case.title' },
  },
];
