/** workspace/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const WorkspaceTopic = {
  /** key: a case or support thread id; id: `HERE:<userId>:<activity>` or `LEAVE:<userId>` (agents' presence). */
  DESK_PRESENCE: 'DESK_PRESENCE',
} as const;
