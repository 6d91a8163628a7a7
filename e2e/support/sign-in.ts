import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { apiLogin } from './api.js';
import { DEMO, expectHeading, type DemoRole } from './login.js';

/**
 * Signs `page` in as the demo account with this phone without the login form (login.e2e.ts tests
 * that): the API's session token becomes the session cookie, then the landing page opens.
 */
export async function signIn(page: Page, phone: string, landing: string, heading: string): Promise<void> {
  const token = await apiLogin(phone);
  await page.context().addCookies([{ name: 'pd_session', value: token, url: inject('baseUrl'), httpOnly: true, sameSite: 'Lax' }]);
  await page.goto(landing);
  await expectHeading(page, heading);
}

/** `signIn` as a demo role, on its landing page. */
export function signInAs(page: Page, role: DemoRole): Promise<void> {
  const account = DEMO[role];
  return signIn(page, account.phone, account.landing, account.heading);
}
