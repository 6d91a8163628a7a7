import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const queueRoutes: RouteRecordRaw[] = [
  {
    path: 'queue',
    name: 'desktop-queue',
    component: () => import('./views/QueueView.vue'),
    meta: { roles: [Role.AGENT], titleKey: 'queue.title', nav: { labelKey: 'queue.title' } },
  },
];
