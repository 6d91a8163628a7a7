import {
  getNamedType,
  GraphQLObjectType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoData, type DemoKey } from '../demo/demo-data.js';
import { loadConfig } from '../config.js';
import { buildAppSchema } from '../schema.js';
import { merchantFactory, userFactory } from '../test/factories.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';

/*
 * No path through the graph shows what its root would not (issue 9, item 3). The queries are
 * generated from the schema: from every entry point (each demo order and parcel by id, and the
 * role lists), one query per relation field, walking the relations below it three levels deep,
 * selecting `id` and `__typename` of everything reached. Each runs as every role, and every order,
 * parcel, line, event and dispatch in the answer must be one that role may see, by an oracle
 * written here in SQL, independently of shipment.access.ts.
 */

type Who = DemoKey | 'merchant2';
const ROLES: Who[] = ['buyer', 'buyer2', 'courier', 'courier2', 'merchant', 'merchant2', 'agent'];
const DEPTH = 3;
const CHECKED = ['Order', 'Shipment', 'OrderLine', 'TrackingEvent', 'Dispatch'] as const;
type Checked = (typeof CHECKED)[number];

let app: TestApp;
let demo: DemoData;
let schema: GraphQLSchema;
const tokens = {} as Record<Who, string>;
const userIds = {} as Record<Who, string>;

beforeAll(async () => {
  // The walk asks deep trees, many times, on purpose: the query limits and the request budget
  // (tested in hardening.test.ts) are lifted for it.
  app = await createTestApp({
    limits: { ...loadConfig({}).limits, queryCost: 10_000_000, queryTokens: 100_000 },
    requestBudget: { points: 1_000_000, windowSeconds: 60 },
  });
  demo = await seedDemoData(app.orm.em.fork());
  Object.assign(tokens, await app.loginDemoUsers());
  for (const [key, user] of Object.entries(demo.users)) userIds[key as Who] = user.id;
  const em = app.orm.em.fork();
  const owner = userFactory(em, { role: 'MERCHANT' });
  merchantFactory(em, owner);
  await em.flush();
  tokens.merchant2 = await app.tokenFor(owner.id);
  userIds.merchant2 = owner.id;
  // A parcel handed from one courier to the other: its first dispatch belongs to 老李 only.
  const parcel = await sql<{ id: string }>(`select id from shipments where waybill_no = 'YX1000000005'`);
  const redispatch = await app.gql(
    `mutation($input: DispatchShipmentInput!) { dispatchShipment(input: $input) { id } }`,
    {
      input: {
        shipmentId: parcel[0]!.id,
        courierId: demo.users.courier2.id,
        channel: 'PHONE',
        pickupAt: new Date(Date.now() + 3600_000).toISOString(),
        pickupAddress: '仓库 2 号门',
      },
    },
    tokens.merchant,
  );
  expect(redispatch.errors).toBeUndefined();
  schema = await buildAppSchema();
}, 60_000);
afterAll(() => app.close());

function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.getConnection().execute<T[]>(text, params);
}

/** What each role may see, straight from the tables (the oracle). */
async function visibleIds(who: Who): Promise<Record<Checked, Set<string>>> {
  const me = userIds[who];
  const role = (await sql<{ role: string }>('select role from users where id = ?', [me]))[0]!.role;
  const orderWhere = {
    BUYER: 'o.buyer_id = ?',
    MERCHANT: 'o.merchant_id in (select id from merchants where owner_id = ?)',
    AGENT: '? is not null',
    COURIER: 'exists (select 1 from shipments x where x.order_id = o.id and x.courier_id = ?)',
  }[role]!;
  const shipmentWhere = role === 'COURIER' ? 's.courier_id = ?' : orderWhere;
  const ids = async (text: string) => new Set((await sql<{ id: string }>(text, [me])).map((r) => r.id));
  return {
    Order: await ids(`select o.id from orders o where ${orderWhere}`),
    Shipment: await ids(`select s.id from shipments s join orders o on o.id = s.order_id where ${shipmentWhere}`),
    OrderLine:
      role === 'COURIER'
        ? await ids(`select i.line_id as id from shipment_items i join shipments s on s.id = i.shipment_id where s.courier_id = ?`)
        : await ids(`select l.id from order_lines l join orders o on o.id = l.order_id where ${orderWhere}`),
    TrackingEvent: await ids(`select e.id from tracking_events e join shipments s on s.id = e.shipment_id join orders o on o.id = s.order_id where ${shipmentWhere}`),
    Dispatch: await ids(`select d.id from dispatches d join shipments s on s.id = d.shipment_id join orders o on o.id = s.order_id where ${shipmentWhere}`),
  };
}

