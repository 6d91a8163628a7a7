import { Role, ShipmentStatus } from '@parceldesk/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { loadConfig, type AutoDecisionPolicy } from '../config.js';
import type { DemoData, DemoKey } from '../demo/demo-data.js';
import { OrderBuilder } from '../demo/order-builder.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { userFactory } from '../test/factories.js';
import { demoApp, errorCode, type TestApp } from '../test/harness.js';
import { uploadEvidence } from '../test/images.js';
import { alter, syntheticPhoto } from '../trust/photo-corpus.js';
import { AutoRule } from './auto-decision.rules.js';
import { decideOnce } from './auto-decision.service.js';
import { FILE, filingInput } from './complaint.test-kit.js';

/*
 * Instant decisions (docs/trust.md): a clear-cut case is refunded by the system actor with its
 * reason in words; each rule, when it fails, declines and leaves the case to agents; a case is
 * decided once however many runs race; an agent reverses a refund within its window.
 */

const POLICY: AutoDecisionPolicy = { ...loadConfig({ NODE_ENV: 'test' }).complaints.autoDecision, enabled: true };
const DECISION = `query($id: ID!) { autoDecision(complaintId: $id) { outcome refundCents decidedAt reversibleUntil reversedAt reverseReason checks { rule passed detail } } }`;
const CASE = `query($id: ID!) { complaint(id: $id) { status assignee { id } resolution { kind refundCents reason }
  timeline { kind detail actor { displayName } } } }`;
const REVERSE = 'mutation($id: ID!, $reason: String!) { reverseAutoDecision(complaintId: $id, reason: $reason) { outcome reversedAt reverseReason } }';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;
let seed = 5000;

beforeAll(async () => ({ app, demo, tokens } = await demoApp({ complaints: { ...loadConfig({ NODE_ENV: 'test' }).complaints, jobTickMs: 3600_000, autoDecision: POLICY } })));
afterAll(() => app.close());

async function photo(token: string, kind: string, data?: Buffer): Promise<string> {
  const { status, body } = await uploadEvidence(app.url, token, [{ data: data ?? (await syntheticPhoto(seed++)) }], { kind });
  if (status !== 201) throw new Error(`upload failed: ${status} ${JSON.stringify(body)}`);
  return body.evidence[0].id;
}

interface CaseSpec {
  /** The courier's scale at pickup (2 × 1100 g expected; 1150 supports one missing unit). */
  pickupGrams?: number;
  /** Another parcel with the line still in transit. */
  onTheWay?: boolean;
  photos?: (token: string) => Promise<string[]>;
  buyer?: { id: string; token: string };
}

/** A new buyer (unless given) with a delivered order of two boxes of grapes, weighed at pickup, and a case claiming one. */
async function fileCase(spec: CaseSpec = {}) {
  const em = app.orm.em.fork();
  const buyer = spec.buyer ?? (await (async () => {
    const user = userFactory(em, { role: Role.BUYER });
    await em.flush();
    return { id: user.id, token: await app.tokenFor(user.id) };
  })());
  const build = new OrderBuilder(em, { merchant: em.getReference(Merchant, demo.merchant.id), merchantUser: em.getReference(User, demo.users.merchant.id), now: new Date(), pickupAddress: '仓库' });
  const placed = build.order({ buyer: em.getReference(User, buyer.id), createdHoursAgo: 30, orderNo: `ADO${seed++}`, shippingAddress: '上海', lines: [['阳光玫瑰葡萄 2 斤', 'GRAPE', 5990, 2, 1100]] });
  const courier = em.getReference(User, demo.users.courier.id);
  build.parcel(placed, `AD${seed++}`, placed.lines, { courier, to: ShipmentStatus.DELIVERED, pickupWeightGrams: spec.pickupGrams ?? 1150 });
  if (spec.onTheWay) build.parcel(placed, `AD${seed++}`, placed.lines, { courier, to: ShipmentStatus.IN_TRANSIT });
  await em.flush();
  const photos = spec.photos ? await spec.photos(buyer.token) : [await photo(buyer.token, 'WAYBILL_LABEL'), await photo(buyer.token, 'CONTENTS')];
  const filed = await app.gql(FILE, { input: filingInput(placed.order.id, placed.lines[0]!.id, photos) }, buyer.token);
  if (!filed.data) throw new Error(JSON.stringify(filed.errors));
  return { id: filed.data.fileComplaint.complaint.id as string, caseNo: filed.data.fileComplaint.complaint.caseNo as string, buyer };
}

const decide = (id: string, policy: Partial<AutoDecisionPolicy> = {}) => decideOnce(app.orm.em.fork(), app.server.deps.realtime, { ...POLICY, ...policy }, id);

