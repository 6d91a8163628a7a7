/** notifications/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const NotificationTopic = {
  /** key: the recipient user id; id: the notification id. */
  NOTIFICATION_ADDED: 'NOTIFICATION_ADDED',
} as const;
