import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { DESK, PHONE, useBrowser, type Viewport } from '../support/browser.js';
import { DEMO, DEMO_PASSWORD, expectHeading, loginAs, pathOf, submitLogin, type DemoRole } from '../support/login.js';

const harness = useBrowser();

async function expectText(page: Page | Locator, text: string): Promise<void> {
  await page.getByText(text).first().waitFor();
}

const ROLES: { role: DemoRole; viewport: Viewport }[] = [
  { role: 'buyer', viewport: PHONE },
  { role: 'courier', viewport: PHONE },
  { role: 'merchant', viewport: DESK },
  { role: 'agent', viewport: DESK },
];

/** axe takes seconds per run: each page (path and viewport) is checked the first time it is visited. */
const checked = new Set<string>();
async function checkA11y(page: Page): Promise<void> {
  const key = `${pathOf(page)}@${page.viewportSize()?.width}`;
  if (checked.has(key)) return;
  await expectNoSeriousA11yViolations(page);
  checked.add(key);
}

describe('login', () => {
  it.each(ROLES)('$role logs in through the form, lands on its page and logs out', async ({ role, viewport }) => {
    const page = await harness.newPage(viewport);
    await page.goto('/login');
    await expectHeading(page, '登录 ParcelDesk');
    await checkA11y(page);

    await loginAs(page, role);
    expect(pathOf(page)).toBe(DEMO[role].landing);
    await checkA11y(page);

    await page.getByRole('button', { name: '退出登录' }).click();
    if (viewport === PHONE) {
      // Phones ask first: one stray tap must not sign a courier out mid-round.
      const confirm = page.getByRole('group', { name: '确定退出登录吗？' });
      await confirm.waitFor();
      await checkA11y(page);
      expect(pathOf(page)).toBe(DEMO[role].landing);
      await confirm.getByRole('button', { name: '退出登录' }).click();
    }
    await page.waitForURL((url) => url.pathname === '/login');
    await expectHeading(page, '登录 ParcelDesk');

    // The session is gone: the landing page sends us back to the login.
    await page.goto(DEMO[role].landing);
    await page.waitForURL((url) => url.pathname === '/login');
  });

  it('a wrong password shows the error and stays on /login', async () => {
    const page = await harness.newPage(PHONE);
    await page.goto('/login');
    await submitLogin(page, DEMO.buyer.phone, 'not-the-password');

    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.innerText()).toContain('手机号或密码不正确');
    expect(pathOf(page)).toBe('/login');
    // The focus goes to the password to fix, not to the page body.
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    await expect.poll(focused).toBe('login-password');
    await expectNoSeriousA11yViolations(page); // the error state is a page of its own

    // A phone number that cannot be one: the focus goes to the phone field.
    await page.getByLabel('手机号', { exact: true }).fill('123');
    await page.keyboard.press('Enter');
    await expectText(page, '请输入 11 位手机号');
    await expect.poll(focused).toBe('login-phone');

    // The right password still works afterwards.
    await submitLogin(page, DEMO.buyer.phone, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === DEMO.buyer.landing);
  });
  it('too many wrong passwords: the page says how long to wait, and the focus goes to that message', { timeout: 60_000 }, async () => {
    const page = await harness.newPage(PHONE);
    await page.goto('/login');
    // Not a demo account: the limit (5 tries per phone and address) must not lock out other tests.
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, '13900000099', `wrong-${attempt}`);
      await expect.poll(() => alert.innerText()).toBe('手机号或密码不正确');
      await page.getByLabel('密码', { exact: true }).fill('');
    }
    await submitLogin(page, '13900000099', 'wrong-6');
    await expect.poll(() => alert.innerText()).toMatch(/^操作太频繁，请 \d+ 秒后再试$/);
    const seconds = Number(/(\d+) 秒/.exec(await alert.innerText())![1]);
    expect(seconds).toBeGreaterThan(60); // the window is 15 minutes
    expect(seconds).toBeLessThanOrEqual(900);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toBe('login-error');
  });
});
