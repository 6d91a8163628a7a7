import { Role } from '@parceldesk/shared';
import type { RouteRecordRaw } from 'vue-router';

export const reviewsRoutes: RouteRecordRaw[] = [
  {
    path: 'reviews',
    name: 'desktop-store-reviews',
    component: () => import('./views/lazy').then((views) => views.StoreReviewsView()),
    meta: { roles: [Role.MERCHANT], titleKey: 'storeReviews.title' },
  },
];
