import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { navigationFailed, reportNavigationErrors } from './navigationError';

function routerWithAnOfflinePage(loads: string[]) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/offline', component: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) },
      { path: '/fine', component: { render: () => null } },
    ],
  });
  reportNavigationErrors(router, (url) => loads.push(url));
  return router;
}

describe('reportNavigationErrors', () => {
  it('says so when a page cannot be loaded, and clears once a navigation succeeds', async () => {
    const router = routerWithAnOfflinePage([]);
    await router.push('/');
    expect(navigationFailed.value).toBe(false);
    await router.push('/offline').catch(() => undefined);
    expect(navigationFailed.value).toBe(true);
    expect(router.currentRoute.value.path).toBe('/');
    await router.push('/fine');
    expect(navigationFailed.value).toBe(false);
  });

  it('opens a page whose chunk failed with a full page load the next time (the browser may remember the failed import)', async () => {
    const loads: string[] = [];
    const router = routerWithAnOfflinePage(loads);
    await router.push('/');
    await router.push('/offline').catch(() => undefined);
    expect(loads).toEqual([]);
    await router.push('/offline').catch(() => undefined);
    expect(loads).toEqual(['/offline']);
    expect(router.currentRoute.value.path).toBe('/');
  });
});