// --- query generation from the schema ---

const relationFields = (type: GraphQLObjectType) =>
  Object.values(type.getFields()).filter((field) => isObjectType(getNamedType(field.type)));

/** `{ __typename id <every relation, `depth` levels down> }` for a type. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  if (type.getFields().id) parts.push('id');
  if (depth > 0) {
    for (const field of relationFields(type)) {
      if (field.args.some((arg) => arg.type.toString().endsWith('!'))) continue;
      parts.push(`${field.name} ${selection(getNamedType(field.type), depth - 1)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** One query per relation of the entry point's type (connections: of their node type). */
function queriesFor(field: GraphQLField<unknown, unknown>, call: string): string[] {
  let type = getNamedType(field.type) as GraphQLObjectType;
  let wrap = (inner: string) => `{ ${call} ${inner} }`;
  if (type.getFields().edges) {
    const node = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
    type = getNamedType(node.getFields().node!.type) as GraphQLObjectType;
    wrap = (inner) => `{ ${call} { edges { node ${inner} } } }`;
  }
  return relationFields(type).map((relation) =>
    wrap(`{ __typename id ${relation.name} ${selection(getNamedType(relation.type), DEPTH - 1)} }`),
  );
}

interface Entry {
  field: string;
  call: string;
}

async function entries(): Promise<Entry[]> {
  const orders = await sql<{ id: string }>('select id from orders order by order_no');
  const parcels = await sql<{ id: string }>('select id from shipments order by waybill_no');
  return [
    ...orders.map((o) => ({ field: 'order', call: `order(id: "${o.id}")` })),
    ...parcels.map((s) => ({ field: 'shipment', call: `shipment(id: "${s.id}")` })),
    { field: 'myOrders', call: 'myOrders(first: 50)' },
    { field: 'merchantOrders', call: 'merchantOrders(first: 50)' },
    { field: 'myDeliveries', call: 'myDeliveries(first: 50)' },
  ];
}

/** Every checked object in an answer that the viewer may not see. */
function leaks(data: unknown, allowed: Record<Checked, Set<string>>, seen: { count: number }): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const type = record.__typename as Checked;
    if (CHECKED.includes(type) && typeof record.id === 'string') {
      seen.count++;
      if (!allowed[type].has(record.id)) found.push(`${type} ${record.id}`);
    }
    Object.values(record).forEach(walk);
  };
  walk(data);
  return found;
}

