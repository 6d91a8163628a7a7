/**
 * Issue 20 journeys, on a server of their own (instant decisions on, the scheduler ticking every
 * second instead of every 30 s; the shared server keeps them off for the other journeys):
 * 1. a courier's pickup scale reads light: the store's open board warns it at once (no reload),
 *    and one tap sends the missing goods as a supplementary parcel; the courier attaches a photo
 *    of the scale at pickup and of the locker (with its code) at delivery, which the buyer sees on
 *    the parcel page and the agent in the case;
 * 2. a clear-cut case is refunded within a minute of filing, and the buyer and the agent read why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.js';
import { apiOf } from '../support/api.js';
import { artifactPath, saveScreenshot } from '../support/artifacts.js';
import { DESK, launchChromium, PHONE, type Viewport } from '../support/browser.js';
import { DEMO, DEMO_PASSWORD, expectHeading, submitLogin, type DemoRole } from '../support/login.js';

const root = path.resolve(import.meta.dirname, '../..');
let server: ChildProcess;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
const pages: Page[] = [];
/** Journey 1's case (the warned store's parcel, with the courier's photos): journey 2's agent opens it. */
let warnedCaseId = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'parceldesk-e2e-trust-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  server = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_ORIGIN: baseUrl, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: '', AUTO_DECIDE: 'on', JOB_TICK_MS: '1000', AUTO_DECIDE_EVERY_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`trust server did not start:\n${output}`)), 60_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ParcelDesk: http')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`trust server exited (${code}):\n${output}`)));
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
}, 30_000);

const { gql, apiLogin } = apiOf(() => baseUrl);

const token = (role: DemoRole) => apiLogin(DEMO[role].phone);

async function pageAs(role: DemoRole, viewport: Viewport): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  const page = await context.newPage();
  pages.push(page);
  await page.goto('/login');
  await submitLogin(page, DEMO[role].phone, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === DEMO[role].landing);
  await expectHeading(page, DEMO[role].heading);
  return page;
}

/** A phone page signed in through the API (the session cookie lands in the context): no login screen to wait for. */
async function phoneSignedIn(role: DemoRole): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
  const login = await context.request.post('/graphql', { data: { query: 'mutation($input: LoginInput!) { login(input: $input) { token } }', variables: { input: { phone: DEMO[role].phone, password: DEMO_PASSWORD } } } });
  expect(login.ok()).toBe(true);
  const page = await context.newPage();
  pages.push(page);
  await page.goto(DEMO[role].landing);
  await expectHeading(page, DEMO[role].heading);
  return page;
}

