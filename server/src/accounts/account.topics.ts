/** accounts/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const AccountTopic = {
  /** key: always `all`; id: the session that ended. */
  SESSION_REVOKED: 'SESSION_REVOKED',
} as const;
