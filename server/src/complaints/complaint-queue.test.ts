import { ComplaintChannel, EvidenceKind, Role } from '@parceldesk/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ref } from '@mikro-orm/core';
import type { User } from '../accounts/user.entity.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { merchantFactory, ordersFactory, userFactory } from '../test/factories.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { ComplaintEvent } from './complaint-event.entity.js';
import { ComplaintItem } from './complaint-item.entity.js';
import { Complaint } from './complaint.entity.js';
import { autoCloseComplaintsJob } from './complaint.jobs.js';
import { Evidence } from './evidence.entity.js';

let app: TestApp;
let agentToken: string;
let agent2Token: string;
let agent: User;
let buyerToken: string;
let merchantToken: string;
let cases: Complaint[];

const SLA = { firstResponseMs: 24 * 3600_000, resolutionMs: 72 * 3600_000 };

/** 25 cases over 5 buyers, each with a line and two photos, due one hour apart (some overdue). */
beforeAll(async () => {
  app = await createTestApp();
  const em = app.orm.em.fork();
  agent = userFactory(em, { role: Role.AGENT });
  const agent2 = userFactory(em, { role: Role.AGENT });
  const courier = userFactory(em, { role: Role.COURIER });
  const merchantUser = userFactory(em, { role: Role.MERCHANT });
  const merchant = merchantFactory(em, merchantUser);
  const buyers = Array.from({ length: 5 }, () => userFactory(em, { role: Role.BUYER }));
  cases = [];
  for (const [b, buyer] of buyers.entries()) {
    const orders = await ordersFactory(em, { buyer, merchant, merchantUser, courier, count: 5 });
    for (const [o, order] of orders.entries()) {
      const index = b * 5 + o;
      // Filed between 29.5 and 5.5 hours ago: the oldest are past their 24 h first-response time.
      const complaint = new Complaint({ order, buyer, channel: index % 5 === 0 ? ComplaintChannel.REVIEW : ComplaintChannel.PLATFORM, description: `case ${index}`, sla: SLA, now: new Date(Date.now() - (29.5 - index) * 3600_000) });
      if (index % 3 === 0) complaint.assignee = ref(agent);
      em.persist(complaint);
      em.persist(new ComplaintItem({ complaint, line: order.lines.getItems()[0]!, quantityMissing: 1 }));
      for (const kind of [EvidenceKind.WAYBILL_LABEL, EvidenceKind.CONTENTS]) {
        const photo = new Evidence({ id: crypto.randomUUID(), uploader: buyer, kind, mimeType: 'image/jpeg', bytes: 1, width: 1, height: 1, sha256: `${index}-${kind}`.padEnd(64, '0'), blobKey: 'x', thumbKey: 'x' });
        photo.attachTo(complaint);
        em.persist(photo);
      }
      cases.push(complaint);
    }
  }
  await em.flush();
  agentToken = await app.tokenFor(agent.id);
  agent2Token = await app.tokenFor(agent2.id);
  buyerToken = await app.tokenFor(buyers[0]!.id);
  merchantToken = await app.tokenFor(merchantUser.id);
});
afterAll(() => app.close());

const QUEUE = `query($first: Int, $filter: ComplaintQueueFilter) { complaintQueue(first: $first, filter: $filter) { totalCount edges { node {
  id caseNo status channels slaDueAt allowedActions description
  buyer { displayName maskedPhone } assignee { displayName }
  order { orderNo totalCents lines { title } }
  missingItems { quantityMissing line { title sku } }
  evidence { kind thumbnailUrl sha256 } evidenceChecklist { complete missing }
} } } }`;

