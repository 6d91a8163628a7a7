import { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { DomainError } from '../common/errors.js';
import { liveFeed } from '../realtime/live.js';
import { ComplaintTopic } from './complaint.topics.js';
import { merchantOf } from '../shipments/shipment.access.js';
import { Complaint } from './complaint.entity.js';
import { ComplaintQueueEventKind, type ComplaintQueueEvent } from './complaint.types.js';
import { isUuid } from '../common/ids.js';
import { canViewComplaint, findVisibleComplaint, mayViewComplaint } from './complaint.access.js';

/** One read of the changed case (with its order, for the access check) per event per process. */
const complaintFeed = liveFeed<Complaint>(ComplaintTopic.COMPLAINT_UPDATED, (em, event) => em.findOne(Complaint, event.key, { populate: ['order'] }));
/** The agents' queue feed: one key for all agents; the event's id is `<kind>:<complaint id>`. */
const queueFeed = liveFeed<ComplaintQueueEvent>(ComplaintTopic.COMPLAINT_QUEUE, async (em, event) => {
  const [kind, id] = event.id.includes(':') ? event.id.split(':') : [ComplaintQueueEventKind.UPDATED, event.id];
  if (!id || !isUuid(id) || !(kind! in ComplaintQueueEventKind)) return null;
  const complaint = await em.findOne(Complaint, id, { populate: ['order'] });
  return complaint ? { kind: kind as ComplaintQueueEventKind, complaint } : null;
});

/**
 * One case's changes for its buyer, its store and agents: checked when subscribing (NOT_FOUND
 * for anyone else) and again, in memory, per event. Per-viewer fields (internal notes, signals,
 * allowed actions) are resolved for each subscriber from its own context.
 */
export async function followComplaint(ctx: AuthedContext, complaintId: string): Promise<AsyncIterable<Complaint>> {
  const em = ctx.em.fork();
  const complaint = await findVisibleComplaint(em, ctx.user, complaintId);
  const merchant = await merchantOf(em, ctx.user);
  return ctx.deps.live.follow(complaintFeed, complaint.id, (current) => (canViewComplaint(ctx.user, current, merchant) ? current : null));
}

/**
 * The queue feed: every new, assigned, answered, decided or overdue case for agents; for a store
 * (issue 18: its desk banner), the same events of its own cases only, checked per event in memory
 * by the rule every case read uses. Buyers and couriers: FORBIDDEN.
 */
export function followComplaintQueue(ctx: AuthedContext): AsyncIterable<ComplaintQueueEvent> {
  const { user } = ctx;
  if (user.role === Role.AGENT) return ctx.deps.live.follow(queueFeed, 'agents', (event) => event);
  if (user.role !== Role.MERCHANT || !user.merchantId) throw new DomainError('FORBIDDEN', 'Agents and stores only');
  const viewer = { id: user.id, role: user.role, merchantId: user.merchantId };
  return ctx.deps.live.follow(queueFeed, 'agents', (event) =>
    mayViewComplaint(viewer, { buyerId: event.complaint.buyer.id, merchantId: event.complaint.order.getEntity().merchant.id }) ? event : null,
  );
}
