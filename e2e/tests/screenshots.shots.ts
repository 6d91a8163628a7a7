/**
 * README screenshots, written to docs/screenshots/: `pnpm --filter @parceldesk/e2e screenshots`
 * (after `pnpm build`). Not part of `pnpm test`: vitest.config.ts includes this file only when
 * SCREENSHOTS=1. Nothing here changes data (dialogs are opened and filled, never confirmed), so
 * every shot shows the demo data as seeded. Each shot is taken in zh-CN and in English.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, inject, it } from 'vitest';
import sharp from 'sharp';
import { apiLogin, gql } from '../support/api.js';
import { DESK, PHONE, useBrowser, type Viewport } from '../support/browser.js';
import { loginAs, type DemoRole } from '../support/login.js';

const OUT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');
const harness = useBrowser();
const LOCALES = [
  { code: 'zh-CN', suffix: '' },
  { code: 'en', suffix: '-en' },
] as const;
type Lang = (typeof LOCALES)[number];

async function shoot(page: Page, name: string, lang: Lang): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  // Let fonts and lazy chunks settle so the picture is the finished page.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // dialog and drawer transitions
  await page.screenshot({ path: path.join(OUT_DIR, `${name}${lang.suffix}.png`), animations: 'disabled', caret: 'hide' });
}

/** Signs in (the login helper speaks Chinese), then switches the app's language as a user would keep it. */
async function signedIn(role: DemoRole, viewport: Viewport, lang: Lang, timezoneId?: string): Promise<Page> {
  const page = await harness.newPage(viewport, { timezoneId });
  await loginAs(page, role);
  if (lang.code === 'en') {
    await page.evaluate(() => localStorage.setItem('parceldesk.locale', 'en'));
    await page.reload();
    await page.locator('html[lang="en"]').waitFor();
  }
  return page;
}

