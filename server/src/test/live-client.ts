import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';

/** A graphql-ws client as a non-browser client would use it: token in connectionParams. */
export function liveClient(httpUrl: string, token: string): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: token },
    retryAttempts: 0,
    lazy: true,
  });
}

/**
 * graphql-ws acknowledges no subscribe: this tells when subscriptions are live. Call it before
 * subscribing; `await live(n)` then polls until the server follows `n` more feeds than it did.
 */
export function liveFeeds(app: { server: { deps: { live: { stats(): { subscribers: number } } } } }): (added: number, timeoutMs?: number) => Promise<void> {
  const before = app.server.deps.live.stats().subscribers;
  return async (added, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (app.server.deps.live.stats().subscribers < before + added) {
      if (Date.now() > deadline) throw new Error(`${added} subscription(s) not live within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
}

/** Subscribes and collects results; `next(n)` waits until n results have arrived. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown>) {
  const results: T[] = [];
  const errors: unknown[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiters]) if (results.length >= w.count || errors.length) w.resolve();
  };
  let done!: () => void;
  const completed = new Promise<void>((resolve) => (done = resolve));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        else results.push(value.data as T);
        wake();
      },
      error: (error) => {
        errors.push(error);
        wake();
        done();
      },
      complete: () => done(),
    },
  );
  return {
    results,
    errors,
    completed,
    unsubscribe,
    next(count: number, timeoutMs = 5000): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${count} results, got ${results.length}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            if (errors.length) reject(new Error(JSON.stringify(errors)));
            else resolve(results);
          },
        });
        wake();
      });
    },
  };
}
