/**
 * Issue 10 journeys, live: a change made elsewhere (a courier's scan, the store's dispatch) reaches
 * the pages open or opened later, and what each person is told. The dispatch note stays with the
 * courier; the courier's open list follows dispatch and withdrawal; the scans work from the keyboard
 * alone; the buyer's notifications name the goods. Only the second buyer's parcels YX1000000005-07
 * are changed, in this order (the scans take the parcel the dispatch gave back to 老李), so
 * shipments.e2e.ts (first buyer) and security-headers.e2e.ts (YX1000000008) run alongside undisturbed.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiLogin, gql, shipmentByWaybill } from '../support/api.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { tabTo } from '../support/keyboard.js';
import { expectText, LIVE_TIMEOUT } from '../support/live.js';
import { expectHeading } from '../support/login.js';
import { signIn, signInAs } from '../support/sign-in.js';

const harness = useBrowser();
const BUYER2 = '13800000005';
const COURIER = '13800000002'; // 派件员老李
const COURIER2 = '13800000006'; // 派件员小赵

const markWindow = (page: Page) => page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
const windowMarked = (page: Page) => page.evaluate(() => (window as unknown as { marker?: string }).marker);

/** How many of the page's GraphQL requests (from now on) are still unanswered. */
function unansweredRequests(page: Page): () => number {
  const open = new Set<Request>();
  page.on('request', (request) => void (request.method() === 'POST' && request.url().includes('/graphql') && open.add(request)));
  page.on('requestfinished', (request) => void open.delete(request));
  page.on('requestfailed', (request) => void open.delete(request));
  return () => open.size;
}

function tomorrowAtTen(): string {
  const day = new Date(Date.now() + 24 * 3_600_000);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(day);
  return `${date} 10:00:00`;
}

