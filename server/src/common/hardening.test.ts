import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema, printAppSchema } from '../schema.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const post = (body: string, headers: Record<string, string>) => fetch(`${app.url}/graphql`, { method: 'POST', headers, body });

describe('production posture', () => {
  it('refuses a text/plain POST as CSRF', async () => {
    const response = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a query nested past the depth limit and says so', async () => {
    const deep = `{ me { ${'a { '.repeat(12)}id${' }'.repeat(12)} } }`;
    const result = await app.gql(deep);
    expect(result.errors?.[0]?.message).toMatch(/depth limit is 10/);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses introspection and field suggestions outside development', async () => {
    expect(errorCode(await app.gql('{ __schema { types { name } } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await app.gql('{ me { displayNam } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await post(JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(200_000)}` }), { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a streamed body (no declared length) once it passes the limit, and closes the connection', async () => {
    const big = new TextEncoder().encode(JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(200_000)}` }));
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < big.length; i += 16_384) controller.enqueue(big.slice(i, i + 16_384));
        controller.close();
      },
    });
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers GraphQL with the security headers every page gets, and serves GET queries', async () => {
    const response = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: null } });
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers malformed JSON with 400, not a crash', async () => {
    const response = await post('{"query": ', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await app.gql('{ me { id } }')).data).toEqual({ me: null });
  });

  it('tags every response with a request id', async () => {
    const response = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'application/json', 'x-request-id': 'trace-me-1' });
    expect(response.headers.get('x-request-id')).toBe('trace-me-1');
  });
});

describe('health', () => {
  it('answers 200 while the database is reachable', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('answers 503 when the database is not reachable', async () => {
    const other = await createTestApp();
    await other.orm.close(true);
    const response = await fetch(`${other.url}/healthz`);
    expect(response.status).toBe(503);
    await other.server.stop();
  });
});

describe('metrics and readiness', () => {
  it('serves Prometheus metrics to loopback callers only: latency per operation, sockets, queues, outbox lag, events', async () => {
    await app.gql('{ me { id } }');
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/parceldesk_graphql_duration_seconds_count\{operation="me",transport="http"\} [1-9]/);
    for (const name of ['parceldesk_live_sockets', 'parceldesk_live_subscriptions', 'parceldesk_image_queue_depth', 'parceldesk_outbox_lag_seconds', 'parceldesk_realtime_events_received_total', 'parceldesk_process_cpu_seconds_total']) {
      expect(text).toContain(`\n${name} `);
    }
    // Through a proxy (X-Forwarded-For), the metrics are not there.
    expect((await fetch(`${app.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
    expect(await (await fetch(`${app.url}/readyz`)).json()).toMatchObject({ status: 'ready', instance: expect.any(String) });
  });
});

describe('schema file', () => {
  it('serves the relation fields of orders and parcels without type-graphql’s per-call wrapper', async () => {
    const schema = await buildAppSchema();
    const wrapped = (type: string, field: string) => {
      const fields = (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: () => unknown }> }).getFields();
      return fields[field]!.resolve?.toString().includes('applyMiddlewares') ?? false;
    };
    for (const [type, field] of [['Order', 'lines'], ['Order', 'shipments'], ['Shipment', 'items'], ['Shipment', 'events'], ['User', 'maskedPhone']] as const) {
      expect(wrapped(type, field), `${type}.${field}`).toBe(false);
    }
    // Root fields with @Authorized keep type-graphql's resolver (and its auth check).
    expect(wrapped('Query', 'myOrders')).toBe(true);
  });

  it('server/schema.graphql matches the code (run `pnpm --filter @parceldesk/server schema`)', async () => {
    const committed = await fs.readFile(path.resolve(import.meta.dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });
});

describe('migrations', () => {
  it('leave nothing for the entities to change', async () => {
    const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
