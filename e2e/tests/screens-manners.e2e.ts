/**
 * Issue 10 journeys, the pages' manners: Back behaves as on a phone (it closes what is open, keeps
 * what was half typed), a missing parcel and an offline tab say what to do, the desk works from the
 * keyboard alone with named controls and announced errors, and times are Beijing times, named as
 * such abroad, until the viewer chooses a zone. Changes only YX1000000004 (the desk's re-dispatch).
 */
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiLogin, gql, shipmentByWaybill } from '../support/api.js';
import { DESK, PHONE, useBrowser } from '../support/browser.js';
import { tabTo } from '../support/keyboard.js';
import { expectText } from '../support/live.js';
import { DEMO_PASSWORD, expectHeading, submitLogin } from '../support/login.js';
import { signIn, signInAs } from '../support/sign-in.js';

const harness = useBrowser();
const BUYER2 = '13800000005';
const COURIER2 = '13800000006'; // 派件员小赵

describe('shipment screens, Back, drafts and time zones (issue 10)', () => {
  it('phone pages go back like phones do; a parcel that does not exist and an offline tab say what to do', { timeout: 60_000 }, async () => {
    const buyer = await harness.newPage(PHONE);
    await signIn(buyer, BUYER2, '/m/orders', '我的订单');
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

  it('the desk from the keyboard, in Berlin: named controls, typed Beijing times, announced errors, drafts through Back, reload and an expired session, filters in the address', { timeout: 120_000 }, async () => {
    const merchant = await harness.newPage(DESK, { timezoneId: 'Europe/Berlin' });
    await signInAs(merchant, 'merchant');

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
    await signInAs(page, 'courier');
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

  it('a phone abroad shows Beijing times named, and its settings page chooses the zone (kept through a reload)', { timeout: 60_000 }, async () => {
    const page = await harness.newPage(PHONE, { timezoneId: 'Europe/Berlin' });
    await signInAs(page, 'courier');
    const pickup = page.locator('article[data-waybill] time').first();
    await pickup.waitFor();
    const at = new Date((await pickup.getAttribute('datetime')) ?? '');
    const hhmm = (zone: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    await expectText(pickup, `${hhmm('Asia/Shanghai')} 北京时间`);

    await page.getByRole('link', { name: '设置' }).click();
    await page.waitForURL((url) => url.pathname === '/m/settings');
    await expectHeading(page, '设置');
    await expectNoSeriousA11yViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const zone = page.getByLabel('时区');
    expect(await zone.inputValue()).toBe('Asia/Shanghai');
    await zone.selectOption('Europe/Berlin');

    await page.getByRole('link', { name: '返回' }).click();
    await page.waitForURL((url) => url.pathname === '/m/deliveries');
    await expectText(pickup, hhmm('Europe/Berlin'));
    expect(await pickup.innerText()).not.toContain('北京时间');
    await page.reload();
    await expectText(pickup, hhmm('Europe/Berlin'));
    expect(await pickup.innerText()).not.toContain('北京时间');
  });
});
