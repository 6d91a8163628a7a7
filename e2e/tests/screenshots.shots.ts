/**
 * README screenshots, written to docs/screenshots/: `pnpm --filter @parceldesk/e2e screenshots`
 * (after `pnpm build`). Not part of `pnpm test`: vitest.config.ts includes this file only when
 * SCREENSHOTS=1. Nothing here changes data, so every shot shows the demo data as seeded.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { DESK, PHONE, useBrowser, type Viewport } from '../support/browser.js';
import { loginAs, type DemoRole } from '../support/login.js';

const OUT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');
const harness = useBrowser();

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  // Let fonts and lazy chunks settle so the picture is the finished page.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

async function signedIn(role: DemoRole, viewport: Viewport): Promise<Page> {
  const page = await harness.newPage(viewport);
  await loginAs(page, role);
  return page;
}

describe('README screenshots', () => {
  it.each([
    { name: 'login-360', viewport: PHONE },
    { name: 'login-1280', viewport: DESK },
  ])('$name', async ({ name, viewport }) => {
    const page = await harness.newPage(viewport);
    await page.goto('/login');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await shoot(page, name);
  });

  it('buyer orders and parcel page', async () => {
    const page = await signedIn('buyer', PHONE);
    await shoot(page, 'buyer-orders-360');
    await page.getByRole('link', { name: /YX1000000002/ }).click();
    await page.getByTestId('timeline').waitFor();
    await page.getByTestId('courier-contact').getByRole('link').waitFor();
    await shoot(page, 'buyer-parcel-360');
  });

  it('courier deliveries and the pickup scan', async () => {
    const page = await signedIn('courier', PHONE);
    const card = page.locator('article[data-waybill="YX1000000005"]');
    await card.waitFor();
    await shoot(page, 'courier-deliveries-360');
    await card.getByRole('button', { name: '已揽收' }).click();
    await page.getByLabel('实测重量（克，选填）').fill('5150');
    await shoot(page, 'courier-scan-360');
  });

  it('buyer and courier chat threads (demo conversation)', async () => {
    const buyer = await signedIn('buyer', PHONE);
    await buyer.getByRole('navigation').getByText('会话').click();
    await buyer.getByRole('link', { name: /派件员老李/ }).waitFor();
    await shoot(buyer, 'buyer-threads-360');
    await buyer.getByRole('link', { name: /派件员老李/ }).click();
    await buyer.getByTestId('thread-heading').waitFor();
    await buyer.getByTestId('messages').getByText('有人的，到了直接敲门就行').waitFor();
    await buyer.locator('[data-connection="connected"]').waitFor();
    await shoot(buyer, 'buyer-thread-360');
    const courier = await signedIn('courier', PHONE);
    await courier.getByRole('navigation').getByText('会话').click();
    await courier.getByRole('link', { name: /买家小王/ }).click();
    await courier.getByTestId('thread-heading').waitFor();
    await courier.getByRole('button', { name: '已到楼下' }).waitFor();
    await courier.locator('[data-connection="connected"]').waitFor();
    await shoot(courier, 'courier-thread-360');
  });

  it('agent support desk', async () => {
    const page = await signedIn('agent', DESK);
    await page.getByRole('link', { name: '客服会话' }).click();
    await page.getByTestId('support-queue').getByRole('link', { name: /买家小王/ }).click();
    await page.getByText('葡萄买了两盒只收到一盒，怎么处理？').last().waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
    await shoot(page, 'agent-support-1280');
  });

  it('merchant dispatch board and form', async () => {
    const page = await signedIn('merchant', DESK);
    await page.locator('tr[data-waybill="YX1000000003"]').waitFor();
    await shoot(page, 'merchant-dispatch-1280');
    await page.getByRole('button', { name: '派单 YX1000000003', exact: true }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('取件地址').waitFor();
    await drawer.getByLabel('派件员').click();
    await page.locator('.n-base-select-option', { hasText: '派件员老李' }).waitFor();
    await shoot(page, 'merchant-dispatch-form-1280');
  });

  it('agent queue', async () => {
    const page = await signedIn('agent', DESK);
    await shoot(page, 'agent-queue-1280');
  });
});
