import type { ChatThreadFieldsFragment } from '#gql/graphql';

export interface ThreadRowModel {
  id: string;
  kind: 'COURIER' | 'SUPPORT';
  /** Who the viewer talks to: the courier or the buyer, or support. */
  title: string;
  /** The parcel's waybill or the order number, when the thread has one. */
  context: { key: 'chat.waybill' | 'chat.order'; no: string } | null;
  preview: { text: string; systemEvent: string | null; photo: boolean } | null;
  unread: number;
  at: string | null;
  waitingSince: string | null;
  lastAgentName: string | null;
  /** SUPPORT, agents only: who the conversation is assigned to. */
  assigneeName: string | null;
  canWrite: boolean;
}

/** A thread as a list row, from the viewer's side. */
export function toThreadRow(thread: ChatThreadFieldsFragment, viewerId: string | null, supportName: string): ThreadRowModel {
  const viewerIsBuyer = thread.buyer.id === viewerId;
  const other = thread.kind === 'SUPPORT' ? (viewerIsBuyer ? supportName : thread.buyer.displayName) : viewerIsBuyer ? (thread.courier?.displayName ?? '') : thread.buyer.displayName;
  const last = thread.lastMessage;
  return {
    id: thread.id,
    kind: thread.kind,
    title: other,
    context: thread.waybillNo ? { key: 'chat.waybill', no: thread.waybillNo } : thread.orderNo ? { key: 'chat.order', no: thread.orderNo } : null,
    preview: last ? { text: last.body, systemEvent: last.systemEvent ?? null, photo: last.photo != null } : null,
    unread: thread.unreadCount,
    at: thread.lastMessageAt ?? null,
    waitingSince: thread.waitingSince ?? null,
    lastAgentName: thread.lastAgent?.displayName ?? null,
    assigneeName: thread.assignee?.displayName ?? null,
    canWrite: thread.canWrite,
  };
}

/**
 * Threads with unread messages first, then the rest, each newest activity first (what `myThreads`
 * answers), so a list whose counts change live (a read on another device) re-sorts without a reload.
 */
export function unreadFirst(rows: readonly ThreadRowModel[]): ThreadRowModel[] {
  const newest = (a: ThreadRowModel, b: ThreadRowModel) => (b.at ?? '').localeCompare(a.at ?? '');
  return [...rows.filter((r) => r.unread > 0).sort(newest), ...rows.filter((r) => r.unread <= 0).sort(newest)];
}
