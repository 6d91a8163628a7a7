import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const queueRoutes: RouteRecordRaw[] = [
  {
    path: 'queue',
    name: 'desktop-queue',
    component: () => import('./views/lazy').then((views) => views.QueueView()),
    meta: { roles: [Role.AGENT], titleKey: 'queue.title', nav: { labelKey: 'queue.title' } },
  },
  {
    path: 'complaints',
    name: 'desktop-merchant-complaints',
    component: () => import('./views/lazy').then((views) => views.MerchantComplaintsView()),
    meta: { roles: [Role.MERCHANT], titleKey: 'workbench.storeTitle' },
  },
  {
    path: 'complaints/:id',
    name: 'desktop-complaint',
    component: () => import('./views/lazy').then((views) => views.WorkbenchView()),
    meta: { roles: [Role.AGENT, Role.MERCHANT], titleKey: 'workbench.caseTitle' },
  },
];
