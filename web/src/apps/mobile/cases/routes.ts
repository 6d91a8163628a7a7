import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

// 我的售后 goes through the complaint screens' second hop (complaints/views/lazy.ts), so its chunk
// list never weighs on the phone's first load.
export const casesRoutes: RouteRecordRaw[] = [
  {
    path: 'cases',
    name: 'mobile-cases',
    component: () => import('../complaints/views/lazy').then((views) => views.CasesView()),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.cases.title' },
  },
];
