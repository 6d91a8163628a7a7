/**
 * The app's own pages run under the server's Content Security Policy: every role's landing page,
 * the merchant's lazily loaded dispatch form (Naive UI injects styles at run time), and a buyer's
 * parcel page with its live WebSocket. Any CSP violation the browser reports fails the test.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESK, PHONE, useBrowser, type Viewport } from '../support/browser.js';
import { DEMO, expectHeading, loginAs, type DemoRole } from '../support/login.js';

const harness = useBrowser();

/** A page that records CSP violations (DOM events and Chromium's console "Refused to ..." lines). */
async function watchedPage(viewport: Viewport): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await harness.newPage(viewport);
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return {
    page,
    violations: async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))],
  };
}

describe('security headers', () => {
  it('serves the app with a strict CSP, no framing and nosniff', async () => {
    const response = await fetch(`${harness.baseUrl}/login`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each<{ role: DemoRole; viewport: Viewport }>([
    { role: 'buyer', viewport: PHONE },
    { role: 'courier', viewport: PHONE },
    { role: 'merchant', viewport: DESK },
    { role: 'agent', viewport: DESK },
  ])('$role: login and landing page run without CSP violations', async ({ role, viewport }) => {
    const { page, violations } = await watchedPage(viewport);
    await loginAs(page, role);
    await expectHeading(page, DEMO[role].heading);
    expect(await violations()).toEqual([]);
  });

  it('the lazily loaded dispatch form and the live parcel page run without CSP violations', async () => {
    const merchant = await watchedPage(DESK);
    await loginAs(merchant.page, 'merchant');
    // YX1000000008 waits for a courier and no other journey dispatches it.
    await merchant.page.getByRole('button', { name: '派单 YX1000000008', exact: true }).click();
    const drawer = merchant.page.getByRole('dialog');
    await drawer.getByLabel('取件地址').waitFor();
    await drawer.getByLabel('取件时间').click();
    await merchant.page.locator('.n-date-panel').first().waitFor();
    expect(await merchant.violations()).toEqual([]);

    const buyer = await watchedPage(PHONE);
    await loginAs(buyer.page, 'buyer');
    await buyer.page.getByRole('link', { name: /YX1000000001/ }).click();
    await expectHeading(buyer.page, '包裹详情');
    // The subscription is open: connect-src 'self' admits the same-origin WebSocket.
    await buyer.page.locator('[data-live="on"]').waitFor({ timeout: 10_000 });
    expect(await buyer.violations()).toEqual([]);
  });
});
