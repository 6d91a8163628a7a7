import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Order } from '../shipments/order.entity.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient } from '../test/live-client.js';
import { FILE, filingInput, upload } from '../complaints/complaint.test-kit.js';
import { deskPresenceStats } from './desk-presence.js';
import { searchStatement } from './search.reads.js';

/*
 * The agents' workspace (issue 17) against the demo data: search (and that it never unmasks a
 * phone), views with counts, bulk actions with per-row refusals, shared macros, presence on a case
 * and CONFLICT on a decision against a changed case, the customer context in fixed statements.
 */

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
let caseA: { id: string; caseNo: string; version: number };
let caseB: { id: string; caseNo: string };

const SEARCH = 'query($q: String!) { deskSearch(query: $q) { kind id label status buyerName buyerMaskedPhone orderNo complaintId threadId } }';
const VIEWS = '{ complaintViews { view count } }';
const QUEUE = 'query($view: DeskView!) { complaintQueue(filter: { view: $view }, first: 50) { totalCount edges { node { id status } } } }';
const BULK_ASSIGN = 'mutation($input: BulkAssignInput!) { bulkAssignComplaints(input: $input) { id ok caseNo code message } }';
const BULK_NOTE = 'mutation($input: BulkNoteInput!) { bulkAddInternalNote(input: $input) { id ok code } }';
const MACROS = '{ macros { id title body nextStep version } }';
const SAVE_MACRO = 'mutation($input: MacroInput!) { saveMacro(input: $input) { id title body nextStep version } }';
const DELETE_MACRO = 'mutation($id: ID!) { deleteMacro(id: $id) }';
const PRESENCE = 'subscription($id: ID!) { deskPresence(targetId: $id) { targetId agents { id displayName activity } } }';
const ACTIVITY = 'mutation($id: ID!, $a: DeskActivity!) { setDeskActivity(targetId: $id, activity: $a) }';
const RESOLVE = 'mutation($id: ID!, $input: ResolveComplaintInput!) { resolveComplaint(id: $id, input: $input) { id status version } }';
const CONTEXT = `query($id: ID, $thread: ID) { customerContext(complaintId: $id, threadId: $thread) {
  buyerName buyerMaskedPhone caseCount refundedTotalCents storeName storeOrders storeCases
  orders { orderNo totalCents parcels { waybillNo status courierName expectedGrams pickupWeightGrams threadId scans { status measuredWeightGrams occurredAt } } }
  previousCases { caseNo status resolutionKind refundCents }
  transcripts { kind waybillNo messages { seq body authorName authorRole } } } }`;

async function fileCase(token: string, orderId: string) {
  const order = await app.orm.em.fork().findOneOrFail(Order, orderId, { populate: ['lines'] });
  const photos = await upload(app, token, ['CONTENTS']);
  const filed = await app.gql(FILE, { input: filingInput(order.id, order.lines[0]!.id, photos) }, token);
  if (!filed.data) throw new Error(JSON.stringify(filed.errors));
  return filed.data.fileComplaint.complaint;
}

const countOf = async (view: string) => (await app.gql(VIEWS, {}, tokens.agent)).data!.complaintViews.find((v: any) => v.view === view).count;

beforeAll(async () => {
  ({ app, demo, tokens } = await demoApp());
  await app.server.deps.outbox.stop();
  caseA = await fileCase(tokens.buyer, demo.orders.delivered.id);
  caseB = await fileCase(tokens.buyer2, demo.orders.toReview.id);
});
afterAll(() => app.close());

