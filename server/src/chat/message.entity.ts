import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
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
// A photo goes out in one message only.
@Unique({ name: 'messages_photo_id_unique', properties: ['photoId'] })
// The support acknowledgements' expected wait reads the latest SYSTEM messages of a kind (support.service.ts).
@Index({
  name: 'messages_system_event_created_at',
  expression: `create index "messages_system_event_created_at" on "messages" ("system_event", "created_at") where "system_event" is not null`,
})
export class Message {
  [OptionalProps]?: 'createdAt' | 'author' | 'clientMessageId' | 'systemEvent' | 'photoId';

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

  /**
   * A photo from the uploads pipeline (POST /uploads/chat, rows in `evidence`). Only the id is
   * kept here: chat/ does not depend on complaints/; the upload side answers through ChatPhotos.
   */
  @Property({ type: 'uuid', nullable: true })
  photoId: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  clientMessageId: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
