import { COMPLAINT_LIMITS, ComplaintStatus as S } from '@parceldesk/shared';
import { type Realtime } from '../realtime/pubsub.js';
import { ComplaintTopic } from './complaint.topics.js';
import type { RecurringJob } from '../scheduler/scheduler.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { Complaint } from './complaint.entity.js';
import { publishComplaint } from './complaint.topics.js';
import { ComplaintQueueEventKind } from './complaint.types.js';

/** A decision the buyer neither accepted nor disputed closes after 7 days. */
export function autoCloseComplaintsJob(realtime: Realtime): RecurringJob {
  return {
    name: 'complaints.auto-close',
    everyMs: 10 * 60_000,
    async run(em, now) {
      const cutoff = new Date(now.getTime() - COMPLAINT_LIMITS.autoCloseDays * 24 * 3600_000);
      const due = await em.find(Complaint, { status: { $in: [S.RESOLVED, S.REJECTED] }, decidedAt: { $lte: cutoff }, respondedAt: null }, { limit: 500 });
      for (const complaint of due) {
        complaint.transition(S.CLOSED, now);
        complaint.updatedAt = now;
        em.persist(new ComplaintEvent({ complaint, actor: null, kind: ComplaintEventKind.AUTO_CLOSED, toStatus: S.CLOSED, at: now }));
      }
      await em.flush();
      for (const complaint of due) await publishComplaint(realtime, complaint.id);
      return `closed ${due.length}`;
    },
  };
}

/**
 * Announces each case that passed its SLA due time to the agents' queue, once per due time: the
 * announced due time is stored on the case in the same UPDATE that picks it, so a restart, a
 * second process or the next run never announces it twice, and a case whose clock moved on (first
 * response given, now the resolution clock) is announced again when that one passes.
 */
export function overdueComplaintsJob(realtime: Realtime, everyMs = 60_000): RecurringJob {
  return {
    name: 'complaints.overdue',
    everyMs,
    async run(em, now) {
      const rows = await em.getConnection().execute<{ id: string }[]>(
        `update complaints set overdue_announced_for = sla_due_at
          where status in (?, ?) and sla_due_at <= ? and overdue_announced_for is distinct from sla_due_at
          returning id`,
        [S.SUBMITTED, S.IN_REVIEW, now],
      );
      // The case itself did not change (no version bump): only the queue hears of it.
      for (const { id } of rows) await realtime.publish(ComplaintTopic.COMPLAINT_QUEUE, 'agents', `${ComplaintQueueEventKind.OVERDUE}:${id}`);
      return `overdue ${rows.length}`;
    },
  };
}