describe.each(LOCALES)('README screenshots ($code)', (lang) => {
  it.each([
    { name: 'login-360', viewport: PHONE },
    { name: 'login-1280', viewport: DESK },
  ])('$name', async ({ name, viewport }) => {
    const page = await harness.newPage(viewport);
    await page.addInitScript((code) => localStorage.setItem('parceldesk.locale', code), lang.code);
    await page.goto('/login');
    await page.locator('form button[type="submit"]').waitFor();
    await shoot(page, name, lang);
  });

  it('buyer orders and parcel page', async () => {
    const page = await signedIn('buyer', PHONE, lang);
    await page.locator('a', { hasText: 'YX1000000002' }).first().waitFor();
    await shoot(page, 'buyer-orders-360', lang);
    await page.locator('a', { hasText: 'YX1000000002' }).first().click();
    await page.getByTestId('timeline').waitFor();
    await page.getByTestId('courier-contact').getByRole('link').waitFor();
    await shoot(page, 'buyer-parcel-360', lang);
    // The seeded history, each naming its store and goods (opening the list reads nothing).
    await page.getByRole('navigation').getByRole('tab', { name: /消息|Inbox|Notifications/ }).click();
    await page.locator('main a', { hasText: 'YX1000000004' }).first().waitFor();
    await shoot(page, 'buyer-notifications-360', lang);
  });

  it('courier deliveries, the pickup weight and the delivery receipt', async () => {
    const page = await signedIn('courier', PHONE, lang);
    const pickup = page.locator('article[data-waybill="YX1000000005"]');
    await pickup.waitFor();
    await shoot(page, 'courier-deliveries-360', lang);
    await pickup.locator('.van-button--primary').click();
    await page.locator('input[name="weight"]').fill('5.15');
    await page.getByTestId('weight-preview').filter({ hasText: '5150' }).waitFor();
    await shoot(page, 'courier-scan-360', lang);
    await page.locator('.van-dialog__cancel').click();
    await page.locator('.van-dialog').waitFor({ state: 'hidden' });

    const deliver = page.locator('article[data-waybill="YX1000000002"]');
    await deliver.scrollIntoViewIfNeeded();
    await deliver.locator('.van-button--primary').click();
    await page.locator('.van-dialog [role="radio"]').nth(2).click();
    await page.locator('input[name="pickupCode"]').fill('8-2-3071');
    await shoot(page, 'courier-deliver-360', lang);
  });

  it('merchant dispatch board, form and parcel detail', async () => {
    const page = await signedIn('merchant', DESK, lang);
    await page.locator('tr[data-waybill="YX1000000003"]').waitFor();
    await shoot(page, 'merchant-dispatch-1280', lang);
    await page.locator('tr[data-waybill="YX1000000004"] td:last-child button').click();
    const drawer = page.getByRole('dialog');
    await drawer.locator('#dispatch-address').waitFor();
    await drawer.locator('.n-select').first().click();
    await page.locator('.n-base-select-option').first().waitFor();
    await shoot(page, 'merchant-dispatch-form-1280', lang);
    await page.keyboard.press('Escape');
    // Sent without a pickup time: the field's error, announced (the form refuses it before sending).
    await drawer.locator('button[type="submit"]').click();
    await drawer.locator('#dispatch-pickup-at[aria-invalid="true"]').waitFor();
    await drawer.locator('#dispatch-pickup-at').fill('11-28 10:00');
    await drawer.locator('#dispatch-pickup-at').press('Enter');
    await drawer.locator('#dispatch-note').fill(lang.code === 'en' ? 'Call before coming' : '到了先打电话');
    await drawer.locator('#dispatch-address').fill('');
    await drawer.locator('button[type="submit"]').click();
    await drawer.locator('#dispatch-address[aria-invalid="true"]').waitFor();
    await shoot(page, 'merchant-dispatch-form-errors-1280', lang);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.locator('tr[data-waybill="YX1000000004"] td:first-child button').click();
    await page.getByTestId('desk-timeline').waitFor();
    await shoot(page, 'merchant-parcel-1280', lang);
  });

  it('merchant board on a desk in Berlin: Beijing times, named', async () => {
    const page = await signedIn('merchant', DESK, lang, 'Europe/Berlin');
    await page.locator('tr[data-waybill="YX1000000004"]').waitFor();
    await shoot(page, 'merchant-dispatch-berlin-1280', lang);
  });

  it('agent queue', async () => {
    const page = await signedIn('agent', DESK, lang);
    await shoot(page, 'agent-queue-1280', lang);
  });
});

// The chat shots find their way by the demo conversation's Chinese texts, so they are taken in zh-CN.
const ZH = LOCALES[0];
describe('README screenshots, chat (zh-CN)', () => {
  it('buyer and courier chat threads (demo conversation)', async () => {
    const buyer = await signedIn('buyer', PHONE, ZH);
    await buyer.getByRole('navigation').getByText('会话').click();
    await buyer.getByRole('link', { name: /派件员老李/ }).waitFor();
    await shoot(buyer, 'buyer-threads-360', ZH);
    await buyer.getByRole('link', { name: /派件员老李/ }).click();
    await buyer.getByTestId('thread-heading').waitFor();
    await buyer.getByTestId('messages').getByText('有人的，到了直接敲门就行').waitFor();
    await buyer.locator('[data-connection="connected"]').waitFor();
    await shoot(buyer, 'buyer-thread-360', ZH);
    const courier = await signedIn('courier', PHONE, ZH);
    await courier.getByRole('navigation').getByText('会话').click();
    await courier.getByRole('link', { name: /买家小王/ }).click();
    await courier.getByTestId('thread-heading').waitFor();
    await courier.getByRole('button', { name: '已到楼下' }).waitFor();
    await courier.locator('[data-connection="connected"]').waitFor();
    await shoot(courier, 'courier-thread-360', ZH);
  });

  it('agent support desk', async () => {
    const page = await signedIn('agent', DESK, ZH);
    await page.getByRole('link', { name: '客服会话' }).click();
    await page.getByTestId('support-queue').getByRole('link', { name: /买家小王/ }).click();
    await page.getByText('葡萄买了两盒只收到一盒，怎么处理？').last().waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
    await shoot(page, 'agent-support-1280', ZH);
  });
});