/** A photo with real detail (gradient and shapes from a seed), drawn by the browser's canvas: JPEG bytes. */
async function photo(page: Page, seed: number): Promise<Buffer> {
  const dataUrl = await page.evaluate((s) => {
    let state = s * 2654435761 || 1;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const c = canvas.getContext('2d')!;
    const gradient = c.createLinearGradient(0, 0, 640 * next(), 480);
    gradient.addColorStop(0, `hsl(${360 * next()}, 60%, 50%)`);
    gradient.addColorStop(1, `hsl(${360 * next()}, 60%, 70%)`);
    c.fillStyle = gradient;
    c.fillRect(0, 0, 640, 480);
    for (let i = 0; i < 12; i++) {
      c.fillStyle = `hsl(${360 * next()}, 70%, ${30 + 50 * next()}%)`;
      c.beginPath();
      c.ellipse(640 * next(), 480 * next(), 20 + 120 * next(), 20 + 80 * next(), next() * 3, 0, 7);
      c.fill();
    }
    return canvas.toDataURL('image/jpeg', 0.9);
  }, seed);
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

async function upload(bearer: string, kind: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `${kind}.jpg`);
  const response = await fetch(`${baseUrl}/uploads/evidence?kind=${kind}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'apollo-require-preflight': 'true' }, body: form });
  const body = (await response.json()) as { evidence: { id: string }[] };
  expect(response.status).toBe(201);
  return body.evidence[0]!.id;
}

describe('trust', () => {
  it('warns the store on its open board when a parcel weighs light at pickup, and sends the missing goods in one tap', async () => {
    const board = await pageAs('merchant', DESK);
    const courier = await token('courier');
    const parcel = (await gql('{ myDeliveries(first: 50) { edges { node { id waybillNo status } } } }', {}, courier)).myDeliveries.edges
      .map((e: any) => e.node)
      .find((n: any) => n.waybillNo === 'YX1000000005');
    // 10 斤 of apples (5200 g) weighs 2600 g on the courier's scale; the courier photographs the scale.
    const courierPhone = await phoneSignedIn('courier');
    const card = courierPhone.locator('article[data-waybill="YX1000000005"]');
    await card.getByRole('button', { name: '确认揽收' }).click();
    const pickup = courierPhone.getByRole('dialog', { name: /确认揽收/ });
    await pickup.getByLabel('实测重量（选填）').fill('2.6');
    await pickup.getByTestId('scan-photo').setInputFiles({ name: 'scale.jpg', mimeType: 'image/jpeg', buffer: await photo(courierPhone, 31) });
    await pickup.getByText('照片已上传，确认后附到包裹').waitFor({ timeout: 10_000 });
    await pickup.getByRole('button', { name: '确认揽收' }).click();
    await pickup.waitFor({ state: 'hidden', timeout: 10_000 });

    const warning = board.getByTestId('pickup-alerts');
    await warning.getByText('包裹 YX1000000005 揽收称重 2600 g，应重 5200 g，可能少发').waitFor({ timeout: 10_000 });
    await expectNoSeriousA11yViolations(board);
    await saveScreenshot(board, 'merchant-pickup-alert-1280');
    await warning.getByRole('button', { name: /补发缺件：烟台红富士苹果 10 斤 × 1/ }).click();
    await warning.getByText(/包裹 YX1000000005 已补发，补发单号 BF\d+/).waitFor({ timeout: 10_000 });
    const alerts = (await gql('{ pickupAlerts { waybillNo actedAt supplementWaybillNo } }', {}, await token('merchant'))).pickupAlerts;
    expect(alerts).toEqual([{ waybillNo: 'YX1000000005', actedAt: expect.any(String), supplementWaybillNo: expect.stringMatching(/^BF/) }]);

    // The parcel arrives in a locker: the courier photographs it there (the photo carries the pickup code).
    await card.getByRole('button', { name: '开始转运' }).click();
    await card.getByRole('button', { name: '开始派送' }).click();
    await card.getByRole('button', { name: '确认签收' }).click();
    const deliver = courierPhone.getByRole('dialog', { name: /确认签收/ });
    await deliver.getByRole('radio', { name: '快递柜/驿站' }).click();
    await deliver.getByLabel('取件码').fill('8-2-3071');
    await deliver.getByTestId('scan-photo').setInputFiles({ name: 'locker.jpg', mimeType: 'image/jpeg', buffer: await photo(courierPhone, 32) });
    await deliver.getByText('照片已上传，确认后附到包裹').waitFor({ timeout: 10_000 });
    await deliver.getByRole('button', { name: '确认签收' }).click();
    await deliver.waitFor({ state: 'hidden', timeout: 10_000 });
    expect((await gql('query($id: ID!) { shipment(id: $id) { status courierPhotos { kind lockerCode } } }', { id: parcel.id }, courier)).shipment).toEqual({
      status: 'DELIVERED',
      courierPhotos: [{ kind: 'SCALE', lockerCode: null }, { kind: 'LOCKER', lockerCode: '8-2-3071' }],
    });

    // The buyer (买家小陈) files anyway, and their case says the store was warned and what it did.
    const buyer2 = (await gql('mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { phone: '13800000005', password: DEMO_PASSWORD } })).login.token;
    const order = (await gql('{ myOrders(first: 20) { edges { node { id lines { id } shipments { waybillNo } } } } }', {}, buyer2)).myOrders.edges
      .map((e: any) => e.node)
      .find((o: any) => o.shipments.some((s: any) => s.waybillNo === 'YX1000000005'));
    const photos = [await upload(buyer2, 'WAYBILL_LABEL', await photo(board, 21)), await upload(buyer2, 'CONTENTS', await photo(board, 22))];
    const filed = await gql(
      'mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { complaint { id } } }',
      { input: { orderId: order.id, missingItems: [{ orderLineId: order.lines[0].id, quantityMissing: 1 }], description: '箱子里只有一半', evidenceIds: photos, idempotencyKey: `warned-${Date.now()}` } },
      buyer2,
    );
    const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto('/login');
    await submitLogin(phone, '13800000005', DEMO_PASSWORD);
    await phone.waitForURL((url) => url.pathname === '/m/orders');
    await phone.goto(`/m/complaints/${filed.fileComplaint.complaint.id}`);
    await phone.getByTestId('store-warning').getByText(/快递员揽收包裹 YX1000000005 时称重 2600 g，应重 5200 g，已当场提醒商家；商家已补发缺件，补发单号 BF\d+/).waitFor({ timeout: 10_000 });
    await expectNoSeriousA11yViolations(phone);
    warnedCaseId = filed.fileComplaint.complaint.id;

    // The buyer sees the courier's photos on the parcel page.
    await phone.goto(`/m/shipments/${parcel.id}`);
    const courierPhotos = phone.getByTestId('courier-photos');
    await courierPhotos.getByText('揽收称重').waitFor({ timeout: 10_000 });
    await courierPhotos.getByText('放入快递柜').waitFor();
    await courierPhotos.getByText('取件码：8-2-3071').waitFor();
    await expect.poll(() => courierPhotos.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(2);
    // What the phone shows with the photos in view (a full-page shot draws the docked tab bar over them).
    await courierPhotos.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await phone.screenshot({ path: artifactPath('shipment-courier-photos-360', 'png') });
    await context.close();
  }, 60_000);

  it('refunds a clear-cut case within a minute of filing, and tells the buyer and the agent why', async () => {
    const buyerPage = await pageAs('buyer', PHONE);
    const buyer = await token('buyer');
    const order = (await gql('{ myOrders(first: 20) { edges { node { id lines { id title } shipments { waybillNo } } } } }', {}, buyer)).myOrders.edges
      .map((e: any) => e.node)
      .find((o: any) => o.shipments.some((s: any) => s.waybillNo === 'YX1000000001'));
    const photos = [await upload(buyer, 'WAYBILL_LABEL', await photo(buyerPage, 11)), await upload(buyer, 'CONTENTS', await photo(buyerPage, 12))];
    const filedAt = Date.now();
    const filed = await gql(
      'mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { complaint { id caseNo } } }',
      { input: { orderId: order.id, missingItems: [{ orderLineId: order.lines[0].id, quantityMissing: 1 }], description: '两盒只收到一盒', evidenceIds: photos, idempotencyKey: `trust-${filedAt}` } },
      buyer,
    );
    const id = filed.fileComplaint.complaint.id;

    await buyerPage.goto(`/m/complaints/${id}`);
    await buyerPage.getByTestId('auto-refund').getByText('核验通过，已自动退款 ¥59.90').waitFor({ timeout: 60_000 });
    expect(Date.now() - filedAt).toBeLessThan(60_000);
    await buyerPage.getByText('快递员揽收时的称重比应重轻，轻出的重量与您申报的缺少件数一致').waitFor();
    await buyerPage.getByTestId('complaint-resolution').getByText('退款 ¥59.90').waitFor();
    await expectNoSeriousA11yViolations(buyerPage);
    await saveScreenshot(buyerPage, 'complaint-auto-refund-360');

    const desk = await pageAs('agent', DESK);
    await desk.goto(`/d/complaints/${id}`);
    const panel = desk.getByTestId('auto-decision');
    await panel.getByText('已自动退款 ¥59.90').waitFor({ timeout: 10_000 });
    await panel.getByText('揽收称重支持申报的缺少件数').waitFor();
    await panel.getByText(/SUPPORTS_CLAIM:PICKUP_SCALE:missing 1050 g of 2200 g/).waitFor();
    await expect.poll(() => panel.getByText('✓').count()).toBe(9);
    await panel.getByRole('button', { name: '撤销并转人工' }).waitFor();
    await expectNoSeriousA11yViolations(desk);
    await saveScreenshot(desk, 'complaint-auto-decision-1280');

    // Journey 1's case: the agent sees the courier's scale and locker photos of the parcel.
    expect(warnedCaseId).not.toBe('');
    await desk.goto(`/d/complaints/${warnedCaseId}`);
    const courierPhotos = desk.getByTestId('case-courier-photos');
    await courierPhotos.getByText('揽收称重照片 · YX1000000005').waitFor({ timeout: 10_000 });
    await courierPhotos.getByText('快递柜照片 · YX1000000005').waitFor();
    await courierPhotos.getByText('取件码 8-2-3071').waitFor();
    await expect.poll(() => courierPhotos.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(2);
  }, 90_000);
});
