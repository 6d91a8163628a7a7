import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { Order } from '../shipments/order.entity.js';
import { demoApp, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { overdueComplaintsJob } from './complaint.jobs.js';
import { FILE, filingInput, upload } from './complaint.test-kit.js';
import { ComplaintTopic } from './complaint.topics.js';
import { ComplaintQueueEventKind } from './complaint.types.js';

/** complaintQueueChanged tells agents when a case passes its SLA due time: once per due time. */
let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

const QUEUE_LIVE = 'subscription { complaintQueueChanged { kind complaint { id caseNo slaDueAt } } }';
/**
 * Publishes a plain UPDATED queue event and waits for it: NOTIFY keeps the order, so once it is
 * there, so is anything announced before it (a "nothing was announced" check needs no wait).
 */
async function caughtUp(agent: { results: unknown[]; next(count: number): Promise<unknown> }, complaintId: string): Promise<void> {
  const seen = agent.results.length;
  await app.server.deps.realtime.publish(ComplaintTopic.COMPLAINT_QUEUE, 'agents', `${ComplaintQueueEventKind.UPDATED}:${complaintId}`);
  await agent.next(seen + 1);
}
const overdueEvents = (results: any[], id: string) => results.filter((r) => r.complaintQueueChanged.kind === 'OVERDUE' && r.complaintQueueChanged.complaint.id === id);

describe('the overdue queue event', () => {
  it('announces a case once when it passes its SLA due time, across processes and restarts, and again for the next clock', async () => {
    const order = await app.orm.em.fork().findOneOrFail(Order, demo.orders.delivered.id, { populate: ['lines'] });
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const filed = await app.gql(FILE, { input: filingInput(order.id, order.lines[0]!.id, photos) }, tokens.buyer);
    const complaint = filed.data!.fileComplaint.complaint;
    const following = liveFeeds(app);
    const agent = collect(liveClient(app.url, tokens.agent), QUEUE_LIVE, {});
    await following(1);

    const scheduler = app.server.deps.scheduler;
    // Not due yet: nothing announced.
    await scheduler.makeDue('complaints.overdue');
    expect(await scheduler.tick()).toContain('complaints.overdue');
    await caughtUp(agent, complaint.id);
    expect(overdueEvents(agent.results, complaint.id)).toEqual([]);

    // The first-response clock runs out.
    await app.orm.em.getConnection().execute(`update complaints set first_response_due_at = now() - interval '1 minute', sla_due_at = now() - interval '1 minute' where id = ?`, [complaint.id]);
    // Two processes' schedulers (a second one over the same database, as after a restart or beside
    // this one) race for the due run: one claims it, and the case is announced once.
    const other = new Scheduler(app.orm, pino({ level: 'silent' }), [overdueComplaintsJob(app.server.deps.realtime)], 60_000);
    await scheduler.makeDue('complaints.overdue');
    const ran = await Promise.all([scheduler.tick(), other.tick()]);
    expect(ran.flat().filter((name) => name === 'complaints.overdue')).toHaveLength(1);
    await agent.next(1);
    await caughtUp(agent, complaint.id);
    const events = overdueEvents(agent.results, complaint.id);
    expect(events).toHaveLength(1);
    expect(events[0].complaintQueueChanged.complaint).toMatchObject({ id: complaint.id, caseNo: complaint.caseNo });

    // Later runs (in either process) do not repeat it: the announced due time is in the database.
    for (const s of [other, scheduler]) {
      await scheduler.makeDue('complaints.overdue');
      expect(await s.tick()).toContain('complaints.overdue');
    }
    await caughtUp(agent, complaint.id);
    expect(overdueEvents(agent.results, complaint.id)).toHaveLength(1);

    // The agent answers: the resolution clock is next; when it runs out, the case is announced again.
    await app.gql('mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "我们正在核实" }) { id } }', { id: complaint.id }, tokens.agent);
    await app.orm.em.getConnection().execute(`update complaints set resolution_due_at = now() - interval '1 minute', sla_due_at = now() - interval '1 minute' where id = ?`, [complaint.id]);
    await scheduler.makeDue('complaints.overdue');
    await scheduler.tick();
    await caughtUp(agent, complaint.id);
    expect(overdueEvents(agent.results, complaint.id)).toHaveLength(2);
    // The overdue filter of the queue shows it.
    const queue = await app.gql('{ complaintQueue(filter: { overdue: true }) { edges { node { id } } } }', {}, tokens.agent);
    expect(queue.data!.complaintQueue.edges.map((e: any) => e.node.id)).toContain(complaint.id);
    agent.unsubscribe();
  });

  it('names what happened in every queue event (NEW on filing, ASSIGNED, RESOLVED)', async () => {
    const order = await app.orm.em.fork().findOneOrFail(Order, demo.orders.delivered.id, { populate: ['lines'] });
    await app.orm.em.getConnection().execute(`update complaints set status = 'WITHDRAWN' where order_id = ?`, [order.id]);
    const following = liveFeeds(app);
    const agent = collect(liveClient(app.url, tokens.agent), QUEUE_LIVE, {});
    await following(1);
    const photos = await upload(app, tokens.buyer, ['CONTENTS']);
    const id = (await app.gql(FILE, { input: filingInput(order.id, order.lines[0]!.id, photos) }, tokens.buyer)).data!.fileComplaint.complaint.id;
    await app.gql('mutation($id: ID!) { assignComplaint(id: $id) { id } }', { id }, tokens.agent);
    await app.gql('mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: REJECT, reason: "照片不清楚" }) { id } }', { id }, tokens.agent);
    await agent.next(3);
    expect(agent.results.filter((r: any) => r.complaintQueueChanged.complaint.id === id).map((r: any) => r.complaintQueueChanged.kind)).toEqual(['NEW', 'ASSIGNED', 'RESOLVED']);
    agent.unsubscribe();
  });
});
