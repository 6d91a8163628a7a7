import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { Order } from '../shipments/order.entity.js';
import { merchantFactory } from '../test/factories.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { FILE, filingInput, upload } from './complaint.test-kit.js';

/*
 * complaint(id) as the agents' workbench asks for it (WorkbenchFields in web/src/apps/desktop/queue):
 * one statement for the case with its people and order, one per list, whatever the case holds;
 * and the same rules as everywhere (who sees the case, internal notes and steps, signals).
 */

const FIELDS = `
  id caseNo status version channels threadId description createdAt slaDueAt firstResponseDueAt resolutionDueAt disputes allowedActions
  buyer { id displayName maskedPhone } assignee { id displayName }
  order { id orderNo totalCents merchant { id name } }
  missingItems { quantityMissing line { id title unitPriceCents unitWeightGrams quantity } }
  evidence { id kind width height url thumbnailUrl sha256 }
  evidenceChecklist { complete missing }
  notes { id body internal createdAt author { id displayName role } }
  timeline { id kind toStatus detail createdAt actor { id displayName } }
  resolution { kind refundCents reason decidedAt reshipment { id waybillNo status } }
  signals { suggestedRefundCents refundableCents
    weightCheck { expectedGrams observedGrams source claimedGrams missingGrams impliedMissingUnits toleranceGrams verdict waybills }
    parcelsOnTheWay { id waybillNo status } duplicatePhotos { evidenceId otherComplaintId otherCaseNo } }`;
const WORKBENCH = `query($id: ID!) { complaint(id: $id) { ${FIELDS} } }`;

const NOTE = 'mutation($id: ID!, $body: String!, $internal: Boolean!) { addComplaintNote(id: $id, input: { body: $body }, internal: $internal) { id } }';
const ATTACH = 'mutation($id: ID!, $ids: [ID!]!) { attachEvidence(id: $id, evidenceIds: $ids) { id } }';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
let caseId: string;
let caseNo: string;

beforeAll(async () => {
  ({ app, demo, tokens } = await demoApp());
  // The outbox worker (notifications of the changes made here) runs its own statements after a
  // mutation's answer and polls every 5 s: this file counts a query's statements, so it is stopped.
  await app.server.deps.outbox.stop();
  const order = await app.orm.em.fork().findOneOrFail(Order, demo.orders.delivered.id, { populate: ['lines'] });
  const photos = await upload(app, tokens.buyer, ['CONTENTS']);
  const filed = await app.gql(FILE, { input: filingInput(order.id, order.lines[0]!.id, photos) }, tokens.buyer);
  if (!filed.data) throw new Error(JSON.stringify(filed.errors));
  ({ id: caseId, caseNo } = filed.data.fileComplaint.complaint);
});
afterAll(() => app.close());

