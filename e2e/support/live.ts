import type { Locator } from 'playwright-core';

/** How long a live page may take to show a change made elsewhere. */
export const LIVE_TIMEOUT = 10_000;

/** Waits until one element of `locator` shows `text`. */
export async function expectText(locator: Locator, text: string, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}
