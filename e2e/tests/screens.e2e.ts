/**
 * Issue 10 journeys: pages that say they are live show current data on every visit; the pickup
 * weight is typed in kg and stored in grams; a dispatch note stays with the courier; a courier's
 * open list follows dispatch and withdrawal; the courier's scans work from the keyboard alone.
 * Only the second buyer's parcels YX1000000005-07 are changed, so shipments.e2e.ts (first buyer)
 * and security-headers.e2e.ts (YX1000000008) run alongside undisturbed.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiLogin, gql, shipmentByWaybill } from '../support/api.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, expectHeading, loginAs, submitLogin } from '../support/login.js';

const harness = useBrowser();
const LIVE_TIMEOUT = 10_000;
const BUYER2 = '13800000005';
const COURIER = '13800000002'; // 派件员老李
const COURIER2 = '13800000006'; // 派件员小赵

async function expectText(locator: Locator, text: string, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

async function loginPhone(page: Page, phone: string, landing: string, heading: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, phone, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === landing);
  await expectHeading(page, heading);
}

/** Presses Tab (only the keyboard) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor();
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press('Tab');
    visited.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).slice(0, 2).join('.')}` : 'none';
    }));
  }
  throw new Error(`Tab never reached ${target}; focus went: ${[...new Set(visited)].join(' → ')}`);
}

const markWindow = (page: Page) => page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
const windowMarked = (page: Page) => page.evaluate(() => (window as unknown as { marker?: string }).marker);

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

describe('shipment screens (issue 10)', () => {
  it('a parcel page reopened after changes made while it was closed shows them', { timeout: 60_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await loginPhone(buyer, BUYER2, '/m/orders', '我的订单');
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
    await loginPhone(zhao, COURIER2, '/m/deliveries', '我的派件');
    await zhao.locator('[data-live="on"]').waitFor({ timeout: LIVE_TIMEOUT });
    const zhaoCard = zhao.locator('article[data-waybill="YX1000000005"]');
    expect(await zhaoCard.count()).toBe(0);

    // The merchant re-dispatches 老李's parcel to 小赵, by keyboard alone. (YX1000000008 is left
    // undispatched for security-headers.e2e.ts, which runs alongside.)
    const merchant = await harness.newPage(DESK);
    await loginAs(merchant, 'merchant');
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
    await loginPhone(buyer, BUYER2, '/m/orders', '我的订单');
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
    await loginAs(page, 'courier');
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
    await loginAs(merchant, 'merchant');
    const row = merchant.locator('tr[data-waybill="YX1000000006"]');
    await expectText(row, '运输中');
    await expectText(row, '杭州市西湖区文三路 200 号');
    await expectText(merchant.locator('tr[data-waybill="YX1000000004"]'), '异常原因：收件地址门牌号不清');
    await merchant.waitForTimeout(500); // the board's subscription is registered

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

  it('phone pages go back like phones do; a parcel that does not exist and an offline tab say what to do', { timeout: 60_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await loginPhone(buyer, BUYER2, '/m/orders', '我的订单');
    await buyer.getByRole('link', { name: /YX1000000006/ }).click();
    await expectHeading(buyer, '包裹详情');
    const back = buyer.getByRole('link', { name: '返回' });
    const box = await back.boundingBox();
    expect(box!.height, 'a phone target is at least 44 px high').toBeGreaterThanOrEqual(44);
    await back.click();
    await buyer.waitForURL((url) => url.pathname === '/m/orders');

    await buyer.goto('/m/shipments/00000000-0000-4000-8000-000000000000');
    const alert = buyer.getByRole('alert');
    await alert.getByRole('link', { name: '回到首页' }).waitFor();
    expect(await alert.getByRole('button', { name: '重试' }).count(), 'retrying cannot find it').toBe(0);
    await expectNoSeriousA11yViolations(buyer);
    await back.click(); // no history inside the app: Back goes to the landing page
    await buyer.waitForURL((url) => url.pathname === '/m/orders');

    await buyer.context().setOffline(true);
    await buyer.getByRole('navigation').getByText(/^消息/).click();
    await expectText(buyer.getByRole('alert'), '网络不可用，页面没能打开');
    expect(new URL(buyer.url()).pathname).toBe('/m/orders');
    await buyer.context().setOffline(false);
    await buyer.getByRole('navigation').getByText(/^消息/).click();
    await buyer.waitForURL((url) => url.pathname === '/m/notifications');
    expect(await buyer.getByRole('alert').count()).toBe(0);
  });
  it('notifications name the goods and the store; opening the list reads nothing, opening one reads it, 全部已读 reads all', { timeout: 60_000 }, async () => {
    // By now (the tests above) buyer 2 has unread news of YX1000000005 and YX1000000007.
    const buyer = await harness.newPage(PHONE);
    await loginPhone(buyer, BUYER2, '/m/orders', '我的订单');
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
    await buyer.waitForTimeout(500); // a list that marked everything read would have done it by now
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
  it('the desk from the keyboard, in Berlin: named controls, typed Beijing times, announced errors, drafts through Back, reload and an expired session, filters in the address', { timeout: 120_000 }, async () => {
    const merchant = await harness.newPage(DESK, { timezoneId: 'Europe/Berlin' });
    await loginAs(merchant, 'merchant');

    // The status filter is a named combobox; nothing on the page reads "loading".
    const statusFilter = merchant.getByRole('combobox', { name: '包裹状态' });
    await tabTo(merchant, statusFilter);
    await merchant.keyboard.press('Enter');
    await merchant.locator('.n-base-select-option', { hasText: '异常' }).click();
    await merchant.waitForURL((url) => url.searchParams.get('status') === 'EXCEPTION');
    const row = merchant.locator('tr[data-waybill="YX1000000004"]');
    await row.waitFor();
    await expect.poll(() => merchant.locator('tbody tr').count()).toBe(1);
    expect(await merchant.getByRole('img', { name: 'loading' }).count()).toBe(0);
    // Times are Beijing times, named as such on a Berlin browser.
    await expectText(row, '北京时间');
    // The filter survives a reload: it is in the address.
    await merchant.reload();
    await row.waitFor();
    expect(await merchant.locator('tbody tr').count()).toBe(1);

    // A primary button shows where the keyboard is.
    const redispatch = merchant.getByRole('button', { name: '重新派单 YX1000000004', exact: true });
    await tabTo(merchant, redispatch);
    const ring = await redispatch.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
    expect(ring).toBe('solid 2px');
    await merchant.keyboard.press('Enter');
    const drawer = merchant.getByRole('dialog', { name: '重新派单 YX1000000004' });
    await drawer.waitFor();
    expect(new URL(merchant.url()).searchParams.get('dispatch')).toBeTruthy();
    // Its close button speaks Chinese.
    await drawer.getByRole('button', { name: '关闭', exact: true }).waitFor();
    expect(await drawer.getByRole('button', { name: 'close' }).count()).toBe(0);

    // Sent without a pickup time: the field is invalid, described by its message, announced, focused.
    await tabTo(merchant, drawer.getByRole('button', { name: '确认派单' }));
    await merchant.keyboard.press('Enter');
    const pickup = drawer.getByLabel('取件时间', { exact: true });
    await expect.poll(() => pickup.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await pickup.getAttribute('aria-describedby'))!;
    expect(await merchant.locator(`[id="${describedBy}"]`).innerText()).toBe('请选择取件时间');
    await expectText(drawer.getByTestId('form-announcement'), '有 1 处需要修改：请选择取件时间');
    expect(await drawer.getByTestId('form-announcement').getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => pickup.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoSeriousA11yViolations(merchant);

    // 此刻 (Now) on a Berlin desk showing Beijing time is the present: not refused as past.
    await drawer.locator('.n-date-picker').click();
    await merchant.getByRole('button', { name: '此刻', exact: true }).click();
    const todayBeijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date());
    await expectText(drawer.getByTestId('pickup-hint'), todayBeijing);
    await drawer.getByLabel('取件地址').fill('');
    await drawer.getByRole('button', { name: '确认派单' }).click();
    await expectText(drawer.getByTestId('form-announcement'), '有 1 处需要修改：请填写取件地址');
    expect(await pickup.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => drawer.getByLabel('取件地址').evaluate((el) => el === document.activeElement)).toBe(true);

    // Typed as people type: unreadable is said; full-width digits and a date without a year are read in Beijing time.
    await pickup.fill('');
    await pickup.focus();
    await merchant.keyboard.type('明天十点');
    await merchant.keyboard.press('Enter');
    await expectText(drawer, '看不懂这个时间');
    const day = new Date(Date.now() + 24 * 3_600_000);
    const [yyyy, mm, dd] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(day).split('-');
    const fullWidth = (text: string) => text.replace(/[0-9:-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
    await pickup.fill('');
    await pickup.focus();
    await merchant.keyboard.type(fullWidth(`${mm}-${dd} 10:00`));
    await merchant.keyboard.press('Enter');
    await expectText(drawer.getByTestId('pickup-hint'), `10:00 北京时间`);
    await expect.poll(() => pickup.getAttribute('aria-invalid')).toBe(null);
    await tabTo(merchant, drawer.getByLabel('取件地址'));
    await merchant.keyboard.press('ControlOrMeta+A');
    await merchant.keyboard.type('上海市浦东新区张江路 88 号 优选水果店仓库');
    await tabTo(merchant, drawer.getByLabel('备注（选填）'));
    await merchant.keyboard.type('门牌已和买家确认：1 单元 801');

    // Back closes the drawer, not the board; the half-typed form is kept.
    await merchant.goBack();
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(merchant.url()).pathname).toBe('/d/dispatch');
    expect(new URL(merchant.url()).searchParams.get('status')).toBe('EXCEPTION');
    await redispatch.click();
    await expectText(drawer, '已恢复上次未提交的内容');
    expect(await drawer.getByLabel('备注（选填）').inputValue()).toBe('门牌已和买家确认：1 单元 801');
    // …and so does a reload, with the drawer open again.
    await merchant.reload();
    await drawer.waitFor();
    expect(await drawer.getByLabel('备注（选填）').inputValue()).toBe('门牌已和买家确认：1 单元 801');
    await expectText(drawer.getByTestId('pickup-hint'), `10:00 北京时间`);

    // The session ends meanwhile (signed out elsewhere): the form survives the sign-in.
    const token = (await merchant.context().cookies()).find((c) => c.name === 'pd_session')!.value;
    await gql('mutation { logout }', {}, token);
    // The live socket usually hears of it first (closed 4403); otherwise sending finds out.
    await merchant.waitForURL((url) => url.pathname === '/login', { timeout: 3_000 }).catch(() => drawer.getByRole('button', { name: '确认派单' }).click());
    await merchant.waitForURL((url) => url.pathname === '/login');
    await expectText(merchant.getByRole('status'), '会话已过期，请重新登录');
    await submitLogin(merchant, '13800000003', DEMO_PASSWORD);
    await merchant.waitForURL((url) => url.pathname === '/d/dispatch' && url.searchParams.has('dispatch'));
    await drawer.waitFor();
    expect(await drawer.getByLabel('备注（选填）').inputValue()).toBe('门牌已和买家确认：1 单元 801');
    await drawer.getByRole('button', { name: '确认派单' }).click();
    await expectText(merchant.getByRole('status'), '已派单：YX1000000004');
    await drawer.waitFor({ state: 'hidden' });

    // Stored as 10:00 Beijing time; shown so on the Berlin desk, and as 03:00 once the desk chooses Berlin.
    const stored = await shipmentByWaybill(await apiLogin(COURIER2), 'YX1000000004', 'dispatch { pickupAt note }');
    expect(Date.parse(stored.dispatch.pickupAt)).toBe(Date.parse(`${yyyy}-${mm}-${dd}T10:00:00+08:00`));
    expect(stored.dispatch.note).toBe('门牌已和买家确认：1 单元 801');
    await expectText(row, '10:00 北京时间');
    await merchant.getByLabel('时区').selectOption('Europe/Berlin');
    await expectText(row, '03:00');
    expect(await row.innerText()).not.toContain('北京时间');
  });
  it('Back closes the courier’s open dialog, not the list; a half-typed exception note survives Back and reload', { timeout: 60_000 }, async () => {
    const page = await harness.newPage(PHONE);
    await loginAs(page, 'courier');
    const card = page.locator('article[data-waybill="YX1000000002"]');
    const report = card.getByRole('button', { name: '报告异常' });
    await report.click();
    const dialog = page.getByRole('dialog', { name: /报告异常/ });
    const note = dialog.locator('textarea');
    await note.waitFor();
    await note.fill('敲门无人应答，电话');

    await page.goBack();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname, 'Back stayed on the list').toBe('/m/deliveries');
    await expectHeading(page, '我的派件');

    await report.click();
    await note.waitFor();
    expect(await note.inputValue()).toBe('敲门无人应答，电话');
    await page.goBack();
    await dialog.waitFor({ state: 'hidden' });

    await page.reload();
    await report.click();
    await note.waitFor();
    expect(await note.inputValue()).toBe('敲门无人应答，电话');
    // Cancel closes it too, and takes its step out of the history: Back then leaves nothing open.
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => new URL(page.url()).searchParams.get('dialog')).toBeNull();
  });
});
