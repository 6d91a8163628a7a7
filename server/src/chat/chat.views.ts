import { MessageKind, ThreadKind, type Role } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { photoUrls } from './chat-photos.js';
import type { Message, Thread, ChatUser } from './chat.types.js';
import type { MessageRow } from './message.store.js';
import { isReadOnlyFor, readOnlyFrom } from './thread.access.js';
import type { ThreadViewRow } from './thread.queries.js';

/** Raw SQL answers timestamps as strings (MikroORM's pg type parsers); GraphQL wants Dates. */
const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** Plain rows into the GraphQL shapes; no I/O, so lists stay one query. */
export function toMessage(row: (Omit<MessageRow, 'createdAt' | 'photoId'> & { createdAt: string | Date; photoId?: string | null })): Message {
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    kind: row.kind,
    author: row.authorId && row.kind === MessageKind.TEXT ? { id: row.authorId, displayName: row.authorName ?? '', role: row.authorRole as Role } : null,
    body: row.body,
    systemEvent: row.systemEvent,
    photo: row.photoId ? { id: row.photoId, ...photoUrls(row.photoId) } : null,
    createdAt: new Date(row.createdAt),
    clientMessageId: row.clientMessageId,
  };
}

/** clientMessageId is the author's own bookkeeping: others get null. */
export function forViewer(message: Message, viewer: Pick<User, 'id'>): Message {
  return message.author?.id === viewer.id ? message : { ...message, clientMessageId: null };
}

export function toThread(row: ThreadViewRow, viewer: Pick<User, 'id' | 'role'>, now = new Date()): Thread {
  const person = (id: string | null, name: string | null, role: Role): ChatUser | null => (id ? { id, displayName: name ?? '', role } : null);
  const buyer = person(row.buyerId, row.buyerName, 'BUYER')!;
  const courier = row.kind === ThreadKind.COURIER ? person(row.courierId, row.courierName, 'COURIER') : null;
  const lastAgent = person(row.lastAgentId, row.lastAgentName, 'AGENT');
  const other = row.kind === ThreadKind.COURIER ? courier : lastAgent;
  const lastMessage = row.lastMessage ? forViewer(toMessage(row.lastMessage), viewer) : null;
  return {
    id: row.id,
    kind: row.kind,
    shipmentId: row.shipmentId,
    waybillNo: row.waybillNo,
    shipmentStatus: row.shipmentStatus,
    orderId: row.orderId,
    orderNo: row.orderNo,
    buyer,
    courier,
    participants: other ? [buyer, other] : [buyer],
    lastSeq: row.lastSeq,
    unreadCount: Math.max(0, row.lastSeq - row.myReadSeq),
    otherReadSeq: row.otherReadSeq,
    lastMessage,
    lastMessageAt: toDate(row.lastMessageAt),
    waitingSince: toDate(row.waitingSince),
    lastAgent,
    // Who handles the conversation is the support team's business: agents only.
    assignee: viewer.role === 'AGENT' ? person(row.assigneeId, row.assigneeName, 'AGENT') : null,
    closedAt: readOnlyFrom(row),
    canWrite: !isReadOnlyFor(row, viewer, now),
    createdAt: toDate(row.createdAt)!,
  };
}