async function declinedBy(id: string): Promise<string[]> {
  const decision = (await app.gql(DECISION, { id }, tokens.agent)).data!.autoDecision;
  expect(decision.outcome).toBe('DECLINED');
  expect((await app.gql(CASE, { id }, tokens.agent)).data!.complaint.status).toBe('SUBMITTED');
  // The buyer is not shown a declined check: the case simply goes to an agent.
  return decision.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule);
}

describe('instant decisions', () => {
  it('refunds a clear-cut case through the scheduled job, says why to the buyer, and shows the facts to agents', async () => {
    const filed = await fileCase();
    await app.server.deps.scheduler.makeDue('complaints.auto-decide');
    expect(await app.server.deps.scheduler.tick()).toContain('complaints.auto-decide');

    const buyerView = (await app.gql(CASE, { id: filed.id }, filed.buyer.token)).data!.complaint;
    expect(buyerView.status).toBe('RESOLVED');
    expect(buyerView.resolution).toMatchObject({ kind: 'REFUND', refundCents: 5990 });
    expect(buyerView.resolution.reason).toMatch(/^自动核验通过：揽收称重比应重少 1050 g（约 1 件）.*已退款 ¥59\.90。$/);
    expect(buyerView.timeline.at(-1)).toMatchObject({ kind: 'RESOLVED', detail: 'REFUND:5990', actor: { displayName: '自动核验' } });

    const forBuyer = (await app.gql(DECISION, { id: filed.id }, filed.buyer.token)).data!.autoDecision;
    expect(forBuyer).toMatchObject({ outcome: 'REFUNDED', refundCents: 5990, reversedAt: null });
    expect(forBuyer.checks.map((c: { rule: string }) => c.rule)).toEqual(Object.values(AutoRule));
    expect(forBuyer.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
    expect(Date.parse(forBuyer.reversibleUntil) - Date.parse(forBuyer.decidedAt)).toBe(24 * 3600_000);
    const forAgent = (await app.gql(DECISION, { id: filed.id }, tokens.agent)).data!.autoDecision;
    expect(forAgent.checks.find((c: { rule: string }) => c.rule === 'WEIGHT_SUPPORTS_CLAIM').detail).toMatch(/^SUPPORTS_CLAIM:PICKUP_SCALE:missing 1050 g of 2200 g/);
    const [notification] = await app.orm.em.getConnection().execute("select kind, detail from notifications where complaint_id = ? and kind = 'COMPLAINT_DECIDED'", [filed.id]);
    // Like an agent's refund: the amount travels with the notification, so its text can say it.
    expect(notification).toMatchObject({ kind: 'COMPLAINT_DECIDED', detail: 'REFUND:5990' });
    // Decided once: another run leaves it alone.
    expect(await decide(filed.id)).toBeNull();
  });

  it('declines, rule by rule, and leaves the case to agents', async () => {
    const weight = await fileCase({ pickupGrams: 2190 });
    await decide(weight.id);
    expect(await declinedBy(weight.id)).toEqual(['WEIGHT_SUPPORTS_CLAIM']);

    const onTheWay = await fileCase({ onTheWay: true });
    await decide(onTheWay.id);
    expect(await declinedBy(onTheWay.id)).toContain('NOTHING_ON_THE_WAY');

    const onePhoto = await fileCase({ photos: async (token) => [await photo(token, 'CONTENTS')] });
    await decide(onePhoto.id);
    expect(await declinedBy(onePhoto.id)).toEqual(['REQUIRED_PHOTOS']);

    const flat = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#a85' } }).jpeg().toBuffer();
    const unchecked = await fileCase({ photos: async (token) => [await photo(token, 'WAYBILL_LABEL'), await photo(token, 'CONTENTS', flat)] });
    await decide(unchecked.id);
    expect(await declinedBy(unchecked.id)).toEqual(['PHOTOS_CHECKED']);

    const original = await syntheticPhoto(seed++);
    await fileCase({ photos: async (token) => [await photo(token, 'WAYBILL_LABEL'), await photo(token, 'CONTENTS', original)] });
    const reused = await fileCase({ photos: async (token) => [await photo(token, 'WAYBILL_LABEL'), await photo(token, 'CONTENTS', await alter(original, 'screenshot', 3))] });
    await decide(reused.id);
    expect(await declinedBy(reused.id)).toEqual(['NO_REUSED_PHOTO']);

    const old = await sharp(await syntheticPhoto(seed++)).withExif({ IFD2: { DateTimeOriginal: '2021:03:04 10:00:00' } }).jpeg().toBuffer();
    const early = await fileCase({ photos: async (token) => [await photo(token, 'WAYBILL_LABEL'), await photo(token, 'CONTENTS', old)] });
    await decide(early.id);
    expect(await declinedBy(early.id)).toEqual(['NO_PRE_DELIVERY_PHOTO']);

    const capped = await fileCase();
    await decide(capped.id, { maxRefundCents: 5000 });
    expect(await declinedBy(capped.id)).toEqual(['AMOUNT_UNDER_CAP']);
  });

  it('counts only the buyer’s own recent cases, and skips a case an agent has taken', async () => {
    const first = await fileCase();
    expect(await decide(first.id)).toBe('REFUNDED');
    const second = await fileCase({ buyer: first.buyer });
    await decide(second.id, { maxRecentCases: 0 });
    expect(await declinedBy(second.id)).toEqual(['RECENT_CASES']);
    // Another buyer's history does not count against this one.
    const other = await fileCase();
    expect(await decide(other.id, { maxRecentCases: 0 })).toBe('REFUNDED');

    const taken = await fileCase();
    await app.gql('mutation($id: ID!) { assignComplaint(id: $id) { id } }', { id: taken.id }, tokens.agent);
    expect(await decide(taken.id)).toBeNull();
    expect((await app.gql(DECISION, { id: taken.id }, tokens.agent)).data!.autoDecision).toBeNull();
  });

  it('decides once under concurrent runs, and does nothing when switched off', async () => {
    const filed = await fileCase();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => decide(filed.id)));
    expect(outcomes.filter((o) => o !== null)).toEqual(['REFUNDED']);
    const [counts] = await app.orm.em.getConnection().execute(
      `select (select count(*) from auto_decisions where complaint_id = ?) as decisions,
              (select count(*) from complaint_events where complaint_id = ? and kind = 'RESOLVED') as refunds`,
      [filed.id, filed.id],
    );
    expect(counts).toEqual({ decisions: '1', refunds: '1' });

    const off = await fileCase();
    const { autoDecideJob } = await import('./auto-decision.service.js');
    expect(await autoDecideJob(app.server.deps.realtime, { ...POLICY, enabled: false }).run(app.orm.em.fork(), new Date())).toBe('off');
    expect((await app.gql(DECISION, { id: off.id }, tokens.agent)).data!.autoDecision).toBeNull();
  });

  it('lets an agent reverse a refund within 24 hours, once; others are refused', async () => {
    const filed = await fileCase();
    await decide(filed.id);
    const stranger = await app.gql(DECISION, { id: filed.id }, tokens.buyer2);
    expect(errorCode(stranger)).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(REVERSE, { id: filed.id, reason: '我要复核' }, filed.buyer.token))).toBe('FORBIDDEN');
    expect((await app.gql(REVERSE, { id: filed.id, reason: '  ' }, tokens.agent)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(errorCode(await app.gql(REVERSE, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, tokens.agent))).toBe('NOT_FOUND');

    const reversed = await app.gql(REVERSE, { id: filed.id, reason: '外箱照片与面单不符，需人工复核' }, tokens.agent);
    expect(reversed.data!.reverseAutoDecision).toMatchObject({ outcome: 'REFUNDED', reverseReason: '外箱照片与面单不符，需人工复核', reversedAt: expect.any(String) });
    const after = (await app.gql(CASE, { id: filed.id }, filed.buyer.token)).data!.complaint;
    expect(after).toMatchObject({ status: 'IN_REVIEW', resolution: null, assignee: { id: demo.users.agent.id } });
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'AUTO_REVERSED', detail: '外箱照片与面单不符，需人工复核' });
    // The buyer, told of the refund, is told it was taken back and why (in their notifications).
    const told = await app.gql('{ myNotifications(first: 5) { edges { node { kind complaintId detail } } } }', {}, filed.buyer.token);
    expect(told.data!.myNotifications.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ kind: 'COMPLAINT_AUTO_REVERSED', complaintId: filed.id, detail: '外箱照片与面单不符，需人工复核' });
    expect(errorCode(await app.gql(REVERSE, { id: filed.id, reason: 'again' }, tokens.agent))).toBe('INVALID_TRANSITION');

    const late = await fileCase();
    await decide(late.id);
    await app.orm.em.getConnection().execute("update auto_decisions set reversible_until = now() - interval '1 minute' where complaint_id = ?", [late.id]);
    expect(errorCode(await app.gql(REVERSE, { id: late.id, reason: 'too late' }, tokens.agent))).toBe('INVALID_TRANSITION');
  });
});
