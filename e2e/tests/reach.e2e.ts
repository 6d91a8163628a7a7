/**
 * Issue 18 journeys, in two browser contexts: a courier on 我的派件 sees the 会话 badge and the
 * delivery card's count rise on a buyer's message and clear once read (there, or on another device);
 * a message the buyer writes with their context offline is kept, shown as waiting, and arrives once
 * when it is back, though the buyer has left its thread by then; a photo likewise, across a reload;
 * the courier's answer shows on the buyer's order card and 会话 tab with a banner that opens it. (The
 * review page showing the store's reply live, with a notification, is in reviews.e2e.ts: a second
 * review of the one store would change the counts that journey checks.)
 *
 * Only the chat of the first buyer's YX1000000002 is written in, so the journeys running alongside
 * are undisturbed.
 * REACH_SHOTS=1 also writes the README's screenshots of these screens to docs/screenshots/.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiLogin, gql } from '../support/api.js';
import { PHONE, useBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, expectHeading, submitLogin } from '../support/login.js';

const harness = useBrowser();
const LIVE = 15_000;
const WAYBILL = 'YX1000000002'; // the first buyer's parcel out for delivery with 派件员老李; nobody else writes in its chat
const BUYER = '13800000001';
const COURIER = '13800000002'; // 派件员老李
const SHOTS = process.env.REACH_SHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : null;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

async function signIn(page: Page, phone: string, landing: string, heading: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, phone, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === landing);
  await expectHeading(page, heading);
}

/** The 会话 tab's badge text ('' when none). */
async function chatBadge(page: Page): Promise<string> {
  const badge = page.getByRole('navigation').locator('.van-tabbar-item', { hasText: '会话' }).locator('.van-badge');
  return (await badge.count()) ? (await badge.innerText()).trim() : '';
}

async function sendFrom(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('输入消息');
  await box.fill(text);
  await box.press('Enter');
}

const bubbles = (page: Page, text: string): Locator => page.locator('[data-testid="message"]', { hasText: text });
/** Photo bubbles in the open thread, those in `status` (a CSS list of data-status values) or all. */
const photoBubbles = (page: Page, status = ''): Locator =>
  page.locator(`[data-testid="message"]${status ? `:is(${status.split(',').map((s) => `[data-status="${s}"]`).join(',')})` : ''} [data-testid="message-photo"]`);

/** A picture of the gate drawn in the page (what the phone's camera would hand over). */
async function gatePhoto(page: Page) {
  const jpeg = await page.evaluate(() => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 480, height: 360 });
    const pen = canvas.getContext('2d')!;
    pen.fillStyle = '#3e7bc0';
    pen.fillRect(0, 0, 480, 360);
    pen.clearRect(180, 90, 120, 270);
    return canvas.toDataURL('image/jpeg', 0.85);
  });
  return { name: 'gate.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg.slice(jpeg.indexOf(',') + 1), 'base64') };
}

