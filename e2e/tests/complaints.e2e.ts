/**
 * Issue 7 journey: a buyer files a short-shipment complaint with two photos and watches its page;
 * an agent asks for more evidence; the buyer adds a photo; the agent refunds. The buyer's page,
 * never reloaded, shows each step live.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { saveScreenshot } from '../support/artifacts.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { expectHeading, loginAs } from '../support/login.js';

const harness = useBrowser();
const LIVE_TIMEOUT = 10_000;

async function expectText(locator: Locator, text: string, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
}

/** A real JPEG drawn by the browser's canvas (a different colour per photo, so different bytes). */
async function photo(page: Page, colour: string, name: string) {
  const dataUrl = await page.evaluate((fill) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext('2d')!;
    context.fillStyle = fill;
    context.fillRect(0, 0, 640, 480);
    context.fillStyle = '#fff';
    context.fillRect(200, 150, 240, 180);
    return canvas.toDataURL('image/jpeg', 0.9);
  }, colour);
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1]!, 'base64') };
}

/** Picks what the next photo shows, adds it, and waits for its own progress bar to finish. */
async function addPhoto(page: Page, kind: string, colour: string): Promise<void> {
  await page.locator('label.kind', { hasText: kind }).click();
  const before = await page.getByText('已上传').count();
  await page.getByLabel('添加照片').setInputFiles(await photo(page, colour, `${colour.slice(1)}.jpg`));
  await page.getByText('已上传').nth(before).waitFor({ timeout: LIVE_TIMEOUT });
}

describe('complaints', () => {
  it('a buyer files with two photos and follows an agent’s request and refund live', { timeout: 180_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await loginAs(buyer, 'buyer');
    // The entry is on the delivered order's card (two boxes ordered, one weighed at pickup).
    await buyer.getByRole('link', { name: '少件投诉' }).click();
    await buyer.waitForURL((url) => url.pathname.startsWith('/m/complaints/new/'));
    await expectHeading(buyer, '少件投诉');
    await expectText(buyer.locator('main'), '阳光玫瑰葡萄');
    await expectText(buyer.locator('main'), '最多可申报 2 件');

    await buyer.getByRole('button', { name: /多报一件/ }).click();
    await buyer.getByLabel('情况说明').fill('订购两盒，只收到一盒，外箱完好');
    await addPhoto(buyer, '快递面单', '#884422');
    await addPhoto(buyer, '箱内物品', '#226688');
    // Both required photos are there: the checklist ticks them.
    expect(await buyer.locator('.checklist .ok').count()).toBe(2);
    await expectNoSidewaysScroll(buyer);
    await expectNoSeriousA11yViolations(buyer);
    await saveScreenshot(buyer, 'complaint-filing-360');
    await buyer.getByRole('button', { name: '提交投诉' }).click();

    await buyer.waitForURL((url) => /^\/m\/complaints\/[0-9a-f-]{36}$/.test(url.pathname));
    await expectHeading(buyer, '投诉详情');
    const status = buyer.getByTestId('complaint-status');
    await expectText(status, '已提交');
    expect(await buyer.locator('.gallery img').count()).toBe(2);
    await buyer.locator('[data-live="on"]').waitFor({ timeout: LIVE_TIMEOUT });
    const caseUrl = buyer.url();
    await buyer.evaluate(() => ((window as unknown as { journeyMarker: string }).journeyMarker = 'still here'));
    await expectNoSeriousA11yViolations(buyer);

    // The agent opens the case from the queue and asks for more photos.
    const agent = await harness.newPage(DESK);
    await loginAs(agent, 'agent');
    const row = agent.locator('tbody tr').filter({ hasText: '买家小王' }).first();
    await expectText(row, '阳光玫瑰葡萄');
    await expectNoSeriousA11yViolations(agent);
    await row.getByRole('link', { name: /处理/ }).click();
    await agent.waitForURL((url) => url.pathname.startsWith('/d/complaints/'));
    await expectText(agent.getByTestId('weight-verdict'), '重量支持投诉');
    await expectText(agent.getByTestId('suggested-refund'), '59.90');
    expect(await agent.locator('.gallery img').count()).toBe(2);
    await agent.getByRole('button', { name: '分配给我' }).click();
    await expectText(agent.getByTestId('workbench-status'), '处理中');
    await expectText(status, '处理中');

    await agent.locator('#request-text').fill('请补充外箱照片');
    await agent.getByRole('button', { name: '请买家补充照片' }).click();
    await expectText(agent.getByTestId('workbench-status'), '待买家补充');
    await expectText(status, '待补充材料');
    await expectText(buyer.locator('main'), '请补充外箱照片');

    // The buyer adds a photo of the box; the case goes back to the agent.
    await addPhoto(buyer, '外包装', '#448822');
    await buyer.getByRole('button', { name: '提交补充照片' }).click();
    await expectText(status, '处理中');
    expect(await buyer.locator('.gallery img').count()).toBe(3);
    await expectText(agent.getByTestId('workbench-status'), '处理中');
    await expect.poll(() => agent.locator('.gallery img').count(), { timeout: LIVE_TIMEOUT }).toBe(3);

    // The refund is pre-filled with the suggestion (one box, ¥59.90).
    expect(await agent.locator('#refund-yuan').inputValue()).toBe('59.90');
    await expectNoSeriousA11yViolations(agent);
    await saveScreenshot(agent, 'complaint-workbench-1280');
    await agent.getByRole('button', { name: '确认处理' }).click();
    await expectText(agent.getByTestId('workbench-status'), '已处理');

    await expectText(status, '已处理');
    await expectText(buyer.getByTestId('complaint-resolution'), '59.90');
    await buyer.getByRole('button', { name: '接受处理结果' }).waitFor();
    const steps = await buyer.getByTestId('timeline-entry').allInnerTexts();
    expect(steps).toEqual(['提交投诉', '客服已受理', '客服请您补充照片', '已补充照片', '客服已处理']);

    // One page all along: no reload, no navigation.
    expect(buyer.url()).toBe(caseUrl);
    expect(await buyer.evaluate(() => (window as unknown as { journeyMarker?: string }).journeyMarker)).toBe('still here');
    await expectNoSidewaysScroll(buyer);
    await expectNoSeriousA11yViolations(buyer);
    await saveScreenshot(buyer, 'complaint-case-360');
  });
});
