import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

/** Chat screens: each view is its own chunk, so chat code loads with its route only. */
export const chatRoutes: RouteRecordRaw[] = [
  {
    path: 'chat',
    name: 'mobile-threads',
    component: () => import('./views/lazy').then((views) => views.ThreadsView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'chat.tab', tab: { labelKey: 'chat.tab', icon: 'chat-o' } },
  },
  {
    path: 'chat/:id',
    name: 'mobile-thread',
    component: () => import('./views/lazy').then((views) => views.ThreadView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'chat.tab' },
  },
  {
    // 联系派件员 / 联系买家 from a parcel, 联系客服 from an order: opens (or makes) the thread, then shows it.
    path: 'chat/open/:kind(parcel|support)/:id?',
    name: 'mobile-open-thread',
    component: () => import('./views/lazy').then((views) => views.OpenThreadView()),
    meta: { roles: [Role.BUYER, Role.COURIER], titleKey: 'chat.tab' },
  },
];