describe('deskSearch', () => {
  it('finds a case by its number, a parcel by its waybill, an order by the start of its number, in one statement', async () => {
    const { result, queries } = await app.countQueries(() => app.gql(SEARCH, { q: caseA.caseNo }, tokens.agent));
    expect(queries).toHaveLength(2); // the session, the search
    expect(result.data!.deskSearch).toEqual([expect.objectContaining({ kind: 'CASE', id: caseA.id, complaintId: caseA.id, buyerName: '买家小王', buyerMaskedPhone: '138****0001' })]);
    const parcel = (await app.gql(SEARCH, { q: 'yx1000000001' }, tokens.agent)).data!.deskSearch;
    expect(parcel).toEqual([expect.objectContaining({ kind: 'PARCEL', label: 'YX1000000001', status: 'DELIVERED', complaintId: caseA.id })]);
    const orderNo = demo.orders.delivered.orderNo;
    const orders = (await app.gql(SEARCH, { q: orderNo.slice(0, -1) }, tokens.agent)).data!.deskSearch;
    expect(orders.map((h: any) => h.label)).toContain(orderNo);
  });

  it('finds a buyer by a whole phone number or by name, with their cases, orders and support conversation', async () => {
    const byPhone = (await app.gql(SEARCH, { q: '13800000001' }, tokens.agent)).data!.deskSearch;
    expect(byPhone[0]).toMatchObject({ kind: 'CONVERSATION', label: '买家小王', status: 'OPEN' });
    expect(byPhone.map((h: any) => h.kind)).toEqual(expect.arrayContaining(['CASE', 'ORDER']));
    for (const q of ['小王', '买家小']) {
      const byName = (await app.gql(SEARCH, { q }, tokens.agent)).data!.deskSearch;
      expect(byName.some((h: any) => h.kind === 'CASE' && h.id === caseA.id), q).toBe(true);
    }
  });

  it('never unmasks a phone: a part of a number finds no one, and no hit carries a whole number', async () => {
    for (const q of ['1380000000', '3800000001', '138000', '0001', '138****0001', '%', '1_800000001']) {
      const hits = (await app.gql(SEARCH, { q }, tokens.agent)).data!.deskSearch;
      expect(hits.filter((h: any) => h.kind === 'CONVERSATION' || h.kind === 'CASE'), q).toEqual([]);
    }
    const all = JSON.stringify((await app.gql(SEARCH, { q: '13800000001' }, tokens.agent)).data);
    expect(all).not.toContain('13800000001');
  });

  it('refuses more than 64 characters, control characters and non-agents; reads indexes, not tables', async () => {
    const long = await app.gql(SEARCH, { q: 'x'.repeat(65) }, tokens.agent);
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0]!.extensions).toMatchObject({ field: 'query' });
    expect(errorCode(await app.gql(SEARCH, { q: 'a\u0000b' }, tokens.agent))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(SEARCH, { q: '13800000001' }, tokens.buyer))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(SEARCH, { q: 'YX1' }, tokens.merchant))).toBe('FORBIDDEN');
    // With sequential scans priced out, a plan that still scans a table has no index to use.
    const plans = await app.orm.em.fork().transactional(async (em) => {
      const connection = em.getConnection();
      await connection.execute('set local enable_seqscan = off', [], 'run', em.getTransactionContext());
      const plan = async (sql: string) =>
        ((await connection.execute(`explain ${sql}`, [], 'all', em.getTransactionContext())) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      const plans: string[] = [];
      for (const sql of [
        `select id from complaints where case_no like 'C2026%'`,
        `select id from orders where order_no like 'PD%'`,
        `select id from shipments where waybill_no like 'YX1%'`,
        `select id from users where lower(display_name) like '小王%' or reverse(lower(display_name)) like '王小%'`,
        `select id from users where phone = '13800000001'`,
      ]) plans.push(await plan(sql));
      // The whole statements too: each branch, each hit's buyer, case and conversation.
      for (const query of ['13800000001', '小王', 'PD2026']) {
        const { sql, params } = searchStatement(query);
        plans.push(((await connection.execute(`explain ${sql}`, params, 'all', em.getTransactionContext())) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
      }
      return plans;
    });
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan/);
  });
});

describe('views', () => {
  it('counts every view in one statement, the queue shows a view, and ALL keeps decided cases', async () => {
    const { result, queries } = await app.countQueries(() => app.gql(VIEWS, {}, tokens.agent));
    expect(queries).toHaveLength(2);
    const counts = Object.fromEntries(result.data!.complaintViews.map((v: any) => [v.view, v.count]));
    expect(counts).toMatchObject({ MINE: 0, UNASSIGNED: 2, AWAITING_BUYER: 0, DISPUTED: 0, ALL: 2 });
    const queue = (await app.gql(QUEUE, { view: 'UNASSIGNED' }, tokens.agent)).data!.complaintQueue;
    expect(queue.totalCount).toBe(2);
    expect(errorCode(await app.gql(VIEWS, {}, tokens.buyer))).toBe('FORBIDDEN');
  });
});