describe('access through relations, generated from the schema', () => {
  it('shows no role an order, parcel, line, event or dispatch its root would refuse, on any path', async () => {
    const queryFields = schema.getQueryType()!.getFields();
    const generated = (await entries()).flatMap((entry) => queriesFor(queryFields[entry.field]!, entry.call).map((query) => ({ entry, query })));
    expect(generated.length).toBeGreaterThan(50);
    for (const who of ROLES) {
      const allowed = await visibleIds(who);
      const seen = { count: 0 };
      const found: string[] = [];
      for (const { query } of generated) {
        const result = await app.gql(query, {}, tokens[who]);
        // A root the role may not use or see answers FORBIDDEN or NOT_FOUND; nothing else may fail.
        for (const error of result.errors ?? []) {
          expect(['NOT_FOUND', 'FORBIDDEN'], `${who}: ${query}\n${JSON.stringify(error)}`).toContain(error.extensions?.code);
          expect(error.path, `${who}: ${query}`).toHaveLength(1);
        }
        found.push(...leaks(result.data, allowed, seen).map((leak) => `${leak} via ${query}`));
      }
      expect(found, who).toEqual([]);
      // A store with no orders sees none; everyone else must have been shown something to check.
      if (who === 'merchant2') expect(seen.count).toBe(0);
      else expect(seen.count, `${who} saw nothing: the walk checks nothing`).toBeGreaterThan(0);
    }
  }, 180_000);

  it('shows a courier only their own parcel of a shared order, with its timeline', async () => {
    const [mine] = await sql<{ id: string }>(`select id from shipments where waybill_no = 'YX1000000007'`); // 老李's; YX…6 is 小赵's
    const result = await app.gql(
      `query($id: ID!) { shipment(id: $id) { order { lines { sku } shipments { waybillNo events { status } } } } }`,
      { id: mine!.id },
      tokens.courier,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.shipment.order.shipments.map((s: { waybillNo: string }) => s.waybillNo)).toEqual(['YX1000000007']);
    expect(result.data!.shipment.order.lines.map((l: { sku: string }) => l.sku)).toEqual(['BLUE-YN-500']);
    const buyer = await app.gql(`query($id: ID!) { shipment(id: $id) { order { shipments { waybillNo } } } }`, { id: mine!.id }, tokens.buyer2);
    expect(buyer.data!.shipment.order.shipments.map((s: { waybillNo: string }) => s.waybillNo)).toEqual(['YX1000000006', 'YX1000000007']);
  });

  it('totals for a courier only the lines it carries, on a page read ahead and on one order alike', async () => {
    const [mine] = await sql<{ id: string }>(`select id from shipments where waybill_no = 'YX1000000007'`); // 老李's; YX…6 is 小赵's
    const lines = await sql<{ sku: string; cents: number }>(
      `select l.sku, l.unit_price_cents * l.quantity as cents from order_lines l join shipments s on s.order_id = l.order_id where s.id = ?`,
      [mine!.id],
    );
    const carried = lines.filter((line) => line.sku === 'BLUE-YN-500').reduce((sum, line) => sum + Number(line.cents), 0);
    const whole = lines.reduce((sum, line) => sum + Number(line.cents), 0);
    expect(carried).toBeLessThan(whole);
    const one = await app.gql(`query($id: ID!) { shipment(id: $id) { order { totalCents } } }`, { id: mine!.id }, tokens.courier);
    expect(one.data!.shipment.order.totalCents).toBe(carried);
    const page = await app.gql(`{ myDeliveries(first: 50) { edges { node { waybillNo order { totalCents lines { sku } } } } } }`, {}, tokens.courier);
    const node = page.data!.myDeliveries.edges.map((e: { node: { waybillNo: string } }) => e.node).find((n: { waybillNo: string }) => n.waybillNo === 'YX1000000007');
    expect(node.order.totalCents).toBe(carried);
    const buyer = await app.gql(`query($id: ID!) { shipment(id: $id) { order { totalCents } } }`, { id: mine!.id }, tokens.buyer2);
    expect(buyer.data!.shipment.order.totalCents).toBe(whole);
  });

  it('takes a handed-over parcel, its dispatches included, from the courier who had it', async () => {
    const [parcel] = await sql<{ id: string }>(`select id from shipments where waybill_no = 'YX1000000005'`);
    const query = `query($id: ID!) { shipment(id: $id) { dispatches { courier { displayName } } dispatch { courier { displayName } } } }`;
    const now = await app.gql(query, { id: parcel!.id }, tokens.courier2);
    expect(now.data!.shipment.dispatch).toEqual({ courier: { displayName: '派件员小赵' } });
    expect(errorCode(await app.gql(query, { id: parcel!.id }, tokens.courier))).toBe('NOT_FOUND');
    const store = await app.gql(query, { id: parcel!.id }, tokens.merchant);
    expect(store.data!.shipment.dispatches).toHaveLength(2);
  });

  it('applies the same rules to a mutation answer and a subscription payload', async () => {
    const [mine] = await sql<{ id: string }>(`select id from shipments where waybill_no = 'YX1000000007'`);
    const tree = `{ id order { shipments { waybillNo events { id } } lines { sku } } }`;
    const live = liveClient(app.url, tokens.courier);
    const following = liveFeeds(app);
    const stream = collect(live, `subscription($id: ID!) { shipmentUpdated(shipmentId: $id) ${tree} }`, { id: mine!.id });
    await following(1);
    const answer = await app.gql(
      `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) ${tree} }`,
      { input: { shipmentId: mine!.id, status: 'IN_TRANSIT' } },
      tokens.courier,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.recordTrackingEvent.order.shipments.map((s: { waybillNo: string }) => s.waybillNo)).toEqual(['YX1000000007']);
    const [pushed] = await stream.next(1);
    expect(pushed.shipmentUpdated.order.shipments.map((s: { waybillNo: string }) => s.waybillNo)).toEqual(['YX1000000007']);
    expect(pushed.shipmentUpdated.order.lines).toEqual([{ sku: 'BLUE-YN-500' }]);
    stream.unsubscribe();
    await live.dispose();
  });
});
