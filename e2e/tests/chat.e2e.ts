/**
 * Issue 6 journeys: a buyer and a courier chat live in two browser contexts; the buyer goes
 * offline while the courier sends 20 messages and, back online, sees all 20 in order, each once,
 * without a reload; the courier sends a photo the buyer opens full size; an agent answers a
 * buyer's support thread from the desk.
 *
 * Runs as the second buyer (13800000005) so that its notifications never meet the shipments
 * journey's assertions about the first buyer, which runs in parallel against the same server.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { saveScreenshot } from '../support/artifacts.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, expectHeading, loginAs, submitLogin } from '../support/login.js';

const harness = useBrowser();
const LIVE_TIMEOUT = 15_000;
const WAYBILL = 'YX1000000007'; // the second buyer's parcel held by 派件员老李 (demo data)

async function loginSecondBuyer(page: Page): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, '13800000005', DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/m/orders');
  await expectHeading(page, '我的订单');
}

async function expectText(locator: Locator, text: string, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** The bodies of the text bubbles shown, top to bottom. */
async function bodies(page: Page): Promise<string[]> {
  return page.locator('[data-testid="message"] .body').allInnerTexts();
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('输入消息');
  await box.fill(text);
  await box.press('Enter');
}

/** A real JPEG drawn by the courier's browser (480 × 360). */
async function doorPhoto(page: Page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 360;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#c08a3e';
    context.fillRect(0, 0, 480, 360);
    context.fillStyle = '#5a3d1a';
    context.fillRect(140, 120, 200, 140);
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  return { name: 'door.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1]!, 'base64') };
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
}

describe('chat', () => {
  it('buyer and courier chat live; the buyer misses nothing while offline', { timeout: 150_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await loginSecondBuyer(buyer);
    await buyer.getByRole('link', { name: new RegExp(WAYBILL) }).click();
    await expectHeading(buyer, '包裹详情');
    await buyer.getByRole('link', { name: '联系派件员' }).click();
    await buyer.waitForURL((url) => /^\/m\/chat\/[0-9a-f-]{36}$/.test(url.pathname));
    await expectText(buyer.getByTestId('thread-heading'), '派件员老李');
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE_TIMEOUT });
    // The parcel's DISPATCHED/PICKED_UP history predates chat; the thread starts empty of text.
    await expectNoSeriousA11yViolations(buyer);
    await expectNoSidewaysScroll(buyer);
    await buyer.evaluate(() => ((window as unknown as { journeyMarker: string }).journeyMarker = 'still here'));
    const buyerUrl = buyer.url();

    const courier = await harness.newPage(PHONE);
    // How the courier's messages travel: over its live socket while connected, not one HTTP request each.
    const sentOver = { socket: 0, http: 0 };
    courier.on('websocket', (socket) => socket.on('framesent', ({ payload }) => void (String(payload).includes('sendMessage(') && sentOver.socket++)));
    courier.on('request', (request) => void (request.postData()?.includes('sendMessage(') && sentOver.http++));
    await loginAs(courier, 'courier');
    await courier.getByRole('navigation').getByText('会话').click();
    await expectHeading(courier, '我的会话');
    // Threads with unread messages come first (issue 18): pick this parcel's.
    await courier.getByRole('link', { name: new RegExp(`买家小陈.*${WAYBILL}`) }).click();
    await expectText(courier.getByTestId('thread-heading'), '买家小陈');
    await courier.locator('[data-connection="connected"]').waitFor({ timeout: LIVE_TIMEOUT });

    await send(buyer, '请放在门口，谢谢');
    await expectText(courier.getByTestId('messages'), '请放在门口，谢谢');
    await expectText(buyer.locator('[data-status="sent"], [data-status="read"]'), '请放在门口，谢谢');
    await courier.getByRole('button', { name: '已到楼下' }).click();
    await expectText(buyer.getByTestId('messages'), '已到楼下');
    // The courier's screen marked the buyer's message read; the buyer's bubble says so.
    await expectText(buyer.locator('[data-status="read"]'), '请放在门口，谢谢');
    await expectNoSeriousA11yViolations(courier);
    await expectNoSidewaysScroll(courier);

    // A photo from the courier (the parcel at the door): its progress, then the buyer's thumbnail,
    // served to the thread's two people, and full size on a tap.
    await courier.getByTestId('attach-photo').locator('input[type="file"]').setInputFiles(await doorPhoto(courier));
    await courier.locator('[data-testid="message"]:is([data-status="sent"], [data-status="read"]) [data-testid="message-photo"]').waitFor({ timeout: LIVE_TIMEOUT });
    const thumb = buyer.locator('[data-testid="message-photo"] img');
    await thumb.waitFor({ timeout: LIVE_TIMEOUT });
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: LIVE_TIMEOUT }).toBeGreaterThan(0);
    await buyer.getByTestId('message-photo').click();
    await expect.poll(() => buyer.getByTestId('photo-viewer').locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: LIVE_TIMEOUT }).toBe(480);
    await saveScreenshot(buyer, 'chat-photo-viewer-360');
    await buyer.getByRole('button', { name: '关闭' }).click();
    await expectNoSeriousA11yViolations(buyer);
    await saveScreenshot(courier, 'chat-courier-photo-360');

    // Offline: the badge says so, and nothing the courier sends now reaches the buyer's page live.
    await buyer.context().setOffline(true);
    await buyer.locator('[data-connection="offline"]').waitFor({ timeout: LIVE_TIMEOUT });
    const burst = Array.from({ length: 20 }, (_, i) => `第 ${i + 1} 条`);
    for (const text of burst) await send(courier, text);
    await expectText(courier.locator('[data-status="sent"]'), '第 20 条');
    expect(sentOver).toEqual({ socket: 22, http: 0 }); // 已到楼下, the door photo and the 20
    await buyer.waitForTimeout(500);
    expect((await bodies(buyer)).filter((b) => b.startsWith('第 '))).toEqual([]);

    await buyer.context().setOffline(false);
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE_TIMEOUT });
    await expectText(buyer.getByTestId('messages'), '第 20 条');
    const shown = await bodies(buyer);
    expect(shown.filter((b) => b.startsWith('第 '))).toEqual(burst);
    expect(shown).toEqual(['请放在门口，谢谢', '已到楼下', ...burst]);
    // Seqs strictly increase down the page: in order, none twice.
    const seqs = (await buyer.locator('[data-testid="message"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq')))));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The same page all along.
    expect(buyer.url()).toBe(buyerUrl);
    expect(await buyer.evaluate(() => (window as unknown as { journeyMarker?: string }).journeyMarker)).toBe('still here');
  });

  it('keeps an unsent draft across a reload', async () => {
    const buyer = await harness.newPage(PHONE);
    await loginSecondBuyer(buyer);
    await buyer.getByRole('link', { name: new RegExp(WAYBILL) }).click();
    await buyer.getByRole('link', { name: '联系派件员' }).click();
    await buyer.waitForURL((url) => /^\/m\/chat\/[0-9a-f-]{36}$/.test(url.pathname));
    await buyer.getByLabel('输入消息').fill('还没写完的话');
    await buyer.reload();
    await expect.poll(() => buyer.getByLabel('输入消息').inputValue(), { timeout: LIVE_TIMEOUT }).toBe('还没写完的话');
  });

  it('an agent answers a buyer’s support thread from the desk', { timeout: 120_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await loginSecondBuyer(buyer);
    const order = buyer.locator('article', { hasText: WAYBILL });
    await order.getByRole('link', { name: '联系客服' }).click();
    await buyer.waitForURL((url) => /^\/m\/chat\/[0-9a-f-]{36}$/.test(url.pathname));
    await expectText(buyer.getByTestId('thread-heading'), '联系客服');
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE_TIMEOUT });
    await send(buyer, '蓝莓少了一盒');
    await expectText(buyer.locator('[data-status="sent"]'), '蓝莓少了一盒');

    const agent = await harness.newPage(DESK);
    await loginAs(agent, 'agent');
    await agent.getByRole('link', { name: '客服会话' }).click();
    await expectHeading(agent, '客服会话');
    const queue = agent.getByTestId('support-queue');
    await expectText(queue, '买家小陈');
    await expectText(queue, '蓝莓少了一盒');
    await queue.getByRole('link', { name: /买家小陈/ }).click();
    await expectText(agent.getByTestId('thread-heading'), '买家小陈');
    await expectText(agent.getByTestId('messages'), '蓝莓少了一盒');
    await agent.locator('[data-connection="connected"]').waitFor({ timeout: LIVE_TIMEOUT });
    await expectNoSeriousA11yViolations(agent);

    await send(agent, '您好，已为您登记补发');
    await expectText(buyer.getByTestId('messages'), '您好，已为您登记补发');
    // The queue now shows who answered.
    await expectText(queue, '客服小张 已回复');

    // Elsewhere on the desk, the agent who answered counts the buyer's next message in the tab's
    // title and gets a banner that opens the conversation (issue 18); reading it clears the title.
    const threadPath = new URL(agent.url()).pathname;
    await agent.locator('a[href="/d/queue"]').click();
    await agent.waitForURL((url) => url.pathname === '/d/queue');
    // (Other journeys may write to this agent's conversations meanwhile: compare counts, not a number.)
    const titleCount = async () => Number(/^\((\d+)\) /.exec(await agent.title())?.[1] ?? 0);
    const before = await titleCount();
    await send(buyer, '还有一盒压坏了');
    await expect.poll(titleCount, { timeout: LIVE_TIMEOUT }).toBeGreaterThan(before);
    const raised = await titleCount();
    await agent.getByTestId('alert-banner').filter({ hasText: '还有一盒压坏了' }).getByRole('button', { name: /还有一盒压坏了/ }).click();
    await agent.waitForURL((url) => url.pathname === threadPath);
    await expectText(agent.getByTestId('messages'), '还有一盒压坏了');
    await expect.poll(titleCount, { timeout: LIVE_TIMEOUT }).toBeLessThan(raised);
  });
});
