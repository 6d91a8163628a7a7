/** chat/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const ChatTopic = {
  /** key: thread id; id: message id. */
  MESSAGE_ADDED: 'MESSAGE_ADDED',
  /** key: thread id; id: `TYPING:<userId>` or `READ:<userId>`. */
  THREAD_ACTIVITY: 'THREAD_ACTIVITY',
  /** key: a user whose unread chat count may have changed; id: the thread (a message, a read on any device). */
  UNREAD_CHANGED: 'UNREAD_CHANGED',
  /** key: 'all'; id: the support thread that changed. */
  SUPPORT_QUEUE_CHANGED: 'SUPPORT_QUEUE_CHANGED',
} as const;
