import type { RecurringJob } from '../scheduler/scheduler.js';
import { SWEEP_EXPIRED_COUNTERS_SQL } from './shared-counters.js';

/** Removes counters whose window ended (they count as nothing already): keeps `rate_counter` small. */
export const sweepExpiredCountersJob: RecurringJob = {
  name: 'limits.sweep-expired',
  everyMs: 600_000,
  async run(em) {
    const removed = await em.getConnection().execute<{ affectedRows?: number }>(SWEEP_EXPIRED_COUNTERS_SQL, [], 'run');
    return `removed ${removed.affectedRows ?? 0}`;
  },
};
