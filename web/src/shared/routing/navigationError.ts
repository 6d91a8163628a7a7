import { shallowRef } from 'vue';
import type { Router } from 'vue-router';

/**
 * Whether the last navigation failed to load its page (a lazy chunk fetched offline). Without
 * this a tap on a tab does nothing at all; App shows a message instead, cleared by the next
 * navigation that succeeds.
 */
export const navigationFailed = shallowRef(false);

export function reportNavigationErrors(router: Router): void {
  router.onError(() => {
    navigationFailed.value = true;
  });
  router.afterEach((_to, _from, failure) => {
    if (!failure) navigationFailed.value = false;
  });
}
