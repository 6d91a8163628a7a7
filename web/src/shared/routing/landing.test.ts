import { Role } from '@parceldesk/shared';
import { describe, expect, it } from 'vitest';
import { destinationAfterLogin, guardDecision, landingPath, type GuardTarget } from './landing';

const route = (fullPath: string, meta: GuardTarget['meta'] = {}) => ({ fullPath, meta });
const buyer = { role: Role.BUYER };
const agent = { role: Role.AGENT };

describe('landingPath', () => {
  it('sends phones to /m and desks to /d', () => {
    expect(landingPath(Role.BUYER)).toBe('/m/orders');
    expect(landingPath(Role.COURIER)).toBe('/m/deliveries');
    expect(landingPath(Role.MERCHANT)).toBe('/d/dispatch');
    expect(landingPath(Role.AGENT)).toBe('/d/queue');
  });
});

describe('guardDecision', () => {
  const orders = route('/m/orders?tab=1', { roles: [Role.BUYER] });

  it('sends signed-out visitors to /login, remembering where they were going', () => {
    expect(guardDecision(orders, null)).toEqual({ path: '/login', query: { redirect: '/m/orders?tab=1' } });
    expect(guardDecision(route('/', { landing: true }), null)).toEqual({ path: '/login' });
    expect(guardDecision(route('/login', { public: true }), null)).toBe(true);
  });

  it('lets a role into its own pages', () => {
    expect(guardDecision(orders, buyer)).toBe(true);
    expect(guardDecision(route('/d/queue', { roles: [Role.AGENT] }), agent)).toBe(true);
  });

  it("sends a role away from another role's pages to its own landing", () => {
    expect(guardDecision(route('/d/queue', { roles: [Role.AGENT] }), buyer)).toEqual({ path: '/m/orders' });
    expect(guardDecision(orders, agent)).toEqual({ path: '/d/queue' });
    expect(guardDecision(orders, { role: Role.COURIER })).toEqual({ path: '/m/deliveries' });
  });

  it('redirects / and /login to the landing once signed in', () => {
    expect(guardDecision(route('/', { landing: true }), agent)).toEqual({ path: '/d/queue' });
    expect(guardDecision(route('/login', { public: true }), { role: Role.MERCHANT })).toEqual({ path: '/d/dispatch' });
  });
});

describe('destinationAfterLogin', () => {
  const routes: Record<string, GuardTarget['meta']> = {
    '/m/orders': { roles: [Role.BUYER] },
    '/d/queue': { roles: [Role.AGENT] },
  };
  const resolve = (path: string) => ({
    fullPath: path,
    meta: routes[path.split('?')[0]] ?? {},
    matched: routes[path.split('?')[0]] ? [{}] : [],
  });

  it('returns to the page that asked for login when the role may see it', () => {
    expect(destinationAfterLogin(Role.AGENT, '/d/queue', resolve)).toBe('/d/queue');
  });

  it("falls back to the landing for another role's page, unknown pages and absent redirects", () => {
    expect(destinationAfterLogin(Role.BUYER, '/d/queue', resolve)).toBe('/m/orders');
    expect(destinationAfterLogin(Role.BUYER, '/nowhere', resolve)).toBe('/m/orders');
    expect(destinationAfterLogin(Role.AGENT, undefined, resolve)).toBe('/d/queue');
  });

  it('never follows an off-site redirect', () => {
    expect(destinationAfterLogin(Role.BUYER, 'https://evil.example/m/orders', resolve)).toBe('/m/orders');
    expect(destinationAfterLogin(Role.BUYER, '//evil.example/m/orders', resolve)).toBe('/m/orders');
  });
});