describe('complaint(id): the workbench', () => {
  it('runs 8 statements as an agent (session, the case, 6 lists) however many notes, photos and steps the case has', async () => {
    const statements = async () => {
      const { result, queries } = await app.countQueries(() => app.gql(WORKBENCH, { id: caseId }, tokens.agent));
      expect(result.errors).toBeUndefined();
      return { complaint: result.data!.complaint, count: queries.length };
    };
    const before = await statements();
    expect(before.count).toBe(8);
    expect(before.complaint.notes).toHaveLength(0);

    for (let i = 0; i < 3; i++) {
      expect((await app.gql(NOTE, { id: caseId, body: `内部记录 ${i}`, internal: true }, tokens.agent)).errors).toBeUndefined();
      expect((await app.gql(NOTE, { id: caseId, body: `您好 ${i}`, internal: false }, tokens.agent)).errors).toBeUndefined();
    }
    const more = await upload(app, tokens.buyer, ['WAYBILL_LABEL', 'OTHER']);
    expect((await app.gql(ATTACH, { id: caseId, ids: more }, tokens.buyer)).errors).toBeUndefined();

    const after = await statements();
    expect(after.count).toBe(8);
    expect(after.complaint.notes).toHaveLength(6);
    expect(after.complaint.evidence).toHaveLength(3);
    expect(after.complaint.evidenceChecklist).toEqual({ complete: true, missing: [] });
    expect(after.complaint.timeline.length).toBeGreaterThan(before.complaint.timeline.length + 6);
    expect(after.complaint.notes[0]).toMatchObject({ body: '内部记录 0', internal: true, author: { id: demo.users.agent.id, role: 'AGENT' } });
    expect(after.complaint.evidence[0].url).toBe(`/evidence/${after.complaint.evidence[0].id}`);
    expect(after.complaint.signals).toMatchObject({ suggestedRefundCents: 5990, refundableCents: 11980, weightCheck: { verdict: 'SUPPORTS_CLAIM' } });
    expect(after.complaint.order).toMatchObject({ id: demo.orders.delivered.id, totalCents: 11980, merchant: { id: demo.merchant.id } });
  });

  it('answers the same by case number as by id', async () => {
    const byId = await app.gql(WORKBENCH, { id: caseId }, tokens.agent);
    const byNumber = await app.gql(WORKBENCH, { id: caseNo }, tokens.agent);
    expect(byNumber.errors).toBeUndefined();
    expect(byNumber.data).toEqual(byId.data);
  });

  it('shows buyers and stores their own case without internal notes, internal steps or signals, in fewer statements', async () => {
    expect((await app.gql(NOTE, { id: caseId, body: '仅客服可见', internal: true }, tokens.agent)).errors).toBeUndefined();
    const agentView = (await app.gql(WORKBENCH, { id: caseId }, tokens.agent)).data!.complaint;
    for (const token of [tokens.buyer, tokens.merchant]) {
      const { result, queries } = await app.countQueries(() => app.gql(WORKBENCH, { id: caseNo }, token));
      expect(result.errors).toBeUndefined();
      const seen = result.data!.complaint;
      expect(seen.signals).toBeNull();
      expect(seen.notes.every((n: any) => !n.internal)).toBe(true);
      expect(seen.notes.map((n: any) => n.body)).toEqual(agentView.notes.filter((n: any) => !n.internal).map((n: any) => n.body));
      // Internal notes leave internal steps on the agents' timeline only.
      expect(seen.timeline.length).toBeLessThan(agentView.timeline.length);
      expect(seen.evidence).toEqual(agentView.evidence);
      // Session, case, lines, photos, notes, timeline: no parcels nor duplicate photos read for them.
      expect(queries.length).toBe(6);
    }
  });

  it('answers NOT_FOUND to another store, another buyer, a missing id and a malformed one; FORBIDDEN to couriers', async () => {
    const em = app.orm.em.fork();
    const other = merchantFactory(em);
    await em.flush();
    const otherStore = await app.tokenFor(other.owner.id);
    for (const id of [caseId, caseNo]) {
      for (const token of [otherStore, tokens.buyer2]) {
        const result = await app.gql(WORKBENCH, { id }, token);
        expect(errorCode(result), id).toBe('NOT_FOUND');
        // The case's own refusal, at the root: not a nested field's (the order's rule would refuse too).
        expect(result.errors!.map((error) => ({ path: error.path, message: error.message })), id).toEqual([{ path: ['complaint'], message: 'Complaint not found' }]);
        expect(result.data?.complaint ?? null).toBeNull();
      }
      expect(errorCode(await app.gql(WORKBENCH, { id }, tokens.courier))).toBe('FORBIDDEN');
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'C20991231ABCDEF', 'not-an-id']) {
      expect(errorCode(await app.gql(WORKBENCH, { id }, tokens.agent)), id).toBe('NOT_FOUND');
    }
  });

  it('answers a change with the case as complaint(id) then reads it, for the one who made it', async () => {
    const assign = `mutation($id: ID!) { assignComplaint(id: $id) { ${FIELDS} } }`;
    const note = `mutation($id: ID!, $body: String!) { addComplaintNote(id: $id, input: { body: $body }, internal: true) { ${FIELDS} } }`;
    const assigned = await app.gql(assign, { id: caseId }, tokens.agent);
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignComplaint.assignee).toEqual({ id: demo.users.agent.id, displayName: demo.users.agent.displayName });
    const noted = await app.gql(note, { id: caseId, body: '核对出库记录' }, tokens.agent);
    expect(noted.errors).toBeUndefined();
    const answer = noted.data!.addComplaintNote;
    expect(answer.notes.at(-1)).toMatchObject({ body: '核对出库记录', internal: true });
    expect(answer).toEqual((await app.gql(WORKBENCH, { id: caseId }, tokens.agent)).data!.complaint);
    // The buyer's own change: answered without the agents' parts.
    const reply = `mutation($id: ID!) { addComplaintNote(id: $id, input: { body: "还有一盒没到" }) { ${FIELDS} } }`;
    const mine = (await app.gql(reply, { id: caseId }, tokens.buyer)).data!.addComplaintNote;
    expect(mine.signals).toBeNull();
    expect(mine.notes.some((n: any) => n.internal)).toBe(false);
    expect(mine.notes.at(-1)).toMatchObject({ body: '还有一盒没到', author: { id: demo.users.buyer.id } });
  });

  it('shows a reshipment in the decision, read with the signals’ parcels for agents, and never as a parcel on the way', async () => {
    const resolve = `mutation($id: ID!) { resolveComplaint(id: $id, input: { kind: RESHIP }) { ${FIELDS} } }`;
    const decided = await app.gql(resolve, { id: caseId }, tokens.agent);
    expect(decided.errors).toBeUndefined();
    const reshipment = decided.data!.resolveComplaint.resolution.reshipment;
    expect(reshipment).toMatchObject({ id: expect.any(String), status: 'CREATED' });
    const { result, queries } = await app.countQueries(() => app.gql(WORKBENCH, { id: caseId }, tokens.agent));
    expect(queries).toHaveLength(8);
    const agentView = result.data!.complaint;
    expect(agentView.resolution).toMatchObject({ kind: 'RESHIP', reshipment });
    expect(agentView.signals.parcelsOnTheWay).toEqual([]);
    const buyerView = (await app.gql(WORKBENCH, { id: caseId }, tokens.buyer)).data!.complaint;
    expect(buyerView.resolution).toEqual(agentView.resolution);
  });
});