describe('bulk actions', () => {
  it('assigns the rows it may and reports each refusal; the others proceed', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await app.gql(BULK_ASSIGN, { input: { ids: [caseA.id, missing, 'nonsense', caseB.id], assigneeId: demo.users.agent2.id } }, tokens.agent);
    expect(result.errors).toBeUndefined();
    expect(result.data!.bulkAssignComplaints).toEqual([
      expect.objectContaining({ id: caseA.id, ok: true, caseNo: caseA.caseNo }),
      expect.objectContaining({ id: missing, ok: false, code: 'NOT_FOUND' }),
      expect.objectContaining({ id: 'nonsense', ok: false, code: 'NOT_FOUND' }),
      expect.objectContaining({ id: caseB.id, ok: true }),
    ]);
    expect((await app.gql(QUEUE, { view: 'MINE' }, tokens.agent2)).data!.complaintQueue.totalCount).toBe(2);
    // To me, then one case handed back.
    expect((await app.gql(BULK_ASSIGN, { input: { ids: [caseA.id] } }, tokens.agent)).data!.bulkAssignComplaints[0].ok).toBe(true);
    expect(await countOf('MINE')).toBe(1);
    expect(errorCode(await app.gql(BULK_ASSIGN, { input: { ids: [caseA.id], assigneeId: demo.users.buyer.id } }, tokens.agent))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(BULK_ASSIGN, { input: { ids: Array.from({ length: 51 }, () => caseA.id) } }, tokens.agent))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(BULK_ASSIGN, { input: { ids: [caseA.id] } }, tokens.buyer))).toBe('FORBIDDEN');
  });

  it('refuses a decided case for its row; internal notes go on every case that exists', async () => {
    const decided = await app.gql(RESOLVE, { id: caseB.id, input: { kind: 'REJECT', reason: '照片显示数量齐全' } }, tokens.agent2);
    expect(decided.errors).toBeUndefined();
    const assigned = (await app.gql(BULK_ASSIGN, { input: { ids: [caseB.id, caseA.id] } }, tokens.agent)).data!.bulkAssignComplaints;
    expect(assigned).toEqual([expect.objectContaining({ id: caseB.id, ok: false, code: 'INVALID_TRANSITION' }), expect.objectContaining({ id: caseA.id, ok: true })]);
    const missing = '00000000-0000-4000-8000-000000000001';
    const notes = (await app.gql(BULK_NOTE, { input: { ids: [caseA.id, missing, caseB.id], body: '已电话联系商家核实' } }, tokens.agent)).data!.bulkAddInternalNote;
    expect(notes).toEqual([
      expect.objectContaining({ id: caseA.id, ok: true }),
      expect.objectContaining({ id: missing, ok: false, code: 'NOT_FOUND' }),
      expect.objectContaining({ id: caseB.id, ok: true }),
    ]);
    // Decided cases stay findable under ALL only.
    expect((await app.gql(QUEUE, { view: 'ALL' }, tokens.agent)).data!.complaintQueue.edges.map((e: any) => e.node.id)).toContain(caseB.id);
    expect((await app.gql(QUEUE, { view: 'UNASSIGNED' }, tokens.agent)).data!.complaintQueue.totalCount).toBe(0);
    expect(errorCode(await app.gql(BULK_NOTE, { input: { ids: [caseA.id], body: '  ' } }, tokens.agent))).toBe('BAD_USER_INPUT');
  });
});

describe('macros', () => {
  it('are shared between agents, refuse an unknown variable naming it, and refuse a stale edit', async () => {
    const demoMacros = (await app.gql(MACROS, {}, tokens.agent2)).data!.macros;
    expect(demoMacros.map((m: any) => m.title)).toEqual(expect.arrayContaining(['少件退款', '补充照片']));
    const unknown = await app.gql(SAVE_MACRO, { input: { title: '催促', body: '{{buyerName}} 您的订单 {{orderTotal}}' } }, tokens.agent);
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0]!.extensions).toMatchObject({ field: 'body', variable: 'orderTotal' });
    expect(unknown.errors![0]!.message).toContain('{{orderTotal}}');
    const created = (await app.gql(SAVE_MACRO, { input: { title: '补发', body: '{{buyerName}}您好，{{caseNo}} 将为您补发', nextStep: null } }, tokens.agent)).data!.saveMacro;
    expect((await app.gql(MACROS, {}, tokens.agent2)).data!.macros.map((m: any) => m.id)).toContain(created.id);
    const edited = (await app.gql(SAVE_MACRO, { input: { id: created.id, title: '补发', body: '{{buyerName}}您好，补发已安排', nextStep: 'PROPOSE_REFUND', expectedVersion: created.version } }, tokens.agent2)).data!.saveMacro;
    expect(edited).toMatchObject({ nextStep: 'PROPOSE_REFUND', version: created.version + 1 });
    expect(errorCode(await app.gql(SAVE_MACRO, { input: { id: created.id, title: '补发', body: '旧的', expectedVersion: created.version } }, tokens.agent))).toBe('CONFLICT');
    expect(errorCode(await app.gql(SAVE_MACRO, { input: { title: '补发', body: '同名' } }, tokens.agent))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(MACROS, {}, tokens.buyer))).toBe('FORBIDDEN');
    expect((await app.gql(DELETE_MACRO, { id: created.id }, tokens.agent2)).data!.deleteMacro).toBe(true);
    expect(errorCode(await app.gql(DELETE_MACRO, { id: created.id }, tokens.agent))).toBe('NOT_FOUND');
  });
});

