import { Entity, ManyToOne, OptionalProps, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { User } from '../accounts/user.entity.js';
import { Thread } from './thread.entity.js';

/** How far one participant has read a thread, and when they were last told offline about it. */
@Entity({ tableName: 'thread_reads' })
export class ThreadRead {
  [PrimaryKeyProp]?: ['thread', 'user'];
  [OptionalProps]?: 'lastReadSeq' | 'notifiedAt' | 'updatedAt';

  @ManyToOne(() => Thread, { ref: true, primary: true, deleteRule: 'cascade' })
  thread!: Ref<Thread>;

  @ManyToOne(() => User, { ref: true, primary: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'integer' })
  lastReadSeq: number = 0;

  /** Last offline notification about this thread (one per 10 minutes at most). */
  @Property({ type: 'Date', nullable: true })
  notifiedAt: Date | null = null;

  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}