describe('complaintQueue', () => {
  it('runs the same statements for 5, 15 and 25 cases (buyer, order, lines, evidence)', async () => {
    const counts: number[] = [];
    for (const first of [5, 15, 25]) {
      const { result, queries } = await app.countQueries(() => app.gql(QUEUE, { first }, agentToken));
      expect(result.errors).toBeUndefined();
      expect(result.data!.complaintQueue.edges).toHaveLength(first);
      expect(result.data!.complaintQueue.edges.every((e: any) => e.node.evidence.length === 2 && e.node.missingItems.length === 1)).toBe(true);
      counts.push(queries.length);
    }
    // N+1 would add at least 20 statements per relation from 5 to 25 cases. MikroORM's dataloader
    // batches per tick, so on a loaded machine one relation level may go out in two batches: a few
    // statements of slack, never twenty.
    expect(Math.max(...counts) - Math.min(...counts), JSON.stringify(counts)).toBeLessThanOrEqual(4);
    expect(Math.max(...counts), JSON.stringify(counts)).toBeLessThanOrEqual(14);
  });

  it('sorts by SLA due time and filters by assignment, overdue and channel', async () => {
    const all = (await app.gql(QUEUE, { first: 25 }, agentToken)).data!.complaintQueue;
    expect(all.totalCount).toBe(25);
    const due = all.edges.map((e: any) => Date.parse(e.node.slaDueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const ids = (filter: object) => app.gql(QUEUE, { first: 25, filter }, agentToken).then((r) => r.data!.complaintQueue.edges.map((e: any) => e.node.description));
    expect(await ids({ assigned: 'MINE' })).toEqual(cases.filter((_, i) => i % 3 === 0).map((c) => c.description));
    expect(await ids({ assigned: 'UNASSIGNED' })).toHaveLength(25 - 9);
    expect(await app.gql(QUEUE, { first: 25, filter: { assigned: 'MINE' } }, agent2Token).then((r) => r.data!.complaintQueue.totalCount)).toBe(0);
    // Filed 29.5..24.5 hours ago: six cases are past their 24 h first response.
    expect(await ids({ overdue: true })).toEqual(['case 0', 'case 1', 'case 2', 'case 3', 'case 4', 'case 5']);
    expect(await ids({ channel: 'REVIEW' })).toEqual(['case 0', 'case 5', 'case 10', 'case 15', 'case 20']);
    expect(await ids({ status: ['CLOSED'] })).toEqual([]);
  });

  it('answers each queue row as the case itself answers (rows read ahead, the rest through the entity)', async () => {
    const NODE = `id caseNo status channel channels slaDueAt createdAt version description allowedActions
      buyer { id displayName maskedPhone } assignee { id displayName } order { id orderNo totalCents lines { title } }
      missingItems { quantityMissing line { id title sku lineTotalCents } } evidence { kind sha256 }
      evidenceChecklist { complete present missing } notes { body } timeline { kind } resolution { kind }`;
    const queue = await app.gql(`query { complaintQueue(first: 8) { edges { node { ${NODE} } } } }`, {}, agentToken);
    expect(queue.errors, JSON.stringify(queue.errors)).toBeUndefined();
    const nodes = queue.data!.complaintQueue.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(8);
    for (const node of nodes.filter((_: unknown, i: number) => i % 2 === 0)) {
      const one = await app.gql(`query($id: ID!) { complaint(id: $id) { ${NODE} } }`, { id: node.id }, agentToken);
      expect(node).toEqual(one.data!.complaint);
    }
  });

  it('is for agents only', async () => {
    expect(errorCode(await app.gql(QUEUE, { first: 5 }, buyerToken))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(QUEUE, { first: 5 }, merchantToken))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(QUEUE, { first: 5 }, null))).toBe('UNAUTHENTICATED');
  });
});


