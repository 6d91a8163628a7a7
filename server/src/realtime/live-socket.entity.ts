import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One open, authenticated WebSocket in some server process, for the per-user socket cap across
 * processes (live-socket-registry.ts). Each process refreshes its rows' `seenAt`; a row older than
 * the grace belongs to a process that died and no longer counts.
 */
@Entity({ tableName: 'live_socket' })
@Index({ properties: ['userId', 'seenAt'] })
export class LiveSocketRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'Date' })
  seenAt!: Date;
}
