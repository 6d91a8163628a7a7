import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { seedDemoData } from '../demo/demo-data.js';
import { Session } from '../accounts/session.entity.js';
import { hashSessionToken } from './session-token.js';
import { createTestApp, errorCode, type GqlResult, type TestApp } from '../test/harness.js';

const BUYER = '13800000001';
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ loginRate: { perPhoneAddress: 5, perPhone: 30, perAddress: 1000, windowSeconds: 60, knownAddressDays: 30 } });
  await seedDemoData(app.orm.em.fork());
});
afterAll(() => app.close());

const ME = '{ me { id role displayName maskedPhone } }';

describe('login and me', () => {
  it('answers me with null without a session', async () => {
    expect(await app.gql(ME)).toEqual({ data: { me: null } });
  });

  it('logs in every demo role and answers me with that user', async () => {
    for (const [phone, role] of [[BUYER, 'BUYER'], ['13800000002', 'COURIER'], ['13800000003', 'MERCHANT'], ['13800000004', 'AGENT']]) {
      const token = await app.login(phone!);
      const { data } = await app.gql<{ me: { role: string; maskedPhone: string } }>(ME, {}, token);
      expect(data?.me.role).toBe(role);
      expect(data?.me.maskedPhone).toBe(`138****${phone!.slice(-4)}`);
    }
  });

  it('sets an httpOnly SameSite=Lax cookie that authenticates later requests', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(input: { phone: "13800000001", password: "demo1234" }) { user { displayName } } }' }),
    });
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^pd_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ me { displayName } }' }),
    });
    expect(await me.json()).toEqual({ data: { me: { displayName: '买家小王' } } });
  });

  it('stores only a hash of the token', async () => {
    const token = await app.login('13800000004');
    const em = app.orm.em.fork();
    expect(await em.count(Session, { tokenHash: token })).toBe(0);
    expect(await em.count(Session, { tokenHash: hashSessionToken(token) })).toBe(1);
  });

  it('answers a wrong password and an unknown phone with the same error in about the same time', async () => {
    const attempt = async (phone: string) => {
      const started = performance.now();
      const result = await app.gql(`mutation { login(input: { phone: "${phone}", password: "not-the-password" }) { token } }`);
      return { result, ms: performance.now() - started };
    };
    await attempt('13900000000'); // warm the throwaway hash
    const wrong: number[] = [];
    const unknown: number[] = [];
    let last: { wrong?: GqlResult; unknown?: GqlResult } = {};
    // Interleaved samples and medians: one slow run on a busy machine must not decide the test.
    for (let i = 0; i < 5; i++) {
      const w = await attempt('13800000006');
      const u = await attempt(`1390000001${i}`);
      wrong.push(w.ms);
      unknown.push(u.ms);
      last = { wrong: w.result, unknown: u.result };
    }
    expect(errorCode(last.wrong!)).toBe('UNAUTHENTICATED');
    expect(errorCode(last.unknown!)).toBe('UNAUTHENTICATED');
    expect(last.unknown!.errors?.[0]?.message).toBe(last.wrong!.errors?.[0]?.message);
    // Both pay for one argon2id verification; an unknown phone must not answer measurably faster.
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('refuses a malformed phone with BAD_USER_INPUT naming the field', async () => {
    const result = await app.gql('mutation { login(input: { phone: "12ab", password: "x" }) { token } }');
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('phone');
  });

  it('rate-limits login per phone from one address with RATE_LIMITED', async () => {
    const phone = '13800000005';
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(errorCode(await app.gql(`mutation { login(input: { phone: "${phone}", password: "wrong-${i}" }) { token } }`)));
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes[5]).toBe('RATE_LIMITED');
    // From the guesser's address even the right password is refused until the window passes
    // (login-limiter.test.ts shows the owner elsewhere still gets in).
    const right = await app.gql(`mutation { login(input: { phone: "${phone}", password: "demo1234" }) { token } }`);
    expect(errorCode(right)).toBe('RATE_LIMITED');
  });
});

describe('logout and session lifetime', () => {
  it('revokes the token on logout', async () => {
    const token = await app.login(BUYER);
    expect((await app.gql<{ logout: boolean }>('mutation { logout }', {}, token)).data?.logout).toBe(true);
    expect((await app.gql(ME, {}, token)).data).toEqual({ me: null });
  });

  it('asks for a session before logout', async () => {
    expect(errorCode(await app.gql('mutation { logout }'))).toBe('UNAUTHENTICATED');
  });

  it('does not accept an expired session', async () => {
    const token = await app.login(BUYER);
    const em = app.orm.em.fork();
    await em.nativeUpdate(Session, { tokenHash: hashSessionToken(token) }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await app.gql(ME, {}, token)).data).toEqual({ me: null });
  });
});

describe('WebSocket authentication', () => {
  const wsUrl = () => app.url.replace('http', 'ws') + '/graphql';

  function connect(options: { origin?: string; authToken?: string }) {
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws', { headers: options.origin ? { origin: options.origin } : {} });
    const events = {
      opened: new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        socket.once('error', reject);
      }),
      acked: new Promise<boolean>((resolve) => {
        socket.on('message', (data) => resolve(JSON.parse(String(data)).type === 'connection_ack'));
        socket.once('close', () => resolve(false));
      }),
      closed: new Promise<number>((resolve) => socket.once('close', (code) => resolve(code))),
    };
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: options.authToken ? { authToken: options.authToken } : {} })));
    return { socket, ...events };
  }

  it('refuses a foreign Origin at the handshake', async () => {
    const token = await app.login(BUYER);
    const { opened } = connect({ origin: 'https://evil.example', authToken: token });
    await expect(opened).rejects.toThrow('HTTP 401');
  });

  it('allows exactly PUBLIC_ORIGIN when it is set', async () => {
    const configured = await createTestApp({ publicOrigin: 'https://desk.example', publicOriginIsDefault: false });
    try {
      const handshake = (origin: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(configured.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws', { headers: { origin } });
          socket.once('open', () => {
            socket.close();
            resolve(101);
          });
          socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        });
      expect(await handshake('https://desk.example')).toBe(101);
      expect(await handshake(configured.url)).toBe(401);
    } finally {
      await configured.close();
    }
  });

  it('refuses a connection without a session', async () => {
    const { acked, closed } = connect({ origin: app.url });
    expect(await acked).toBe(false);
    expect(await closed).toBe(4403);
  });

  it('accepts our own origin with a token and closes the socket when that session logs out', async () => {
    const token = await app.login(BUYER);
    const { acked, closed } = connect({ origin: app.url, authToken: token });
    expect(await acked).toBe(true);
    await app.gql('mutation { logout }', {}, token);
    expect(await closed).toBe(4403);
  });
});
