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
