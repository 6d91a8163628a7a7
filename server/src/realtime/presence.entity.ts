import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Users with at least one live WebSocket in some server process, refreshed by each process's
 * heartbeat. A row older than the heartbeat's grace is stale (its process died or the user left).
 */
@Entity({ tableName: 'user_presence' })
export class UserPresence {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'Date' })
  seenAt: Date = new Date();
}
