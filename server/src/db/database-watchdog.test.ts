import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchDatabase } from './database-watchdog.js';

// The watchdog's clock, faked (the test moves it), with a stand-in ping (a function that fails or
// answers on cue); the real database going away under the built server is in
// embedded-postgres.process.test.ts.
const logger = pino({ level: 'silent' });
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('watchDatabase', () => {
  it('rides out an outage shorter than the grace', async () => {
    let up = true;
    let lost = 0;
    const watchdog = watchDatabase({ ping: async () => { if (!up) throw new Error('ECONNREFUSED'); }, graceMs: 1_000, logger, onLost: () => lost++ });
    try {
      await sleep(300);
      up = false;
      await sleep(500);
      up = true;
      await sleep(1_200);
      expect(lost).toBe(0);
    } finally {
      watchdog.stop();
    }
  });

  it('gives up once, after the grace, when the database stays away (a hanging ping counts as down)', async () => {
    const lostAfter: number[] = [];
    const started = Date.now();
    const watchdog = watchDatabase({ ping: () => new Promise(() => undefined), graceMs: 600, logger, onLost: (downForMs) => lostAfter.push(downForMs) });
    try {
      await sleep(2_500);
      expect(lostAfter).toHaveLength(1);
      expect(lostAfter[0]).toBeGreaterThanOrEqual(600);
      expect(Date.now() - started).toBeGreaterThan(600);
    } finally {
      watchdog.stop();
    }
  });
});
