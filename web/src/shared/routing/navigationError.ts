import { shallowRef } from 'vue';
import type { Router } from 'vue-router';

/**
 * Whether the last navigation failed to load its page (a lazy chunk fetched offline). Without
 * this a tap on a tab does nothing at all; App shows a message instead, cleared by the next
 * navigation that succeeds.
 */
export const navigationFailed = shallowRef(false);

/**
 * Also: a page whose chunk failed to load is opened the next time with a full page load. Some
 * Chromium builds (150 among them) remember a failed dynamic import for the life of the document,
 * so asking again in place fails again even once the network is back; a new document fetches the
 * modules anew.
 */
export function reportNavigationErrors(router: Router, load: (url: string) => void = (url) => window.location.assign(url)): void {
  const failedPages = new Set<string>();
  router.onError((_error, to) => {
    navigationFailed.value = true;
    if (to) failedPages.add(to.fullPath);
  });
  router.beforeEach((to) => {
    if (!failedPages.has(to.fullPath) || !navigator.onLine) return true;
    failedPages.delete(to.fullPath);
    load(router.resolve(to).href);
    return false;
  });
  router.afterEach((_to, _from, failure) => {
    if (!failure) navigationFailed.value = false;
  });
}
