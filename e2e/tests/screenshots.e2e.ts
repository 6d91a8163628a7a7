/**
 * README screenshots, written to docs/screenshots/. Runs only with SCREENSHOTS=1:
 * `pnpm --filter @parceldesk/e2e screenshots` (after `pnpm build`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { DESK, PHONE, useBrowser, type Viewport } from '../support/browser.js';
import { loginAs, type DemoRole } from '../support/login.js';

const OUT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');

describe.runIf(process.env.SCREENSHOTS)('README screenshots', () => {
  const harness = useBrowser();

  const shoot = async (page: import('playwright-core').Page, name: string) => {
    mkdirSync(OUT_DIR, { recursive: true });
    // Let fonts and lazy chunks settle so the picture is the finished page.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
  };

  it.each([
    { name: 'login-360', viewport: PHONE },
    { name: 'login-1280', viewport: DESK },
  ])('$name', async ({ name, viewport }) => {
    const page = await harness.newPage(viewport);
    await page.goto('/login');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await shoot(page, name);
  });

  it.each<{ role: DemoRole; viewport: Viewport; name: string }>([
    { role: 'buyer', viewport: PHONE, name: 'buyer-orders-360' },
    { role: 'courier', viewport: PHONE, name: 'courier-deliveries-360' },
    { role: 'merchant', viewport: DESK, name: 'merchant-dispatch-1280' },
    { role: 'agent', viewport: DESK, name: 'agent-queue-1280' },
  ])('$name', async ({ role, viewport, name }) => {
    const page = await harness.newPage(viewport);
    await loginAs(page, role);
    await shoot(page, name);
  });
});
