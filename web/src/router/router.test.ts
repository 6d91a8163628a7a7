import { Role } from '@parceldesk/shared';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { demoUser, fakeSession } from '#shared/testing/fakeSession';
import { createAppRouter } from './index';

async function land(path: string, role: Role | null): Promise<string> {
  const router = createAppRouter(fakeSession(role ? demoUser(role) : null), createMemoryHistory());
  await router.push(path);
  return router.currentRoute.value.fullPath;
}

// The first visit to each app imports its kit (Vant, Naive UI) through vite: allow for it.
describe('app router', { timeout: 30_000 }, () => {
  it('sends signed-out visitors to /login', async () => {
    expect(await land('/', null)).toBe('/login');
    expect(await land('/m/orders', null)).toBe('/login?redirect=/m/orders');
    expect(await land('/d/queue', null)).toBe('/login?redirect=/d/queue');
  });

  it('redirects / to each role landing', async () => {
    expect(await land('/', Role.BUYER)).toBe('/m/orders');
    expect(await land('/', Role.COURIER)).toBe('/m/deliveries');
    expect(await land('/', Role.MERCHANT)).toBe('/d/dispatch');
    expect(await land('/', Role.AGENT)).toBe('/d/queue');
  });

  it("keeps roles out of each other's apps and pages", async () => {
    expect(await land('/d/queue', Role.BUYER)).toBe('/m/orders');
    expect(await land('/m/orders', Role.COURIER)).toBe('/m/deliveries');
    expect(await land('/d/queue', Role.MERCHANT)).toBe('/d/dispatch');
    expect(await land('/m/deliveries', Role.AGENT)).toBe('/d/queue');
  });

  it('sends unknown paths and /login of a signed-in user home', async () => {
    expect(await land('/nope/at/all', Role.AGENT)).toBe('/d/queue');
    expect(await land('/login', Role.BUYER)).toBe('/m/orders');
  });
});