describe('live', () => {
  const UPDATED = 'subscription($id: ID!) { complaintUpdated(id: $id) { id status version notes { body internal } } }';
  const QUEUE_CHANGED = 'subscription { complaintQueueChanged { complaint { id status } } }';

  it('tells the buyer, the store and agents about each change; internal notes reach agents only', async () => {
    const target = cases[1]!;
    const clients = [buyerToken, merchantToken, agent2Token].map((token) => liveClient(app.url, token));
    const following = liveFeeds(app);
    const streams = clients.map((client) => collect(client, UPDATED, { id: target.id }));
    const queueClient = liveClient(app.url, agent2Token);
    const queue = collect(queueClient, QUEUE_CHANGED, {});
    // Stores follow the same feed for their own cases only (their desk banner, issue 18).
    const otherStore = await (async () => {
      const em = app.orm.em.fork();
      const owner = userFactory(em, { role: Role.MERCHANT });
      merchantFactory(em, owner);
      await em.flush();
      return app.tokenFor(owner.id);
    })();
    const storeClients = [merchantToken, otherStore].map((token) => liveClient(app.url, token));
    const [storeQueue, otherStoreQueue] = storeClients.map((client) => collect(client, QUEUE_CHANGED, {}));
    await following(6);
    await app.gql('mutation($id: ID!) { assignComplaint(id: $id) { id } }', { id: target.id }, agentToken);
    await app.gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "内部核实" }, internal: true) { id } }', { id: target.id }, agentToken);
    await app.gql('mutation($id: ID!) { requestMoreEvidence(id: $id, input: { body: "请补充面单" }) { id } }', { id: target.id }, agentToken);
    const [buyer, merchant, agentView] = await Promise.all(streams.map((s) => s.next(3)));
    expect(buyer!.map((r: any) => r.complaintUpdated.status)).toEqual(['IN_REVIEW', 'IN_REVIEW', 'AWAITING_BUYER']);
    expect(buyer!.map((r: any) => r.complaintUpdated.version)).toEqual([2, 3, 4]);
    for (const view of [buyer!, merchant!]) expect(view.at(-1).complaintUpdated.notes).toEqual([{ body: '请补充面单', internal: false }]);
    expect(agentView!.at(-1).complaintUpdated.notes).toHaveLength(2);
    const changes = await queue.next(3);
    expect(changes.map((c: any) => c.complaintQueueChanged.complaint.id)).toEqual([target.id, target.id, target.id]);
    expect((await storeQueue!.next(3)).map((c: any) => c.complaintQueueChanged.complaint.id)).toEqual([target.id, target.id, target.id]);
    // Offered the same events in the same pass: the other store was given none of them.
    expect(otherStoreQueue!.results).toEqual([]);
    await Promise.all([...clients, queueClient, ...storeClients].map((c) => c.dispose()));
  });

  it('refuses other buyers (NOT_FOUND) and buyers on the queue feed (FORBIDDEN)', async () => {
    const stranger = await (async () => {
      const em = app.orm.em.fork();
      const user = userFactory(em, { role: Role.BUYER });
      await em.flush();
      return app.tokenFor(user.id);
    })();
    for (const [token, query, variables, code] of [
      [stranger, UPDATED, { id: cases[2]!.id }, 'NOT_FOUND'],
      [buyerToken, QUEUE_CHANGED, {}, 'FORBIDDEN'],
    ] as const) {
      const client = liveClient(app.url, token);
      const stream = collect(client, query, variables);
      await stream.completed;
      expect(JSON.stringify(stream.errors)).toContain(`"code":"${code}"`);
      await client.dispose();
    }
  });
});

describe('auto-close', () => {
  it('closes an undisputed decision after 7 days, once, even with two processes’ schedulers racing', async () => {
    const em = app.orm.em.fork();
    const [stale, fresh, answered] = [cases[20]!, cases[21]!, cases[22]!].map((c) => em.getReference(Complaint, c.id));
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    for (const c of [stale, fresh, answered]) {
      await em.getConnection().execute(`update complaints set status = 'RESOLVED', resolution_kind = 'REFUND', refund_cents = 100, decided_at = ?, sla_due_at = null where id = ?`, [c === fresh ? new Date() : eightDaysAgo, c!.id]);
    }
    await em.getConnection().execute(`update complaints set responded_at = now(), status = 'IN_REVIEW', disputes = 1 where id = ?`, [answered!.id]);

    const logger = pino({ level: 'silent' });
    const job = autoCloseComplaintsJob(app.server.deps.realtime);
    // Two schedulers on one database: what two server processes would run.
    const [one, two] = [new Scheduler(app.orm, logger, [job], 3600_000), new Scheduler(app.orm, logger, [job], 3600_000)];
    await one.start();
    await two.start();
    await one.makeDue(job.name);
    const ran = await Promise.all([one.tick(), two.tick(), one.tick()]);
    expect(ran.flat()).toEqual([job.name]);

    const read = app.orm.em.fork();
    const statuses = await read.find(Complaint, { id: { $in: [stale!.id, fresh!.id, answered!.id] } });
    const byId = new Map(statuses.map((c) => [c.id, c.status]));
    expect([byId.get(stale!.id), byId.get(fresh!.id), byId.get(answered!.id)]).toEqual(['CLOSED', 'RESOLVED', 'IN_REVIEW']);
    const events = await read.find(ComplaintEvent, { complaint: stale!.id, kind: 'AUTO_CLOSED' });
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBeNull();
    const [row] = await read.getConnection().execute<{ last_result: string; next_run_at: Date }[]>('select last_result, next_run_at from scheduled_jobs where name = ?', [job.name]);
    expect(row!.last_result).toBe('closed 1');
    // The next run is persisted: a restarted process waits for it instead of running at once.
    expect(new Date(row!.next_run_at).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    await Promise.all([one.stop(), two.stop()]);
  });
});
