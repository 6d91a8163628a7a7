/**
 * Issue 17 journey, on a 1440×900 desk: 客服小李 works a routine short-shipment case from the
 * queue to a decided refund by keyboard alone with a canned reply (counting every key press and
 * click), while 客服小张, in another browser, sees 小李 on the case live and sees it clear; "submit
 * and next" opens 小李's next case by SLA. Seeded through the API: 买家小刘 files two cases, both
 * assigned to 小李 (the other journeys' agent is 小张, so 小李's view holds only these two). Then
 * a support conversation of 小刘's: acknowledged, assigned, closed, reopened by the buyer's phone.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, inject } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiLogin, gql } from '../support/api.js';
import { PHONE, useBrowser } from '../support/browser.js';
import { DEMO_PASSWORD, submitLogin } from '../support/login.js';

const harness = useBrowser();
const WIDE = { width: 1440, height: 900 } as const;
const LIVE = 10_000;
const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

async function jpeg(page: Page, colour: string): Promise<Buffer> {
  const dataUrl = await page.evaluate((fill) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    const context = canvas.getContext('2d')!;
    context.fillStyle = fill;
    context.fillRect(0, 0, 320, 240);
    return canvas.toDataURL('image/jpeg', 0.9);
  }, colour);
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

async function uploadPhoto(token: string, kind: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(`${inject('baseUrl')}/uploads/evidence?kind=${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const body = (await response.json()) as { evidence: { id: string }[] };
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(body)}`);
  return body.evidence[0]!.id;
}

/** 买家小刘 files a case on each delivered order (one box of two missing), photos complete. */
async function seedCases(page: Page): Promise<{ id: string; caseNo: string }[]> {
  const buyer = await apiLogin('13800000007');
  const { myOrders } = await gql(`{ myOrders(first: 10) { edges { node { id orderNo lines { id } } } } }`, {}, buyer);
  const orders = myOrders.edges.map((e: any) => e.node).sort((a: any, b: any) => a.orderNo.localeCompare(b.orderNo));
  const cases = [];
  for (const [i, order] of orders.entries()) {
    const photos = [await uploadPhoto(buyer, 'WAYBILL_LABEL', await jpeg(page, i ? '#335577' : '#775533')), await uploadPhoto(buyer, 'CONTENTS', await jpeg(page, i ? '#557733' : '#337755'))];
    const filed = await gql(
      `mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { complaint { id caseNo } } }`,
      { input: { orderId: order.id, missingItems: [{ orderLineId: order.lines[0].id, quantityMissing: 1 }], description: '两箱只收到一箱', evidenceIds: photos, idempotencyKey: `workspace-e2e-${i}-${Date.now()}` } },
      buyer,
    );
    cases.push(filed.fileComplaint.complaint);
  }
  const agent2 = await apiLogin('13800000008');
  const { deskAgents } = await gql('{ deskAgents { id displayName } }', {}, agent2);
  const li = deskAgents.find((a: any) => a.displayName === '客服小李').id;
  const assigned = await gql('mutation($input: BulkAssignInput!) { bulkAssignComplaints(input: $input) { ok } }', { input: { ids: cases.map((c) => c.id), assigneeId: li } }, agent2);
  expect(assigned.bulkAssignComplaints.every((r: any) => r.ok)).toBe(true);
  return cases;
}

async function deskLogin(page: Page, phone: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, phone, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/d/queue');
}

