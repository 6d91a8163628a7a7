import { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { DomainError } from '../common/errors.js';
import { Topic } from '../realtime/pubsub.js';
import { merchantOf } from '../shipments/shipment.access.js';
import { Complaint } from './complaint.entity.js';
import { canViewComplaint, findVisibleComplaint } from './complaint.access.js';

/**
 * One case's changes for its buyer, its store and agents: checked when subscribing (NOT_FOUND
 * for anyone else) and again per event, read through a fresh EntityManager each time.
 */
export async function followComplaint(ctx: AuthedContext, complaintId: string): Promise<AsyncIterable<Complaint>> {
  await findVisibleComplaint(ctx.em.fork(), ctx.user, complaintId);
  const events = ctx.deps.realtime.subscribe(Topic.COMPLAINT_UPDATED, complaintId);
  return (async function* () {
    for await (const event of events) {
      const em = ctx.em.fork();
      const complaint = await em.findOne(Complaint, event.key, { populate: ['order'] });
      if (complaint && canViewComplaint(ctx.user, complaint, await merchantOf(em, ctx.user))) yield complaint;
    }
  })();
}

/** The agents' queue feed: every new, assigned, answered or decided case. */
export function followComplaintQueue(ctx: AuthedContext): AsyncIterable<{ complaint: Complaint }> {
  if (ctx.user.role !== Role.AGENT) throw new DomainError('FORBIDDEN', 'Agents only');
  const events = ctx.deps.realtime.subscribe(Topic.COMPLAINT_QUEUE, 'agents');
  return (async function* () {
    for await (const event of events) {
      const complaint = await ctx.em.fork().findOne(Complaint, event.id, { populate: ['order'] });
      if (complaint) yield { complaint };
    }
  })();
}
