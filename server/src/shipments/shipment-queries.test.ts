import { Role } from '@parceldesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { merchantFactory, ordersFactory, userFactory } from '../test/factories.js';

// No N+1: a list's statement count must not grow with its page size.
let app: TestApp;
let buyerToken: string;
let merchantToken: string;
let courierToken: string;

beforeAll(async () => {
  app = await createTestApp();
  const em = app.orm.em.fork();
  const buyer = userFactory(em, { role: Role.BUYER });
  const courier = userFactory(em, { role: Role.COURIER });
  const merchantUser = userFactory(em, { role: Role.MERCHANT });
  const merchant = merchantFactory(em, merchantUser);
  await ordersFactory(em, { buyer, merchant, merchantUser, courier, count: 20 });
  buyerToken = await app.tokenFor(buyer.id);
  merchantToken = await app.tokenFor(merchantUser.id);
  courierToken = await app.tokenFor(courier.id);
});
afterAll(() => app.close());

const ORDER_FIELDS = `
  orderNo totalCents merchant { name } buyer { displayName }
  lines { title quantity unitPriceCents }
  shipments {
    waybillNo status version courier { displayName }
    dispatch { channel pickupAt courier { displayName } dispatchedBy { displayName } }
    items { quantity line { sku } }
    events { status occurredAt recordedBy { displayName } }
  }`;

async function statementsFor(query: string, token: string, first: number) {
  const { result, queries } = await app.countQueries(() => app.gql(query, { first }, token));
  expect(result.errors).toBeUndefined();
  return { queries, result };
}

/**
 * One statement per relation level, whatever the page size: 20 orders with 40 parcels and 180
 * events would take hundreds with N+1. The users of different levels (buyer, courier, recorder)
 * are batched per tick by the dataloader, so a run may take one users batch more or fewer.
 */
function expectFixed(counts: number[]) {
  expect(Math.max(...counts), JSON.stringify(counts)).toBeLessThanOrEqual(13);
  expect(Math.max(...counts) - Math.min(...counts), JSON.stringify(counts)).toBeLessThanOrEqual(1);
}

describe('list endpoints run a fixed number of statements', () => {
  it('myOrders: the same few statements for 2, 10 and 20 orders', async () => {
    const query = `query($first: Int) { myOrders(first: $first) { totalCount edges { node { ${ORDER_FIELDS} } } } }`;
    const counts = [];
    for (const first of [2, 10, 20]) {
      const { queries, result } = await statementsFor(query, buyerToken, first);
      expect(result.data!.myOrders.edges).toHaveLength(first);
      expect(result.data!.myOrders.edges[0].node.shipments.flatMap((s: any) => s.events)).toHaveLength(9);
      counts.push(queries.length);
    }
    expectFixed(counts);
  });

  it('merchantOrders: the same few statements for 2, 10 and 20 orders', async () => {
    const query = `query($first: Int) { merchantOrders(first: $first) { totalCount edges { node { ${ORDER_FIELDS} } } } }`;
    const counts = [];
    for (const first of [2, 10, 20]) {
      const { queries, result } = await statementsFor(query, merchantToken, first);
      expect(result.data!.merchantOrders.edges).toHaveLength(first);
      counts.push(queries.length);
    }
    expectFixed(counts);
  });

  it('myDeliveries: the same few statements for 2, 10 and 20 parcels', async () => {
    const query = `query($first: Int) { myDeliveries(first: $first) { totalCount edges { node {
      waybillNo status courierActions recipient { name phone masked } order { orderNo shippingAddress buyer { displayName } } dispatch { pickupAt pickupAddress }
      items { quantity line { title } } events { status recordedBy { displayName } } } } } }`;
    const counts = [];
    for (const first of [2, 10, 20]) {
      const { queries, result } = await statementsFor(query, courierToken, first);
      expect(result.data!.myDeliveries.edges).toHaveLength(first);
      counts.push(queries.length);
    }
    expectFixed(counts);
  });
});
