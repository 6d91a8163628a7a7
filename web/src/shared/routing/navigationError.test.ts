import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { navigationFailed, reportNavigationErrors } from './navigationError';

describe('reportNavigationErrors', () => {
  it('says so when a page cannot be loaded, and clears once a navigation succeeds', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/offline', component: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) },
        { path: '/fine', component: { render: () => null } },
      ],
    });
    reportNavigationErrors(router);
    await router.push('/');
    expect(navigationFailed.value).toBe(false);
    await router.push('/offline').catch(() => undefined);
    expect(navigationFailed.value).toBe(true);
    expect(router.currentRoute.value.path).toBe('/');
    await router.push('/fine');
    expect(navigationFailed.value).toBe(false);
  });
});
