/**
 * Issue 16 journey (售后) on a 390 px phone: the buyer 买家小周 files a short-shipment case with a
 * 15 MB phone photo (shrunk in the browser), reloads mid-form and finds the draft with its photos
 * (not uploaded again), files, finds the case under 我的售后 and on the order card, replies with a
 * photo, sees the agent's answer live, gets a decision whose notification states the amount,
 * disputes with a reason the agent sees first on the workbench, and is asked to confirm a
 * withdrawal. The agent otherwise acts through the API (another person's device).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiLogin, gql } from '../support/api.js';
import { saveScreenshot } from '../support/artifacts.js';
import { DESK, useBrowser } from '../support/browser.js';
import { expectHeading, loginAs } from '../support/login.js';

const harness = useBrowser();
const PHONE_390 = { width: 390, height: 844 } as const;
const LIVE = 10_000;

async function expectText(locator: Locator, text: string | RegExp, timeout = LIVE): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/**
 * A phone camera's photo: 4160×3120, about 15 MB (a textured tile, so JPEG cannot squeeze it),
 * written to a temporary file: the browser reads it from disk instead of 20 MB over the protocol.
 */
async function phonePhoto(): Promise<{ path: string; bytes: number }> {
  const tile = await sharp({ create: { width: 520, height: 390, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 120, sigma: 12 } } }).png().toBuffer();
  const buffer = await sharp({ create: { width: 4160, height: 3120, channels: 3, background: { r: 120, g: 140, b: 90 } } })
    .composite([{ input: tile, tile: true }])
    .jpeg({ quality: 96, chromaSubsampling: '4:4:4' })
    .toBuffer();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pd-photo-')), 'IMG_20261207_101500.jpg');
  writeFileSync(file, buffer);
  return { path: file, bytes: buffer.length };
}

async function smallPhoto(colour: string) {
  const buffer = await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } }).jpeg({ quality: 90 }).toBuffer();
  return { name: `${colour.slice(1)}.jpg`, mimeType: 'image/jpeg', buffer };
}

/** Chooses what the photo shows, picks it, and waits until it is uploaded. */
async function addPhoto(page: Page, scope: Locator, kind: string, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await scope.locator('label.kind', { hasText: kind }).click();
  const done = scope.getByText('已上传', { exact: true });
  const before = await done.count();
  await scope.getByLabel('添加照片').setInputFiles(file, { timeout: 30_000 });
  await done.nth(before).waitFor({ timeout: 30_000 });
}