/**
 * 售后 (issue 16): 买家小周's own order gets one case through the API first (a photo, a reply each
 * way, a refund awaiting her answer), then the pages are shot in both languages. The other shots
 * never look at her order, so they still show the demo data as seeded.
 */
describe('README screenshots, after-sales', () => {
  let caseId = '';

  async function uploadPhoto(token: string, kind: string): Promise<string> {
    const colours: Record<string, string> = { WAYBILL_LABEL: '#d9c7a0', CONTENTS: '#b8394a', PACKAGE_EXTERIOR: '#a07850' };
    const png = await sharp({ create: { width: 480, height: 360, channels: 3, background: colours[kind] ?? '#888888' } }).png().toBuffer();
    const body = new FormData();
    body.append('file', new Blob([png], { type: 'image/png' }), `${kind}.png`);
    const response = await fetch(`${inject('baseUrl')}/uploads/evidence?kind=${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      body,
    });
    const answer = (await response.json()) as { evidence: { id: string }[] };
    return answer.evidence[0]!.id;
  }

  beforeAll(async () => {
    const buyer = await apiLogin('13800000009');
    const agent = await apiLogin('13800000004');
    const orders = await gql('{ myOrders(first: 10) { edges { node { id lines { id } shipments { waybillNo } } } } }', {}, buyer);
    const order = orders.myOrders.edges.map((e: any) => e.node).find((o: any) => o.shipments.some((s: any) => s.waybillNo === 'YX1000000012'));
    const photos = [await uploadPhoto(buyer, 'WAYBILL_LABEL'), await uploadPhoto(buyer, 'CONTENTS')];
    const filed = await gql(
      'mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { complaint { id } } }',
      { input: { orderId: order.id, missingItems: [{ orderLineId: order.lines[0].id, quantityMissing: 1 }], description: '三盒草莓只收到两盒，外箱完好', evidenceIds: photos, idempotencyKey: 'shots-after-sales-1' } },
      buyer,
    );
    caseId = filed.fileComplaint.complaint.id;
    await gql('mutation($id: ID!) { assignComplaint(id: $id) { id } }', { id: caseId }, agent);
    await gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "您好，请问外箱是否有拆封痕迹？" }) { id } }', { id: caseId }, agent);
    const extra = await uploadPhoto(buyer, 'PACKAGE_EXTERIOR');
    await gql('mutation($id: ID!, $input: CaseReplyInput!) { replyToComplaint(id: $id, input: $input) { id } }', { id: caseId, input: { body: '外箱侧面有胶带重封的痕迹，见照片', evidenceIds: [extra] } }, buyer);
    await gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REFUND, refundCents: 5990 }) { id } }', { id: caseId }, agent);
  });

  it.each(LOCALES)('my cases, the case page and the dispute dialog ($code)', async (lang) => {
    const page = await signedIn('buyer4', PHONE, lang);
    await page.goto('/m/cases');
    await page.locator('main a[href^="/m/complaints/"]').first().waitFor();
    await shoot(page, 'buyer-cases-360', lang);
    await page.goto(`/m/complaints/${caseId}`);
    await page.getByTestId('case-next-step').waitFor();
    await page.locator('[data-live="on"]').waitFor();
    await shoot(page, 'buyer-case-360', lang);
    await page.getByTestId('dispute-open').click();
    await page.locator('.van-dialog label.chip').nth(1).click();
    await page.locator('#dispute-comment').fill(lang.code === 'en' ? 'The missing box cost ¥59.90, plus shipping' : '少的一盒是 ¥59.90，运费也应退');
    await shoot(page, 'buyer-case-dispute-360', lang);
  });

  it.each(LOCALES)('a restored draft of the complaint form ($code)', async (lang) => {
    const page = await signedIn('buyer4', PHONE, lang);
    const card = page.locator('article', { hasText: 'YX1000000012' });
    await card.locator('a.report').click();
    await page.locator('#complaint-description').fill(lang.code === 'en' ? 'One more box is missing' : '又少了一盒');
    await page.reload();
    await page.locator('[role="status"]').first().waitFor();
    await shoot(page, 'buyer-complaint-draft-360', lang);
  });
});