/** The merchant's drawer, filled by pointer (the keyboard journey is separate). */
async function dispatchFromBoard(page: Page, waybill: string, courier: string, note: string, again = false): Promise<void> {
  await page.getByRole('button', { name: `${again ? '重新派单' : '派单'} ${waybill}`, exact: true }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('取件地址').waitFor();
  await drawer.getByLabel('派件员').click();
  await page.locator('.n-base-select-option', { hasText: courier }).click();
  const pickup = drawer.getByLabel('取件时间');
  await pickup.fill(tomorrowAtTen());
  await pickup.press('Enter');
  await drawer.getByLabel('取件地址').fill('上海市浦东新区张江路 88 号 优选水果店仓库');
  await drawer.getByLabel('备注（选填）').fill(note);
  await drawer.getByRole('button', { name: '确认派单' }).click();
  await expectText(page.locator(`tr[data-waybill="${waybill}"]`), courier);
}

describe('shipment screens, live (issue 10)', () => {
  it('a parcel page reopened after changes made while it was closed shows them', { timeout: 60_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await signIn(buyer, BUYER2, '/m/orders', '我的订单');
    await markWindow(buyer);
    const link = buyer.getByRole('link', { name: /YX1000000007/ });
    await link.click();
    await expectText(buyer.getByTestId('shipment-status'), '已揽收');
    await buyer.goBack();
    await link.waitFor();

    // While the page is closed, the courier takes the parcel out for delivery (from their own phone).
    const courier = await apiLogin(COURIER);
    const parcel = await shipmentByWaybill(courier, 'YX1000000007', 'version');
    await gql(
      'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }',
      { input: { shipmentId: parcel.id, status: 'OUT_FOR_DELIVERY', expectedVersion: parcel.version } },
      courier,
    );

    await link.click();
    await expectText(buyer.getByTestId('shipment-status'), '派送中', 5_000);
    await expectText(buyer.getByTestId('timeline'), '派送中');
    expect(await windowMarked(buyer), 'reopened inside the app, not by a reload').toBe('same page');
  });

  it('a dispatch note never reaches the buyer; the courier’s open list follows dispatch and withdrawal', { timeout: 120_000 }, async () => {
    const NOTE = '放门卫室，买家白天不在';
    const zhao = await harness.newPage(PHONE);
    await signIn(zhao, COURIER2, '/m/deliveries', '我的派件');
    await zhao.locator('[data-live="on"]').waitFor({ timeout: LIVE_TIMEOUT });
    const zhaoCard = zhao.locator('article[data-waybill="YX1000000005"]');
    expect(await zhaoCard.count()).toBe(0);

    // The merchant re-dispatches 老李's parcel to 小赵, by keyboard alone. (YX1000000008 is left
    // undispatched for security-headers.e2e.ts, which runs alongside.)
    const merchant = await harness.newPage(DESK);
    await signInAs(merchant, 'merchant');
    await tabTo(merchant, merchant.getByRole('button', { name: '重新派单 YX1000000005', exact: true }));
    await merchant.keyboard.press('Enter');
    const drawer = merchant.getByRole('dialog');
    await expectText(drawer, '杭州市西湖区文三路 200 号'); // where it goes
    // Naive's select takes the focus on its box; Enter opens it, typing filters, Enter picks.
    await tabTo(merchant, drawer.locator('.n-select').first());
    await merchant.keyboard.press('Enter');
    await merchant.keyboard.type('小赵');
    await expectText(merchant.locator('.n-base-select-option'), '13800000006'); // the number to call
    await merchant.keyboard.press('Enter');
    // Naive's date picker box takes the focus first; Enter puts the caret in its text field.
    await tabTo(merchant, drawer.locator('.n-date-picker').first());
    await merchant.keyboard.press('Enter');
    await expect.poll(() => drawer.getByLabel('取件时间').evaluate((el) => el === document.activeElement)).toBe(true);
    await merchant.keyboard.type(tomorrowAtTen());
    await merchant.keyboard.press('Enter');
    await tabTo(merchant, drawer.getByLabel('取件地址'));
    await merchant.keyboard.press('ControlOrMeta+A');
    await merchant.keyboard.type('上海市浦东新区张江路 88 号 优选水果店仓库');
    await tabTo(merchant, drawer.getByLabel('备注（选填）'));
    await merchant.keyboard.type(NOTE);
    await tabTo(merchant, drawer.getByRole('button', { name: '确认派单' }));
    await merchant.keyboard.press('Enter');
    await expectText(merchant.locator('tr[data-waybill="YX1000000005"]'), '派件员小赵');
    await expectText(merchant.getByRole('status'), '已派单：YX1000000005');

    // The courier's list, never reloaded, shows the new parcel with the note meant for them.
    await zhaoCard.waitFor({ timeout: LIVE_TIMEOUT });
    await expectText(zhaoCard, NOTE);
    // Who to call and where to go, on the card.
    expect(await zhaoCard.getByRole('link', { name: '13800000005' }).getAttribute('href')).toBe('tel:13800000005');
    expect(await zhaoCard.getByRole('link', { name: /地图/ }).getAttribute('href')).toContain('uri.amap.com');
    await expectText(zhao.getByTestId('deliveries-notice'), '新派单：YX1000000005');
    await expectNoSeriousA11yViolations(zhao);

    // The buyer sees the dispatch, not the note.
    const buyer = await harness.newPage(PHONE);
    await signIn(buyer, BUYER2, '/m/orders', '我的订单');
    await buyer.getByRole('link', { name: /YX1000000005/ }).click();
    await expectText(buyer.getByTestId('shipment-status'), '已派单');
    await expectText(buyer.getByTestId('timeline'), '已派单');
    expect(await buyer.locator('body').innerText()).not.toContain(NOTE);
    const shipmentId = new URL(buyer.url()).pathname.split('/').at(-1)!;
    const asBuyer = await gql(
      'query($id: ID!) { shipment(id: $id) { dispatch { note } dispatches { note } events { note } } }',
      { id: shipmentId },
      await apiLogin(BUYER2),
    );
    expect(JSON.stringify(asBuyer)).not.toContain(NOTE);
    expect(asBuyer.shipment.dispatch.note).toBeNull();

    // Re-dispatched back to 老李: it leaves 小赵's open list, and 小赵 is told why.
    await dispatchFromBoard(merchant, 'YX1000000005', '派件员老李', '改派', true);
    await zhaoCard.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });
    await expectText(zhao.getByTestId('deliveries-notice'), '包裹 YX1000000005 已改派给其他派件员');
    // …and in 小赵's notifications.
    const nav = zhao.getByRole('navigation');
    await nav.getByText(/^消息/).click();
    await expectText(zhao.locator('main'), '包裹 YX1000000005 已改派给其他派件员');
    await expectText(zhao.locator('main'), `新派单：YX1000000005，备注：${NOTE}`);
  });

  it('the courier scans by keyboard alone: 1.5 kg is stored as 1500 g, and delivery records a locker code', { timeout: 90_000 }, async () => {
    const page = await harness.newPage(PHONE);
    await signInAs(page, 'courier');
    const card = page.locator('article[data-waybill="YX1000000005"]');
    await tabTo(page, card.getByRole('button', { name: '确认揽收' }));
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: /确认揽收/ });
    const weight = dialog.getByLabel('实测重量（选填）');
    await tabTo(page, weight);
    await page.keyboard.type('1,5');
    await expectText(dialog.getByTestId('weight-preview'), '看不懂这个重量');
    await tabTo(page, dialog.getByRole('button', { name: '确认揽收' }));
    await page.keyboard.press('Enter');
    await expectText(dialog, '看不懂这个重量');
    expect(await dialog.isVisible(), 'an unreadable weight is refused, not sent').toBe(true);

    await tabTo(page, weight);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('1.5');
    await expectText(dialog.getByTestId('weight-preview'), '将记录 1500 克');
    await expectNoSeriousA11yViolations(page);
    await tabTo(page, dialog.getByRole('button', { name: '确认揽收' }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expectText(card, '已揽收');

    const token = await apiLogin(COURIER);
    const stored = await shipmentByWaybill(token, 'YX1000000005', 'events { status measuredWeightGrams }');
    expect(stored.events.find((e: any) => e.status === 'PICKED_UP').measuredWeightGrams).toBe(1500);

    // The next expected step is the primary button; the scans go on by keyboard.
    await tabTo(page, card.getByRole('button', { name: '开始转运' }));
    await page.keyboard.press('Enter');
    await expectText(card, '运输中');
    await tabTo(page, card.getByRole('button', { name: '开始派送' }));
    await page.keyboard.press('Enter');
    await expectText(card, '派送中');

    await tabTo(page, card.getByRole('button', { name: '确认签收' }));
    await page.keyboard.press('Enter');
    const deliver = page.getByRole('dialog', { name: /确认签收/ });
    await tabTo(page, deliver.getByRole('button', { name: '确认签收' }));
    await page.keyboard.press('Enter');
    await expectText(deliver, '请选择签收方式');
    await tabTo(page, deliver.getByRole('radio', { name: '快递柜/驿站' }));
    await page.keyboard.press('Space');
    const code = deliver.getByLabel('取件码');
    await tabTo(page, code);
    await page.keyboard.type('8-2-3071');
    await expectNoSeriousA11yViolations(page);
    await tabTo(page, deliver.getByRole('button', { name: '确认签收' }));
    await page.keyboard.press('Enter');
    await deliver.waitFor({ state: 'hidden' });
    // Delivered parcels leave the "to deliver" tab.
    await card.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });
    // …and are under "已完成": the tabs are an ARIA tablist (arrow keys), the tab is in the address,
    // and Back returns to the tab before.
    await tabTo(page, page.getByRole('tab', { name: '待派送', selected: true }));
    await page.keyboard.press('ArrowRight');
    const doneTab = page.getByRole('tab', { name: '已完成', selected: true });
    await doneTab.waitFor();
    expect(await doneTab.evaluate((el) => el === document.activeElement), 'focus follows the arrow key').toBe(true);
    await card.waitFor({ timeout: LIVE_TIMEOUT });
    expect(new URL(page.url()).searchParams.get('tab')).toBe('done');
    await page.goBack();
    await page.getByRole('tab', { name: '待派送', selected: true }).waitFor();
    await card.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });

    const done = await gql(
      `query { myDeliveries(active: false, first: 50) { edges { node { waybillNo events { status receivedBy pickupCode } } } } }`,
      {},
      token,
    );
    const delivered = done.myDeliveries.edges.map((e: any) => e.node).find((n: any) => n.waybillNo === 'YX1000000005');
    expect(delivered.events.at(-1)).toEqual({ status: 'DELIVERED', receivedBy: 'LOCKER', pickupCode: '8-2-3071' });
  });

  it('the merchant’s board is live, says why a parcel is in exception and opens a parcel’s timeline', { timeout: 60_000 }, async () => {
    const merchant = await harness.newPage(DESK);
    await signInAs(merchant, 'merchant');
    const row = merchant.locator('tr[data-waybill="YX1000000006"]');
    await expectText(row, '运输中');
    await expectText(row, '杭州市西湖区文三路 200 号');
    await expectText(merchant.locator('tr[data-waybill="YX1000000004"]'), '异常原因：收件地址门牌号不清');
    await merchant.locator('[data-desk-connection="connected"]').waitFor(); // the board's subscription is on its socket

    const courier2 = await apiLogin(COURIER2);
    const parcel = await shipmentByWaybill(courier2, 'YX1000000006', 'version');
    await gql(
      'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }',
      { input: { shipmentId: parcel.id, status: 'OUT_FOR_DELIVERY', expectedVersion: parcel.version } },
      courier2,
    );
    await expectText(row, '派送中');

    await merchant.getByRole('button', { name: '查看 YX1000000006 的详情' }).click();
    const drawer = merchant.getByRole('dialog', { name: '包裹 YX1000000006' });
    await expectText(drawer.getByTestId('desk-timeline'), '派送中');
    await expectText(drawer.getByTestId('desk-timeline'), '运输中');
    await expectNoSeriousA11yViolations(merchant);
    await merchant.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // A search that finds nothing says so (not "no parcels waiting").
    await merchant.getByLabel('搜索').fill('没有这个买家');
    await expectText(merchant.locator('main'), '没有符合条件的订单');
  });

  it('notifications name the goods and the store; opening the list reads nothing, opening one reads it, 全部已读 reads all', { timeout: 60_000 }, async () => {
    // By now (the tests above) buyer 2 has unread news of YX1000000005 and YX1000000007.
    const buyer = await harness.newPage(PHONE);
    await signIn(buyer, BUYER2, '/m/orders', '我的订单');
    const unanswered = unansweredRequests(buyer);
    const nav = buyer.getByRole('navigation');
    const unread = async () => Number(/(\d+) 条未读/.exec((await nav.textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(unread, { timeout: LIVE_TIMEOUT }).toBeGreaterThanOrEqual(2);
    const before = await unread();

    // The tab bar works from the keyboard: the focused tab shows a ring, Space (and Enter) open it.
    const inbox = nav.getByRole('tab', { name: /消息/ });
    await tabTo(buyer, inbox);
    expect(await inbox.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await buyer.keyboard.press('Space');
    await buyer.waitForURL((url) => url.pathname === '/m/notifications');
    const rows = buyer.locator('main a');
    const outForDelivery = rows.filter({ hasText: '您的包裹 YX1000000007 正在派送' });
    await expectText(outForDelivery, '优选水果店 · 云南蓝莓 4 盒');
    expect(await outForDelivery.getAttribute('data-unread')).toBe('true');
    // The seeded history of the split order, read long ago.
    const history = rows.filter({ hasText: '您的包裹 YX1000000006 已派单' });
    await expectText(history, '优选水果店 · 四川丑橘 5 斤');
    expect(await history.getAttribute('data-unread')).toBe('false');
    // A list that marked everything read would have asked by now: every request it sent is answered.
    await expect.poll(unanswered).toBe(0);
    expect(await unread(), 'opening the list reads nothing').toBe(before);
    await expectNoSeriousA11yViolations(buyer);

    await outForDelivery.click();
    await expectHeading(buyer, '包裹详情');
    await expect.poll(unread, { timeout: LIVE_TIMEOUT }).toBe(before - 1);
    await buyer.goBack();
    await expectText(outForDelivery, '优选水果店');
    expect(await outForDelivery.getAttribute('data-unread')).toBe('false');
    expect(await rows.filter({ hasText: 'YX1000000005' }).first().getAttribute('data-unread')).toBe('true');

    await buyer.getByRole('button', { name: '全部已读' }).click();
    await expectText(buyer.getByRole('status'), '已全部标为已读');
    await expect.poll(unread, { timeout: LIVE_TIMEOUT }).toBe(0);
    expect(await buyer.locator('main a[data-unread="true"]').count()).toBe(0);
    const stored = await gql('{ myNotifications(first: 1) { unreadCount } }', {}, await apiLogin(BUYER2));
    expect(stored.myNotifications.unreadCount).toBe(0);

    await tabTo(buyer, nav.getByRole('tab', { name: '订单' }));
    await buyer.keyboard.press('Enter');
    await buyer.waitForURL((url) => url.pathname === '/m/orders');
  });
});