describe('after-sales (售后)', () => {
  it('files with a 15 MB photo and a reload, follows the case, replies, disputes with a reason', { timeout: 120_000 }, async () => {
    const big = await phonePhoto();
    expect(big.bytes).toBeGreaterThan(14 * 1024 * 1024);
    const buyer = await harness.newPage(PHONE_390);
    let uploads = 0;
    buyer.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/uploads/evidence') uploads += 1;
    });
    await loginAs(buyer, 'buyer4');
    const card = buyer.locator('article', { hasText: 'YX1000000012' });
    await card.getByRole('link', { name: '少件投诉' }).click();
    await expectHeading(buyer, '少件投诉');
    // Sent empty, the form says what is missing and moves focus there.
    await buyer.getByRole('button', { name: '提交投诉' }).click();
    await expectText(buyer.locator('[role="alert"]'), '请选择缺少的商品');
    expect(await buyer.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^qty-/);

    await buyer.getByRole('button', { name: /多报一件/ }).click();
    await buyer.getByLabel('情况说明').fill('三盒草莓只收到两盒，外箱完好');
    const form = buyer.locator('form');
    await addPhoto(buyer, form, '快递面单', big.path);
    await addPhoto(buyer, form, '箱内物品', await smallPhoto('#aa3344'));
    expect(uploads).toBe(2);

    // A reload (or a camera app that made the phone drop the tab) brings the whole draft back.
    await buyer.reload();
    await expectText(buyer.locator('[role="status"]'), '已恢复上次未提交的草稿（含 2 张已上传的照片）');
    expect(await buyer.getByLabel('情况说明').inputValue()).toBe('三盒草莓只收到两盒，外箱完好');
    await expect.poll(() => buyer.getByText('已上传', { exact: true }).count()).toBe(2);
    await expectNoSeriousA11yViolations(buyer);
    await buyer.getByRole('button', { name: '提交投诉' }).click();
    await buyer.waitForURL((url) => /^\/m\/complaints\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(uploads, 'photos kept by the draft are not uploaded again').toBe(2);
    const caseId = new URL(buyer.url()).pathname.split('/').pop()!;
    await expectHeading(buyer, '投诉详情');
    await buyer.getByTestId('complaint-status').waitFor();
    const caseNo = /C\d{8}[0-9A-F]{6}/.exec(await buyer.locator('main').innerText())![0];

    // 我的售后 lists it; the order card says it is in progress.
    await buyer.getByRole('link', { name: '返回' }).click();
    await expectHeading(buyer, '我的售后');
    await expectText(buyer.locator('main a'), caseNo);
    await buyer.getByRole('link', { name: '返回' }).click();
    await expectHeading(buyer, '我的订单');
    await expectText(card, `售后中 ${caseNo}`);
    await card.getByRole('link', { name: new RegExp(`售后中 ${caseNo}`) }).click();
    await buyer.waitForURL((url) => url.pathname === `/m/complaints/${caseId}`);
    await buyer.locator('[data-live="on"]').waitFor({ timeout: LIVE });

    // A reply with a photo goes into the one thread.
    const composer = buyer.locator('form[aria-label="回复客服"]');
    await composer.locator('#case-reply').fill('补充：外箱侧面有胶带重封的痕迹');
    await addPhoto(buyer, composer, '外包装', await smallPhoto('#3355aa'));
    await composer.getByRole('button', { name: '发送' }).click();
    const thread = buyer.getByTestId('thread-entry');
    await expectText(thread, '胶带重封');
    expect(await thread.filter({ hasText: '胶带重封' }).locator('img').count()).toBe(1);

    // The agent answers and decides on another device: the page follows live.
    const agent = await apiLogin('13800000004');
    await gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "您好，已核实出库记录，正在处理" }) { id } }', { id: caseId }, agent);
    await expectText(thread, '已核实出库记录');
    await expectText(thread.filter({ hasText: '已核实出库记录' }), '客服 客服小张');
    await gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REFUND, refundCents: 5990 }) { id } }', { id: caseId }, agent);
    await expectText(buyer.getByTestId('complaint-status'), '已处理');
    await expectText(buyer.getByTestId('case-next-step'), '申请复核一次');

    await buyer.getByRole('tab', { name: /消息/ }).click();
    await expectText(buyer.locator('main'), '退款 ¥59.90，将原路退回您的支付账户');
    await buyer.goBack();
    await buyer.waitForURL((url) => url.pathname === `/m/complaints/${caseId}`);

    // Disputing asks for a reason first; the agent sees it on the case.
    await buyer.getByRole('button', { name: '不同意，申请复核' }).click();
    const dialog = buyer.getByRole('dialog', { name: '申请复核' });
    await dialog.getByRole('button', { name: '提交复核' }).click();
    await expectText(dialog.locator('[role="alert"]'), '请选择申请复核的原因');
    await dialog.locator('label.chip', { hasText: '退款金额不对' }).click();
    await dialog.getByLabel(/补充说明/).fill('少的一盒是 ¥59.90，运费也应退');
    await expectNoSeriousA11yViolations(buyer);
    await dialog.getByRole('button', { name: '提交复核' }).click();
    await expectText(buyer.getByTestId('complaint-status'), '处理中');
    const seen = await gql('query($id: ID!) { complaint(id: $id) { dispute { reason comment } } }', { id: caseId }, agent);
    expect(seen.complaint.dispute).toEqual({ reason: 'AMOUNT_TOO_LOW', comment: '少的一盒是 ¥59.90，运费也应退' });
    // The agent's workbench shows the reason first, above the case.
    const desk = await harness.newPage(DESK);
    await loginAs(desk, 'agent');
    await desk.goto(`/d/complaints/${caseId}`);
    const disputeCard = desk.getByTestId('workbench-dispute');
    await expectText(disputeCard, '退款金额不对');
    await expectText(disputeCard, '少的一盒是 ¥59.90，运费也应退');
    const [disputeTop, statusTop] = await Promise.all([disputeCard.boundingBox(), desk.getByTestId('workbench-status').boundingBox()]);
    expect(disputeTop!.y).toBeLessThan(statusTop!.y);
    await saveScreenshot(desk, 'workbench-dispute-reason-1280');

    // Withdrawing asks first and says it is final; cancelled, nothing changes.
    await buyer.getByRole('button', { name: '撤回投诉' }).click();
    const confirm = buyer.getByRole('dialog', { name: '撤回投诉？' });
    await expectText(confirm, '不能恢复');
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expectText(buyer.getByTestId('complaint-status'), '处理中');
    const overflow = await buyer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    rmSync(path.dirname(big.path), { recursive: true, force: true });
  });
});