describe('agent workspace', () => {
  it('works a routine case by keyboard with a canned reply, sees presence live, and goes to the next case', { timeout: 150_000 }, async () => {
    const li = await harness.newPage(WIDE);
    await deskLogin(li, '13800000008');
    const [first, second] = await seedCases(li);

    // 小李's own view: both cases, the earlier SLA first, the first row current.
    await li.getByTestId('view-MINE').click();
    const rows = li.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: LIVE }).toBe(2);
    await expect.poll(() => li.locator('tr.current').getAttribute('data-case')).toBe(first!.caseNo);
    await li.getByTestId('view-MINE').filter({ hasText: '2' }).waitFor();
    await expectNoSeriousA11yViolations(li);

    // 小张 opens the same case in another browser.
    const zhang = await harness.newPage(WIDE);
    await deskLogin(zhang, '13800000004');
    await zhang.goto(`/d/complaints/${first!.id}`);
    const presence = zhang.getByTestId('presence');

    // From here every key press and click counts.
    let presses = 0;
    const press = async (key: string) => {
      presses++;
      await li.keyboard.press(key);
    };
    // The view tab keeps the focus after its click; a shortcut on a control would be the control's.
    await li.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await press('Enter'); // open the current row
    await li.waitForURL((url) => url.pathname === `/d/complaints/${first!.id}`);
    await li.getByTestId('customer-context').getByText('买家小刘').first().waitFor();
    await presence.filter({ hasText: '客服小李正在查看' }).waitFor({ timeout: LIVE });
    await li.getByTestId('presence').filter({ hasText: '客服小张正在查看' }).waitFor({ timeout: LIVE });

    // Everything the decision needs is on the screen, without scrolling.
    expect(await li.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    for (const id of ['weight-verdict', 'suggested-refund', 'context-weight', 'decide-next']) {
      const box = await li.getByTestId(id).first().boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.y + box!.height, `${id} below the fold`).toBeLessThanOrEqual(WIDE.height);
    }
    await expectNoSeriousA11yViolations(li);

    await press('/'); // the reply box with the canned replies
    const picker = li.getByTestId('macro-picker');
    await picker.getByRole('option').first().filter({ hasText: '少件退款' }).waitFor();
    // Typing shows 正在回复 to 小张 (the picker's filter is typing too).
    await press('Enter'); // 少件退款: its text with this case's values, and the refund proposed
    await expect.poll(() => li.locator('#note-text').inputValue()).toContain('买家小刘您好，投诉单 ' + first!.caseNo);
    expect(await li.locator('#refund-yuan').inputValue()).toBe('49.90');
    await expect.poll(() => li.evaluate(() => document.activeElement?.id)).toBe('decide-next');
    await press('Enter'); // submit and next

    await li.waitForURL((url) => url.pathname === `/d/complaints/${second!.id}`, { timeout: LIVE });
    expect(presses, 'key presses and clicks from the queue to a decided refund').toBeLessThanOrEqual(4);
    // 小李 left the first case: 小张's page clears, and shows the decision and the reply.
    await presence.filter({ hasText: '客服小李' }).waitFor({ state: 'detached', timeout: LIVE });
    await zhang.getByTestId('workbench-status').filter({ hasText: '已处理' }).waitFor({ timeout: LIVE });
    await zhang.getByText('买家小刘您好，投诉单').first().waitFor();
    expect(await li.evaluate(() => document.activeElement === document.body)).toBe(false);

    // Meanwhile 小刘 writes to support from the phone: the first message is answered at once with
    // the expected wait (the phone is signed in by the cookie the login mutation sets).
    const buyerPhone = (async () => {
      const buyer = await apiLogin('13800000007');
      const { openThread } = await gql('mutation { openThread(input: { kind: SUPPORT }) { id } }', {}, buyer);
      const write = { input: { threadId: openThread.id, clientMessageId: `workspace-e2e-${Date.now()}`, body: '退款什么时候到账？' } };
      await gql('mutation($input: SendMessageInput!) { sendMessage(input: $input) { seq } }', write, buyer);
      const page = await harness.newPage(PHONE);
      const login = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
      await page.request.post('/graphql', { data: { query: login, variables: { input: { phone: '13800000007', password: DEMO_PASSWORD } } } });
      await page.goto(`/m/chat/${openThread.id}`);
      await page.getByTestId('messages').getByText('已收到您的消息，客服预计约').first().waitFor({ timeout: LIVE });
      await page.locator('[data-connection="connected"]').waitFor({ timeout: LIVE });
      return { phone: page, threadId: openThread.id as string };
    })();

    // The header's search: a whole phone finds 小刘's cases; a part of it finds no one.
    const search = zhang.getByTestId('desk-search');
    await search.fill('1380000000');
    await zhang.getByRole('status').filter({ hasText: '没有找到' }).waitFor();
    await search.fill('13800000007');
    await zhang.getByRole('option').filter({ hasText: second!.caseNo }).waitFor();
    expect(await zhang.getByRole('listbox').innerText()).not.toContain('13800000007');
    await search.press('Escape');

    // Support conversations (opened at the search above): 小张 assigns 小刘's conversation to
    // himself and closes it; 小刘's phone says so live, and 小刘's next message there reopens it,
    // acknowledged again, on 小张's desk.
    const { phone, threadId } = await buyerPhone;
    // In the app (no page load): the header's 客服会话, then 小刘's row of the queue.
    await zhang.getByRole('link', { name: '客服会话', exact: true }).click();
    await zhang.locator(`[data-testid="support-queue"] [data-thread="${threadId}"]`).click();
    const actions = zhang.getByTestId('support-actions');
    await actions.getByTestId('support-assign-me').click();
    await actions.getByTestId('support-assignee').filter({ hasText: '负责人：客服小张' }).waitFor({ timeout: LIVE });
    await actions.getByTestId('support-close').click();
    await actions.getByTestId('support-state').filter({ hasText: '已结束' }).waitFor({ timeout: LIVE });
    await zhang.getByTestId('support-closed-note').waitFor();
    expect(await zhang.evaluate(() => document.activeElement === document.body), 'focus after closing').toBe(false);
    await phone.getByTestId('support-closed').waitFor({ timeout: LIVE });
    await phone.getByLabel('输入消息').fill('还有一箱也没到');
    await phone.getByLabel('输入消息').press('Enter');
    await phone.getByTestId('support-closed').waitFor({ state: 'detached', timeout: LIVE });
    await actions.getByTestId('support-state').filter({ hasText: '处理中' }).waitFor({ timeout: LIVE });
    await expect.poll(() => zhang.getByTestId('messages').getByText('已收到您的消息').count(), { timeout: LIVE }).toBe(2);

    // Screenshots of the workspace in both languages (README).
    mkdirSync(SHOTS, { recursive: true });
    await li.getByTestId('customer-context').getByText('买家小刘').first().waitFor();
    await li.screenshot({ path: path.join(SHOTS, 'agent-workspace-1440.png') });
    await li.evaluate(() => localStorage.setItem('parceldesk.locale', 'en'));
    await li.reload();
    await li.locator('html[lang="en"]').waitFor();
    await li.getByTestId('customer-context').getByText('Customer').first().waitFor();
    await li.screenshot({ path: path.join(SHOTS, 'agent-workspace-1440-en.png') });
  });
});
