import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoData, type DemoKey } from '../demo/demo-data.js';
import { createTestApp, demoApp, errorCode, type TestApp } from '../test/harness.js';
import { collect, liveClient } from '../test/live-client.js';

let app: TestApp;
let demo: DemoData;
let tokens: Record<DemoKey, string>;

beforeAll(async () => ({ app, demo, tokens } = await demoApp()));
afterAll(() => app.close());

const aliased = (count: number, field = 'me { id }') =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('query shape limits', () => {
  it('refuses 1,000 aliased root lookups before running any of them', async () => {
    const lookup = `order(id: "${demo.orders.delivered.id}") { id orderNo }`;
    const { result, queries } = await app.countQueries(() => app.gql(aliased(1000, lookup), {}, tokens.buyer));
    expect(errorCode(result)).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
    expect(result.data ?? null).toBeNull();
    // Only the session lookup ran: no order was read.
    expect(queries.filter((sql) => /from "orders"/.test(sql))).toEqual([]);
  });

  it('allows 15 aliases and refuses the 16th, naming the limit', async () => {
    expect((await app.gql(aliased(15), {}, tokens.buyer)).data).toBeTruthy();
    const refused = await app.gql(aliased(16), {}, tokens.buyer);
    expect(errorCode(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/too many aliases: the limit is 15/);
  });

  it('counts aliases inside fragments and nested selections', async () => {
    const query = `{ me { ...F } } fragment F on User { ${Array.from({ length: 16 }, (_, i) => `x${i}: id`).join(' ')} }`;
    expect((await app.gql(query, {}, tokens.buyer)).errors?.[0]?.message).toMatch(/too many aliases/);
  });

  it('refuses too many directives', async () => {
    const query = `{ me { id ${Array(21).fill('@include(if: true)').join(' ')} } }`;
    const result = await app.gql(query, {}, tokens.buyer);
    expect(result.errors?.[0]?.message).toMatch(/too many directives: the limit is 20/);
  });

  it('stops parsing a document past the token limit', async () => {
    const query = `{ me { ${Array(1200).fill('id').join(' ')} } }`;
    const result = await app.gql(query, {}, tokens.buyer);
    expect(errorCode(result)).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/more tha[nt] 1000 tokens/);
  });

  it('applies the alias and token limits on the WebSocket too', async () => {
    const client = liveClient(app.url, tokens.buyer);
    const fields = Array.from({ length: 16 }, (_, i) => `v${i}: version`).join(' ');
    const aliases = collect(client, `subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { ${fields} } }`, { id: 'x' });
    await aliases.completed;
    expect(JSON.stringify(aliases.errors)).toContain('too many aliases');
    const long = collect(client, `subscription { shipmentUpdated(shipmentId: "x") { ${Array(1200).fill('id').join(' ')} } }`, {});
    await long.completed;
    expect(JSON.stringify(long.errors)).toMatch(/more tha[nt] 1000 tokens/);
    await client.dispose();
  });
});

describe('cursors', () => {
  const PAGE = 'query($after: String) { myOrders(first: 1, after: $after) { edges { cursor node { id } } } }';
  const encode = (payload: string) => Buffer.from(payload).toString('base64url');

  it('accepts the cursors the server hands out', async () => {
    const first = await app.gql(PAGE, {}, tokens.buyer);
    const cursor = first.data!.myOrders.edges[0].cursor;
    const second = await app.gql(PAGE, { after: cursor }, tokens.buyer);
    expect(second.data!.myOrders.edges[0].node.id).not.toBe(first.data!.myOrders.edges[0].node.id);
  });

  it('refuses huge, non-canonical and tampered cursors with BAD_USER_INPUT naming `after`', async () => {
    const bad = [
      encode('o:1e20'),
      encode('o:0x10'),
      encode('o:010'),
      encode('o: 1'),
      encode('o:1.0'),
      encode('o:-1'),
      encode('o:99999999999999999999'),
      encode('o:1\u0000'),
      `${encode('o:1')}!!`,
      encode('x:1'),
      '\u0000',
    ];
    for (const after of bad) {
      const result = await app.gql(PAGE, { after }, tokens.buyer);
      expect(errorCode(result), after).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('after');
    }
  });
});

describe('per-user request budget', () => {
  let limited: TestApp;
  let limitedTokens: Record<DemoKey, string>;

  beforeAll(async () => {
    limited = await createTestApp({ requestBudget: { points: 40, windowSeconds: 60 } });
    await seedDemoData(limited.orm.em.fork());
    limitedTokens = await limited.loginDemoUsers();
  });
  afterAll(() => limited.close());

  it('charges a point per root field, answers RATE_LIMITED with retryAfterSeconds and 429, and leaves other users alone', async () => {
    const heavy = aliased(15);
    expect((await limited.gql(heavy, {}, limitedTokens.buyer)).data).toBeTruthy(); // 15 of 40
    expect((await limited.gql(heavy, {}, limitedTokens.buyer)).data).toBeTruthy(); // 30 of 40
    const response = await fetch(`${limited.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${limitedTokens.buyer}` },
      body: JSON.stringify({ query: heavy }),
    });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await response.json();
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });

    // The budget is per user: the same user from a new session is still refused, another user is served.
    const again = await limited.login('13800000001');
    expect(errorCode(await limited.gql('{ me { id } }', {}, again))).toBe('RATE_LIMITED');
    expect((await limited.gql('{ me { displayName } }', {}, limitedTokens.buyer2)).data).toEqual({ me: { displayName: '买家小陈' } });
  });

  it('keeps one user firing many requests at once from holding up another', async () => {
    const flood = Promise.all(Array.from({ length: 30 }, () => limited.gql(aliased(15), {}, limitedTokens.courier2)));
    const meanwhile = await limited.gql('{ me { displayName } }', {}, limitedTokens.merchant);
    expect(meanwhile.data).toEqual({ me: { displayName: '优选水果店' } });
    const codes = (await flood).map((r) => (r.data ? 'OK' : errorCode(r)));
    // 40 points: two requests of 15 root fields fit, the other 28 are turned away before running.
    expect(codes.filter((c) => c === 'OK')).toHaveLength(2);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(28);
  });

  it('counts signed-out requests per address', async () => {
    const other = await createTestApp({ requestBudget: { points: 3, windowSeconds: 60 } });
    try {
      const ask = (address: string) =>
        fetch(`${other.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ query: '{ me { id } }' }),
        }).then((r) => r.json());
      for (let i = 0; i < 3; i++) expect((await ask('203.0.113.7')).data).toEqual({ me: null });
      expect((await ask('203.0.113.7')).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await ask('203.0.113.8')).data).toEqual({ me: null });
    } finally {
      await other.close();
    }
  });
});

describe('security headers', () => {
  let web: TestApp;
  let distDir: string;

  beforeAll(async () => {
    distDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parceldesk-dist-'));
    await fs.writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/a.js"></script>');
    web = await createTestApp({ webDistDir: distDir });
  });
  afterAll(async () => {
    await web.close();
    await fs.rm(distDir, { recursive: true, force: true });
  });

  it('sends CSP, frame-ancestors none, nosniff and no-referrer on the app and the API', async () => {
    for (const url of [`${web.url}/m/orders`, `${web.url}/graphql`, `${web.url}/healthz`]) {
      const response = await fetch(url, url.endsWith('/graphql') ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' } : {});
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      // Plain http here: no HSTS, no upgrade-insecure-requests (they would break http://localhost).
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });
});
