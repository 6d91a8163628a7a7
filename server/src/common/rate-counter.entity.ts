import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One fixed-window counter shared by every server process (shared-counters.ts): the limits
 * (login, request budget, chat) count here so that N processes enforce the limits of one.
 */
@Entity({ tableName: 'rate_counter' })
@Index({ properties: ['expiresAt'] })
export class RateCounter {
  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'integer' })
  points!: number;

  @Property({ type: 'Date' })
  expiresAt!: Date;
}
