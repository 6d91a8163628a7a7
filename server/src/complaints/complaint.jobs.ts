import { COMPLAINT_LIMITS, ComplaintStatus as S } from '@parceldesk/shared';
import type { Realtime } from '../realtime/pubsub.js';
import type { RecurringJob } from '../scheduler/scheduler.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { Complaint } from './complaint.entity.js';
import { publishComplaint } from './complaint.service.js';

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
