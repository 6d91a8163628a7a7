import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export type DemoRole = 'buyer' | 'courier' | 'merchant' | 'agent' | 'buyer3' | 'buyer4';

export const DEMO_PASSWORD = 'demo1234';

/** The demo accounts seeded into a fresh database, and where each lands after login. */
export const DEMO: Record<DemoRole, { phone: string; displayName: string; landing: string; heading: string }> = {
  buyer: { phone: '13800000001', displayName: '买家小王', landing: '/m/orders', heading: '我的订单' },
  courier: { phone: '13800000002', displayName: '派件员老李', landing: '/m/deliveries', heading: '我的派件' },
  merchant: { phone: '13800000003', displayName: '优选水果店', landing: '/d/dispatch', heading: '派单台' },
  agent: { phone: '13800000004', displayName: '客服小张', landing: '/d/queue', heading: '投诉队列' },
  // The after-sales journeys' own buyer (an order no other journey touches).
  buyer3: { phone: '13800000007', displayName: '买家小刘', landing: '/m/orders', heading: '我的订单' },
  buyer4: { phone: '13800000009', displayName: '买家小周', landing: '/m/orders', heading: '我的订单' },
};

/** Fills and submits the login form (the page must be on /login). */
export async function submitLogin(page: Page, phone: string, password: string): Promise<void> {
  await page.getByLabel('手机号', { exact: true }).fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Logs in through the UI as a demo account and waits for its landing page's h1. */
export async function loginAs(page: Page, role: DemoRole): Promise<void> {
  const account = DEMO[role];
  await page.goto('/login');
  await submitLogin(page, account.phone, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === account.landing);
  await expectHeading(page, account.heading);
}

/** The page's one h1 shows `text`. */
export async function expectHeading(page: Page, text: string): Promise<void> {
  const h1 = page.locator('h1');
  await h1.filter({ hasText: text }).first().waitFor({ state: 'visible' });
  // Polled: after a logout the router may reach /login a moment before the full page load that
  // follows it (useLogout), and a read during that load has no page to read.
  await expect.poll(async () => (await h1.allInnerTexts()).map((s) => s.trim())).toEqual([text]);
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
