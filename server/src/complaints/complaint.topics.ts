/** complaints/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const ComplaintTopic = {
  /** key: the complaint id. */
  COMPLAINT_UPDATED: 'COMPLAINT_UPDATED',
  /** key: always `agents` (one feed); id: the complaint that changed. */
  COMPLAINT_QUEUE: 'COMPLAINT_QUEUE',
} as const;
