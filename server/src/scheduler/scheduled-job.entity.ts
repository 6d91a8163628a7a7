import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** When each recurring job runs next. Claimed by one atomic UPDATE, so one process runs it. */
@Entity({ tableName: 'scheduled_jobs' })
export class ScheduledJob {
  @PrimaryKey({ type: 'string', length: 60 })
  name!: string;

  @Property({ type: 'Date' })
  nextRunAt!: Date;

  @Property({ type: 'Date', nullable: true })
  lastStartedAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  lastFinishedAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  lastResult: string | null = null;
}
