import type { Realtime } from '../realtime/pubsub.js';
import { ComplaintQueueEventKind } from './complaint.types.js';

/** complaints/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const ComplaintTopic = {
  /** key: the complaint id. */
  COMPLAINT_UPDATED: 'COMPLAINT_UPDATED',
  /** key: always `agents` (one feed); id: the complaint that changed. */
  COMPLAINT_QUEUE: 'COMPLAINT_QUEUE',
} as const;

/**
 * Publishes a case's change to its followers and to the agents' queue (after commit). The queue
 * event's id is `<kind>:<complaint id>`, so agents learn what happened without another lookup.
 */
export async function publishComplaint(realtime: Realtime, complaintId: string, kind: ComplaintQueueEventKind = ComplaintQueueEventKind.UPDATED): Promise<void> {
  // Both in one statement (one round trip).
  await realtime.publishAll([
    { topic: ComplaintTopic.COMPLAINT_UPDATED, key: complaintId, id: complaintId },
    { topic: ComplaintTopic.COMPLAINT_QUEUE, key: 'agents', id: `${kind}:${complaintId}` },
  ]);
}