describe('reach (issue 18)', () => {
  it('the courier’s badge and card count rise on a buyer’s message and clear once read; a message written offline arrives once', { timeout: 120_000 }, async () => {
    const courierToken = await apiLogin(COURIER);
    const parcel = (await gql('query { myDeliveries(first: 50) { edges { node { id waybillNo } } } }', {}, courierToken)).myDeliveries.edges
      .map((e: any) => e.node)
      .find((n: any) => n.waybillNo === WAYBILL);
    // Start from a read thread (the demo's own messages, earlier runs of other journeys).
    const thread = await gql('mutation($input: OpenThreadInput!) { openThread(input: $input) { id } }', { input: { kind: 'COURIER', shipmentId: parcel.id } }, courierToken);
    await gql('mutation($id: ID!) { markThreadRead(threadId: $id, upToSeq: 100000) { unreadCount } }', { id: thread.openThread.id }, courierToken);
    const serverTotal = async () => (await gql('{ myUnread { total } }', {}, courierToken)).myUnread.total as number;
    const courier = await harness.newPage(PHONE);
    await signIn(courier, COURIER, '/m/deliveries', '我的派件');
    await courier.locator('[data-live="on"]').waitFor({ timeout: LIVE });
    const card = courier.locator(`article[data-waybill="${WAYBILL}"]`);
    const chat = card.getByTestId('card-chat');
    await expect.poll(() => chat.getAttribute('data-unread'), { timeout: LIVE }).toBe('0');
    // Other journeys write to this courier too: the badge is whatever the server counts.
    const badgeNumber = async () => Number((await chatBadge(courier)).replace('+', '') || 0);
    await expect.poll(async () => (await badgeNumber()) === (await serverTotal()), { timeout: LIVE }).toBe(true);
    const before = await badgeNumber();

    const buyer = await harness.newPage(PHONE);
    await signIn(buyer, BUYER, '/m/orders', '我的订单');
    await buyer.goto(`/m/chat/open/parcel/${parcel.id}`);
    await buyer.waitForURL((url) => /^\/m\/chat\/[0-9a-f-]{36}$/.test(url.pathname));
    const threadPath = new URL(buyer.url()).pathname;
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE });
    await sendFrom(buyer, '师傅，放门口就行');

    // Live on the courier's landing: the card's count, the tab's badge, and a banner that opens it.
    await expect.poll(() => chat.getAttribute('data-unread'), { timeout: LIVE }).toBe('1');
    await expect.poll(badgeNumber, { timeout: LIVE }).toBeGreaterThan(before);
    const banner = courier.getByTestId('alert-banner');
    await banner.filter({ hasText: '师傅，放门口就行' }).waitFor({ timeout: LIVE });
    await card.scrollIntoViewIfNeeded();
    await shot(courier, 'reach-courier-badge-360');
    // Still unread a few seconds later, on another page of the app: a notification row too (no SMS).
    await expect
      .poll(async () => (await gql('{ myNotifications(first: 20) { edges { node { kind detail threadId } } } }', {}, courierToken)).myNotifications.edges
        .some((e: any) => e.node.kind === 'CHAT_MESSAGE' && e.node.detail === '师傅，放门口就行'), { timeout: LIVE })
      .toBe(true);

    // The card's chat button opens the thread; reading there clears the count on the landing.
    await chat.click();
    await courier.waitForURL((url) => url.pathname === threadPath);
    await bubbles(courier, '师傅，放门口就行').waitFor({ timeout: LIVE });
    await courier.goBack();
    await expectHeading(courier, '我的派件');
    await expect.poll(() => courier.locator(`article[data-waybill="${WAYBILL}"]`).getByTestId('card-chat').getAttribute('data-unread'), { timeout: LIVE }).toBe('0');
    await expect.poll(async () => (await badgeNumber()) === (await serverTotal()), { timeout: LIVE }).toBe(true);

    // Read on another of the courier's devices (here: the API with the courier's own session): the
    // card's count and the badge drop live, no reload.
    const threadId = threadPath.split('/').pop()!;
    await sendFrom(buyer, '电梯坏了，走楼梯');
    const cardNow = () => courier.locator(`article[data-waybill="${WAYBILL}"]`).getByTestId('card-chat').getAttribute('data-unread');
    await expect.poll(cardNow, { timeout: LIVE }).toBe('1');
    await gql('mutation($id: ID!) { markThreadRead(threadId: $id, upToSeq: 100000) { unreadCount } }', { id: threadId }, courierToken);
    await expect.poll(cardNow, { timeout: LIVE }).toBe('0');
    await expect.poll(async () => (await badgeNumber()) === (await serverTotal()), { timeout: LIVE }).toBe(true);

    // A message written with the buyer's context offline waits, is kept in the browser, and goes
    // once the context is back, though the buyer has left the thread for the thread list by then.
    await courier.goto(threadPath);
    await courier.locator('[data-connection="connected"]').waitFor({ timeout: LIVE });
    await buyer.goto('/m/chat');
    await buyer.locator(`a[data-thread="${threadId}"]`).click();
    await buyer.waitForURL((url) => url.pathname === threadPath);
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE });
    await buyer.context().setOffline(true);
    await buyer.locator('[data-connection="offline"]').waitFor({ timeout: LIVE });
    await sendFrom(buyer, '我在家，直接敲门');
    const waiting = bubbles(buyer, '我在家，直接敲门');
    await expect.poll(() => waiting.getAttribute('data-status'), { timeout: LIVE }).toBe('waiting');
    await shot(buyer, 'reach-offline-waiting-360');
    const kept = () => buyer.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('parceldesk.chat.outbox.') && localStorage.getItem(k)!.includes('直接敲门')));
    expect(await kept()).toBe(true);
    await buyer.goBack();
    await buyer.waitForURL((url) => url.pathname === '/m/chat');

    await buyer.context().setOffline(false);
    await bubbles(courier, '我在家，直接敲门').waitFor({ timeout: LIVE });
    await expect.poll(kept, { timeout: LIVE }).toBe(false);
    const buyerToken = await apiLogin(BUYER);
    const stored = await gql('query($id: ID!) { messages(threadId: $id, first: 100) { nodes { body } } }', { id: threadId }, buyerToken);
    expect(stored.messages.nodes.filter((m: any) => m.body === '我在家，直接敲门')).toHaveLength(1);
    // Back in the thread: shown once, as sent.
    await buyer.goForward();
    await expect.poll(() => bubbles(buyer, '我在家，直接敲门').getAttribute('data-status'), { timeout: LIVE }).toMatch(/sent|read/);
    expect(await bubbles(courier, '我在家，直接敲门').count()).toBe(1);
    expect(await bubbles(buyer, '我在家，直接敲门').count()).toBe(1);

    // A photo taken while the network is bad waits like a text (its file in the browser's
    // IndexedDB), survives a reload of the page, and arrives once when the network returns.
    await buyer.route('**/uploads/chat', (route) => route.abort('internetdisconnected'));
    await buyer.getByTestId('attach-photo').locator('input[type="file"]').setInputFiles(await gatePhoto(buyer));
    await expect.poll(() => photoBubbles(buyer, 'waiting').count(), { timeout: LIVE }).toBe(1);
    await buyer.reload();
    await buyer.locator('[data-connection="connected"]').waitFor({ timeout: LIVE });
    await expect.poll(() => photoBubbles(buyer, 'waiting').count(), { timeout: LIVE }).toBe(1);
    await buyer.unroute('**/uploads/chat');
    await buyer.context().setOffline(true);
    await buyer.context().setOffline(false);
    await expect.poll(() => photoBubbles(courier).count(), { timeout: LIVE }).toBe(1);
    await expect.poll(() => photoBubbles(buyer, 'sent,read').count(), { timeout: LIVE }).toBe(1);
    expect(await photoBubbles(buyer).count()).toBe(1);
    const photos = await gql('query($id: ID!) { messages(threadId: $id, first: 100) { nodes { photo { id } } } }', { id: threadId }, buyerToken);
    expect(photos.messages.nodes.filter((m: any) => m.photo)).toHaveLength(1);
    expect(await buyer.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('parceldesk.chat.outbox.')) ?? ''))).toBeNull();

    // The other way round: the courier answers while the buyer is on 我的订单. The order's card shows
    // 查看消息 with the count, the 会话 badge rises, and a banner opens the thread.
    await buyer.getByRole('navigation').getByText('订单').click();
    await expectHeading(buyer, '我的订单');
    await sendFrom(courier, '收到，马上到');
    // This parcel's card only: journeys beside this one (same demo buyer) may leave other threads unread.
    const orderChat = buyer.locator(`[data-testid="card-chat"][href="${threadPath}"]`);
    await expect.poll(() => orderChat.getAttribute('data-unread'), { timeout: LIVE }).toBe('1');
    await expect.poll(() => chatBadge(buyer), { timeout: LIVE }).not.toBe('');
    await buyer.getByTestId('alert-banner').filter({ hasText: '收到，马上到' }).waitFor({ timeout: LIVE });
    await orderChat.scrollIntoViewIfNeeded();
    await shot(buyer, 'reach-buyer-order-360');
    await buyer.getByTestId('alert-banner').filter({ hasText: '收到，马上到' }).getByRole('button', { name: /收到，马上到/ }).click();
    await buyer.waitForURL((url) => url.pathname === threadPath);
    await bubbles(buyer, '收到，马上到').waitFor({ timeout: LIVE });
  });

});
