/**
 * Issue 3 journey: a buyer watches a parcel's page while the store dispatches it and the courier
 * scans it; the page (never reloaded) follows each step live, and the courier's number appears.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { expectHeading, loginAs } from '../support/login.js';

const harness = useBrowser();
const WAYBILL = 'YX1000000003'; // the first buyer's order that is not dispatched yet (demo data)
const LIVE_TIMEOUT = 10_000;

/** The phone screens must fit 360 px: nothing may scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
}

/** Waits until `locator` shows `text` (the live page may take a moment to hear of a change). */
async function expectText(locator: Locator, text: string, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** Tomorrow at 10:00 in the browser's zone (Asia/Shanghai), as Naive's date picker types it. */
/** The unread count the phone tab bar announces (0 while it shows no badge). */
async function unreadCount(page: Page): Promise<number> {
  const match = /(\d+) 条未读/.exec((await page.getByRole('navigation').textContent()) ?? '');
  return match ? Number(match[1]) : 0;
}

function tomorrowAtTen(): string {
  const day = new Date(Date.now() + 24 * 3_600_000);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(day);
  return `${date} 10:00:00`;
}

async function openBuyerParcel(page: Page): Promise<void> {
  await loginAs(page, 'buyer');
  await page.getByRole('link', { name: new RegExp(WAYBILL) }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/m/shipments/'));
  await expectHeading(page, '包裹详情');
  await expectText(page.getByTestId('shipment-status'), '待派单');
  await expectText(page.getByTestId('courier-contact'), '尚未派单');
  // Subscribed before anyone else acts.
  await page.locator('[data-live="on"]').waitFor({ timeout: LIVE_TIMEOUT });
}

async function dispatchToLaoLi(page: Page): Promise<void> {
  await loginAs(page, 'merchant');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: `派单 ${WAYBILL}`, exact: true }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('取件地址').waitFor();
  await drawer.getByLabel('派件员').click();
  await page.locator('.n-base-select-option', { hasText: '派件员老李' }).click();
  await drawer.getByText('App 派单').click();
  const pickup = drawer.getByLabel('取件时间');
  await pickup.fill(tomorrowAtTen());
  await pickup.press('Enter');
  await drawer.getByLabel('取件地址').fill('上海市浦东新区张江路 88 号 优选水果店仓库');
  await drawer.getByLabel('备注（选填）').fill('前台自提');
  await expectNoSeriousA11yViolations(page);
  await drawer.getByRole('button', { name: '确认派单' }).click();
  const row = page.locator(`tr[data-waybill="${WAYBILL}"]`);
  await expectText(row, '派件员老李');
  await expectText(row, '已派单');
}

async function courierCard(page: Page): Promise<Locator> {
  await loginAs(page, 'courier');
  const card = page.locator(`article[data-waybill="${WAYBILL}"]`);
  await card.waitFor();
  await expectNoSeriousA11yViolations(page);
  return card;
}

describe('shipments', () => {
  it('the buyer follows dispatch, pickup and delivery of a parcel live', { timeout: 120_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await openBuyerParcel(buyer);
    await expectNoSeriousA11yViolations(buyer);
    await expectNoSidewaysScroll(buyer);
    const buyerUrl = buyer.url();
    // A marker on the window: a reload or a full navigation would wipe it.
    await buyer.evaluate(() => ((window as unknown as { journeyMarker: string }).journeyMarker = 'still here'));
    // Other e2e files run beside this one and notify the same demo buyer (chat, complaints), so the
    // badge is checked against what it showed before this journey, not against a fixed number.
    const unreadBefore = await unreadCount(buyer);

    const merchant = await harness.newPage(DESK);
    await dispatchToLaoLi(merchant);

    await expectText(buyer.getByTestId('shipment-status'), '已派单');
    const contact = buyer.getByTestId('courier-contact');
    await expectText(contact, '派件员老李');
    const call = contact.getByRole('link', { name: /13800000002/ });
    await call.waitFor({ timeout: LIVE_TIMEOUT });
    expect(await call.innerText()).toContain('13800000002');
    expect(await call.getAttribute('href')).toBe('tel:13800000002');

    const courier = await harness.newPage(PHONE);
    const card = await courierCard(courier);
    await expectNoSidewaysScroll(courier);
    await card.getByRole('button', { name: '确认揽收' }).click();
    const weight = courier.getByLabel('实测重量（选填）');
    await weight.fill('1.5');
    await expectNoSeriousA11yViolations(courier);
    await courier.getByRole('dialog').getByRole('button', { name: '确认揽收' }).click();
    await expectText(card, '已揽收');

    await expectText(buyer.getByTestId('shipment-status'), '已揽收');
    await expectText(buyer.getByTestId('timeline'), '实测重量');

    await card.getByRole('button', { name: '开始派送' }).click();
    await expectText(buyer.getByTestId('shipment-status'), '派送中');
    await expectText(buyer.getByTestId('timeline'), '派送中');

    // The same page all along: no reload, no navigation.
    expect(buyer.url()).toBe(buyerUrl);
    expect(await buyer.evaluate(() => (window as unknown as { journeyMarker?: string }).journeyMarker)).toBe('still here');
    await expectNoSeriousA11yViolations(buyer);

    // The buyer was notified of the dispatch and of the delivery run (not of the pickup), live.
    const nav = buyer.getByRole('navigation');
    await expect.poll(() => unreadCount(buyer), { timeout: LIVE_TIMEOUT }).toBeGreaterThanOrEqual(unreadBefore + 2);
    await nav.getByText(/^消息/).click();
    await expectText(buyer.locator('main'), `您的包裹 ${WAYBILL} 正在派送`);
    await expectText(buyer.locator('main'), `您的包裹 ${WAYBILL} 已派单`);
    await expectNoSidewaysScroll(buyer);
    await expectNoSeriousA11yViolations(buyer);
  });
});
