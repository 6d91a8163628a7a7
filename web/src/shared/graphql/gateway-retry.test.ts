import { describe, expect, it } from 'vitest';
import { retryOnGateway } from './gateway-retry';

function answers(...statuses: number[]) {
  const calls: number[] = [];
  const fetch = (async () => {
    const status = statuses[calls.length] ?? 200;
    calls.push(status);
    return new Response(status === 200 ? '{"data":{}}' : 'Bad Gateway', { status, headers: status === 503 ? { 'retry-after': '2' } : {} });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('retryOnGateway', () => {
  it('tries again after nginx’s 502 while a process restarts, and returns the first good answer', async () => {
    const { fetch, calls } = answers(502, 502, 200);
    const waits: number[] = [];
    const retrying = retryOnGateway(() => fetch, undefined, async (ms) => void waits.push(ms));
    const response = await retrying('/graphql', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(calls).toEqual([502, 502, 200]);
    expect(waits).toEqual([300, 800]);
  });

  it('honours Retry-After, gives up after three retries, and never retries other answers', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const down = answers(503, 503, 503, 503, 200);
    expect((await retryOnGateway(() => down.fetch, undefined, sleep)('/graphql')).status).toBe(503);
    expect(down.calls).toHaveLength(4);
    expect(waits).toEqual([2000, 2000, 2000]);
    const refused = answers(429, 200);
    expect((await retryOnGateway(() => refused.fetch, undefined, sleep)('/graphql')).status).toBe(429);
    expect(refused.calls).toEqual([429]);
  });
});
