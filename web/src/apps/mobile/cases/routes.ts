import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

// Its own lazy chunk: the case list never weighs on the orders landing.
export const casesRoutes: RouteRecordRaw[] = [
  {
    path: 'cases',
    name: 'mobile-cases',
    component: () => import('./views/CasesView.vue'),
    meta: { roles: [Role.BUYER], titleKey: 'complaints.cases.title' },
  },
];