describe('collision', () => {
  it('shows who else has the case open, live, with 正在回复, and clears it when they leave', async () => {
    const zhang = liveClient(app.url, tokens.agent);
    const li = liveClient(app.url, tokens.agent2);
    try {
      const mine = collect(zhang, PRESENCE, { id: caseA.id });
      await mine.next(1);
      expect(mine.results[0].deskPresence.agents).toEqual([]);
      const theirs = collect(li, PRESENCE, { id: caseA.id });
      await theirs.next(1);
      const seen = async (check: (agents: any[]) => boolean) => {
        for (let n = 1; ; n++) {
          await mine.next(n, 5000);
          if (check(mine.results[n - 1].deskPresence.agents)) return;
        }
      };
      await seen((agents) => agents.some((a) => a.displayName === '客服小李' && a.activity === 'VIEWING'));
      // 客服小李 sees 客服小张 too (announced again when 小李 arrived).
      await vi_waitFor(() => theirs.results.some((r: any) => r.deskPresence.agents.some((a: any) => a.displayName === '客服小张')));
      expect((await app.gql(ACTIVITY, { id: caseA.id, a: 'REPLYING' }, tokens.agent2)).data!.setDeskActivity).toBe(true);
      await seen((agents) => agents.some((a) => a.displayName === '客服小李' && a.activity === 'REPLYING'));
      theirs.unsubscribe();
      await seen((agents) => agents.length === 0);
      mine.unsubscribe();
      await vi_waitFor(() => deskPresenceStats(app.server).targets === 0);
    } finally {
      await zhang.dispose();
      await li.dispose();
    }
    const buyerSocket = liveClient(app.url, tokens.buyer);
    const refused = collect(buyerSocket, PRESENCE, { id: caseA.id });
    await refused.completed;
    expect(JSON.stringify(refused.errors)).toMatch(/FORBIDDEN|may not/);
    await buyerSocket.dispose();
    expect(errorCode(await app.gql(ACTIVITY, { id: '00000000-0000-4000-8000-000000000000', a: 'VIEWING' }, tokens.agent))).toBe('NOT_FOUND');
  });

  it('refuses a decision on a case that changed meanwhile with CONFLICT', async () => {
    const current = (await app.gql('query($id: ID!) { complaint(id: $id) { version } }', { id: caseA.id }, tokens.agent)).data!.complaint;
    expect((await app.gql(BULK_NOTE, { input: { ids: [caseA.id], body: '小李：商家确认少发' } }, tokens.agent2)).data!.bulkAddInternalNote[0].ok).toBe(true);
    const stale = await app.gql(RESOLVE, { id: caseA.id, input: { kind: 'REFUND', refundCents: 5990, expectedVersion: current.version } }, tokens.agent);
    expect(errorCode(stale)).toBe('CONFLICT');
  });
});

describe('customer context', () => {
  it('shows the buyer’s orders, parcels with pickup weights, cases and transcripts in five statements', async () => {
    const { result, queries } = await app.countQueries(() => app.gql(CONTEXT, { id: caseA.id }, tokens.agent));
    expect(result.errors).toBeUndefined();
    expect(queries).toHaveLength(6); // the session + 5
    const context = result.data!.customerContext;
    expect(context).toMatchObject({ buyerName: '买家小王', buyerMaskedPhone: '138****0001', caseCount: 1, storeName: '优选水果店' });
    const delivered = context.orders.find((o: any) => o.orderNo === demo.orders.delivered.orderNo);
    expect(delivered.parcels[0]).toMatchObject({ waybillNo: 'YX1000000001', expectedGrams: 2200, pickupWeightGrams: 1150, courierName: '派件员老李' });
    expect(delivered.parcels[0].scans[0].status).toBe('DELIVERED');
    expect(context.transcripts[0]).toMatchObject({ kind: 'SUPPORT', messages: [expect.objectContaining({ body: '葡萄买了两盒只收到一盒，怎么处理？', authorRole: 'BUYER' })] });
    const other = (await app.gql(CONTEXT, { id: caseB.id }, tokens.agent)).data!.customerContext;
    expect(other).toMatchObject({ buyerName: '买家小陈', caseCount: 1, previousCases: [] });
    expect(context.storeCases).toBeGreaterThanOrEqual(2);
    expect(errorCode(await app.gql(CONTEXT, { id: caseA.id }, tokens.buyer))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(CONTEXT, { id: '00000000-0000-4000-8000-000000000000' }, tokens.agent))).toBe('NOT_FOUND');
  });
});

async function vi_waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
