import { ChatSystemEvent, MessageKind, openThreadSchema, Role, sendMessageSchema, ShipmentStatus, ThreadKind } from '@parceldesk/shared';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../common/pagination.js';

registerEnumType(ThreadKind, { name: 'ThreadKind', description: 'COURIER: buyer and the courier of a parcel; SUPPORT: buyer and the support team' });
registerEnumType(MessageKind, { name: 'MessageKind', description: 'TEXT from a person; SYSTEM from a parcel event' });
registerEnumType(ChatSystemEvent, { name: 'ChatSystemEvent', description: 'What a SYSTEM message reports' });

@ObjectType({ description: 'Someone in a thread, as the other side sees them', simpleResolvers: true })
export class ChatUser {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;
}

@ObjectType({ description: 'A photo in a message: served to the thread’s participants only', simpleResolvers: true })
export class ChatPhoto {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The re-encoded image (no EXIF or GPS)' })
  url!: string;

  @Field({ description: '320 px thumbnail' })
  thumbnailUrl!: string;
}

@ObjectType({ simpleResolvers: true, description: 'One chat message; `seq` orders a thread with no gap' })
export class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  threadId!: string;

  @Field(() => Int, { description: 'Position in the thread: 1, 2, 3 … with no gap' })
  seq!: number;

  @Field(() => MessageKind)
  kind!: MessageKind;

  @Field(() => ChatUser, { nullable: true, description: 'Null for SYSTEM messages' })
  author!: ChatUser | null;

  @Field({ description: 'TEXT: what was written; SYSTEM: a detail (the courier’s name, an exception note) or empty' })
  body!: string;

  @Field(() => ChatSystemEvent, { nullable: true })
  systemEvent!: ChatSystemEvent | null;

  @Field(() => ChatPhoto, { nullable: true, description: 'A photo sent with the message (the body is then an optional caption)' })
  photo!: ChatPhoto | null;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'The sender’s own id for the message; shown to its author only' })
  clientMessageId!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A slice of a thread in seq order' })
export class MessagePage {
  @Field(() => [Message])
  nodes!: Message[];

  @Field({ description: 'More messages exist beyond this slice in the direction asked (after afterSeq, or before beforeSeq / the latest)' })
  hasMore!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A conversation, as the signed-in user sees it' })
export class Thread {
  @Field(() => ID)
  id!: string;

  @Field(() => ThreadKind)
  kind!: ThreadKind;

  @Field(() => ID, { nullable: true, description: 'COURIER threads: the parcel' })
  shipmentId!: string | null;

  @Field(() => String, { nullable: true })
  waybillNo!: string | null;

  @Field(() => ShipmentStatus, { nullable: true })
  shipmentStatus!: ShipmentStatus | null;

  @Field(() => ID, { nullable: true, description: 'SUPPORT threads: the order the buyer asked about' })
  orderId!: string | null;

  @Field(() => String, { nullable: true })
  orderNo!: string | null;

  @Field(() => ChatUser)
  buyer!: ChatUser;

  @Field(() => ChatUser, { nullable: true, description: 'COURIER threads: the courier holding the parcel now' })
  courier!: ChatUser | null;

  @Field(() => [ChatUser], { description: 'The buyer and the courier; for SUPPORT, the buyer and the agent who answered last' })
  participants!: ChatUser[];

  @Field(() => Int, { description: 'The seq of the newest message (0: none yet)' })
  lastSeq!: number;

  @Field(() => Int, { description: 'Messages after the signed-in user’s read marker' })
  unreadCount!: number;

  @Field(() => Int, { description: 'How far the other side has read (seq)' })
  otherReadSeq!: number;

  @Field(() => Message, { nullable: true })
  lastMessage!: Message | null;

  @Field(() => Date, { nullable: true })
  lastMessageAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'SUPPORT: since when the buyer waits for an answer; null when answered' })
  waitingSince!: Date | null;

  @Field(() => ChatUser, { nullable: true, description: 'SUPPORT: the agent who answered last' })
  lastAgent!: ChatUser | null;

  @Field(() => ChatUser, { nullable: true, description: 'SUPPORT, agents only: the agent the conversation is assigned to (null for everyone else)' })
  assignee!: ChatUser | null;

  @Field(() => Date, {
    nullable: true,
    description: 'COURIER: when the thread becomes (or became) read-only. SUPPORT: when an agent closed it (the buyer may still write, which reopens it)',
  })
  closedAt!: Date | null;

  @Field({ description: 'Whether the signed-in user may write now' })
  canWrite!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ThreadConnection extends ConnectionType(Thread) {}

@ObjectType({ simpleResolvers: true, description: 'Someone typing, or how far someone has read' })
export class ThreadActivity {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ChatUser)
  user!: ChatUser;

  @Field({ description: 'Typing now; clears by itself at typingExpiresAt' })
  typing!: boolean;

  @Field(() => Date, { nullable: true })
  typingExpiresAt!: Date | null;

  @Field(() => Int, { description: 'The seq this user has read up to' })
  readUpToSeq!: number;
}

@InputType({ description: 'A courier thread: { kind: COURIER, shipmentId }. Support: { kind: SUPPORT, orderId? }' })
export class OpenThreadInput {
  static schema = openThreadSchema;

  @Field(() => ThreadKind)
  kind!: ThreadKind;

  @Field(() => ID, { nullable: true })
  shipmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'SUPPORT: the order the question is about' })
  orderId?: string | null;
}

@InputType()
export class SendMessageInput {
  static schema = sendMessageSchema;

  @Field(() => ID)
  threadId!: string;

  @Field({ description: 'Made by the sender once per message; a retry with the same id returns the first message' })
  clientMessageId!: string;

  @Field({ nullable: true, description: '1 to 2,000 characters after trimming; optional beside a photo' })
  body?: string;

  @Field(() => ID, { nullable: true, description: 'A photo uploaded by the sender through POST /uploads/chat' })
  photoId?: string | null;
}
