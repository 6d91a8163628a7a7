import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

// Its own lazy chunk: the review form (Vant rate, photo uploads) never weighs on the orders landing.
export const reviewsRoutes: RouteRecordRaw[] = [
  {
    path: 'orders/:orderId/review',
    name: 'mobile-order-review',
    component: () => import('./views/lazy').then((views) => views.OrderReviewView()),
    meta: { roles: [Role.BUYER], titleKey: 'reviews.title' },
  },
];
