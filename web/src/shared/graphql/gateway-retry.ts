const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * fetch that tries again when the proxy in front of the servers answers 502, 503 or 504: behind
 * nginx, a request that reaches a process being restarted gets a 502, and the next attempt goes to
 * another process (round robin). Waits 0.3, 0.8 and 2 s, or the Retry-After the answer names (at
 * most 5 s). Safe for our mutations: those that change state are idempotent on a client key
 * (clientMessageId, idempotencyKey) or a version, so a retry of one that did run gets the first
 * result or a CONFLICT.
 */
export function retryOnGateway(fetchImpl: () => typeof fetch, delays = [300, 800, 2000], sleep = wait): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetchImpl()(input, init);
      if (response.status < 502 || response.status > 504 || attempt >= delays.length) return response;
      await sleep(Math.min(Number(response.headers.get('retry-after')) || 0, 5) * 1000 || delays[attempt]!);
    }
  };
}
