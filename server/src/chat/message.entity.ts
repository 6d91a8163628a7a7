import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { ChatSystemEvent, MessageKind } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { Thread } from './thread.entity.js';

/**
 * One message. Rows are written by the send statement in message.store.ts (not through the unit
 * of work) and read as plain rows; the entity describes the table for migrations and the ORM.
 */
@Entity({ tableName: 'messages' })
@Unique({ properties: ['thread', 'seq'] })
@Unique({ properties: ['thread', 'author', 'clientMessageId'] })
export class Message {
  [OptionalProps]?: 'createdAt' | 'author' | 'clientMessageId' | 'systemEvent';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Thread, { ref: true, deleteRule: 'cascade' })
  thread!: Ref<Thread>;

  @Property({ type: 'integer' })
  seq!: number;

  @Enum({ items: () => MessageKind, nativeEnumName: 'message_kind' })
  kind!: MessageKind;

  /** Null for SYSTEM messages. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  author: Ref<User> | null = null;

  @Property({ type: 'string', length: 2000 })
  body!: string;

  @Enum({ items: () => ChatSystemEvent, nativeEnumName: 'chat_system_event', nullable: true })
  systemEvent: ChatSystemEvent | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  clientMessageId: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
