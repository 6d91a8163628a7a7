import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoData } from '../demo/demo-data.js';
import { createTestApp, type GqlResult, type TestApp } from '../test/harness.js';

let app: TestApp;

// The defaults, except a small per-phone limit so a distributed attack takes few requests here.
beforeAll(async () => {
  app = await createTestApp({ loginRate: { perPhoneAddress: 5, perPhone: 12, perAddress: 100, windowSeconds: 60, knownAddressDays: 30 } });
  await seedDemoData(app.orm.em.fork());
});
afterAll(() => app.close());

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { user { displayName } } }';

/** A login from `address` (the server trusts X-Forwarded-For from loopback, as behind a local proxy). */
async function login(phone: string, password: string, address: string): Promise<GqlResult> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: LOGIN, variables: { input: { phone, password } } }),
  });
  return (await response.json()) as GqlResult;
}
const outcome = (result: GqlResult) => (result.data?.login ? 'OK' : result.errors?.[0]?.extensions?.code);

describe('login limiter', () => {
  it('stops a guesser at one address without locking the owner out elsewhere', async () => {
    const phone = '13800000001';
    const guesses = [];
    for (let i = 0; i < 15; i++) guesses.push(outcome(await login(phone, `guess-${i}`, '198.51.100.1')));
    expect(guesses.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(guesses.slice(5)).toEqual(Array(10).fill('RATE_LIMITED'));
    const refused = await login(phone, DEMO_PASSWORD, '198.51.100.1');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    // The owner, at their own address, signs in with the right password.
    expect(outcome(await login(phone, DEMO_PASSWORD, '203.0.113.10'))).toBe('OK');
  });

  it('under a guesser spread over many addresses, refuses new addresses but lets known ones in', async () => {
    const phone = '13800000002';
    // The owner signed in from home before the attack.
    expect(outcome(await login(phone, DEMO_PASSWORD, '203.0.113.20'))).toBe('OK');
    // 12 failures from 6 addresses, 2 each: no single address reaches its own limit.
    for (let i = 0; i < 12; i++) expect(outcome(await login(phone, `guess-${i}`, `198.51.100.${10 + (i % 6)}`))).toBe('UNAUTHENTICATED');

    // Now a new address is refused even with the right password, and told when to retry...
    const fresh = await login(phone, DEMO_PASSWORD, '198.51.100.99');
    expect(fresh.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(fresh.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // ...while the owner at home still gets in.
    expect(outcome(await login(phone, DEMO_PASSWORD, '203.0.113.20'))).toBe('OK');
    // Other accounts are not affected.
    expect(outcome(await login('13800000003', DEMO_PASSWORD, '198.51.100.99'))).toBe('OK');
  });

  it('clears the owner’s own mistakes on success', async () => {
    const phone = '13800000004';
    for (let i = 0; i < 4; i++) expect(outcome(await login(phone, 'typo', '203.0.113.30'))).toBe('UNAUTHENTICATED');
    expect(outcome(await login(phone, DEMO_PASSWORD, '203.0.113.30'))).toBe('OK');
    for (let i = 0; i < 4; i++) expect(outcome(await login(phone, 'typo', '203.0.113.30'))).toBe('UNAUTHENTICATED');
    expect(outcome(await login(phone, DEMO_PASSWORD, '203.0.113.30'))).toBe('OK');
  });
});

describe('login input', () => {
  it('accepts a phone number with spaces around it', async () => {
    expect(outcome(await login('  13800000005 ', DEMO_PASSWORD, '203.0.113.40'))).toBe('OK');
    expect(outcome(await login('\t13800000005\n', DEMO_PASSWORD, '203.0.113.40'))).toBe('OK');
  });
});
