import type { Client } from '@urql/core';
import { computed, shallowRef } from 'vue';
import type { UnreadSummaryFieldsFragment } from '#gql/graphql';
import { subscribeReconnected } from '#shared/graphql/reconnect';
import { MyUnreadQuery, UnreadChangedSubscription } from './graphql/unread';

export type UnreadThread = UnreadSummaryFieldsFragment['threads'][number];

/**
 * The signed-in user's unread chat counts, one copy for the whole page: the tab badge, the cards'
 * counts, the thread list and the alert banner read it. It follows `unreadChanged` (a message to
 * the user, a read on any of their devices) and asks `myUnread` again after every reconnect, so a
 * gap never leaves a wrong count (the server derives counts from read markers, not a counter).
 */
const summary = shallowRef<UnreadSummaryFieldsFragment | null>(null);
let followers = 0;
let owner: string | null = null;
let stop: (() => void) | null = null;
const raisedListeners = new Set<(thread: UnreadThread) => void>();

function apply(next: UnreadSummaryFieldsFragment, live: boolean): void {
  const before = summary.value;
  summary.value = next;
  if (!live || !next.changedThreadId) return;
  const now = next.threads.find((t) => t.threadId === next.changedThreadId);
  const was = before?.threads.find((t) => t.threadId === next.changedThreadId)?.unreadCount ?? 0;
  if (now && now.unreadCount > was) for (const listener of [...raisedListeners]) listener(now);
}

function start(client: Client): () => void {
  const refresh = () =>
    void client
      .query(MyUnreadQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => result.data && apply(result.data.myUnread, false));
  const live = client.subscription(UnreadChangedSubscription, {}).subscribe((result) => {
    if (result.data?.unreadChanged) apply(result.data.unreadChanged, true);
  });
  const off = subscribeReconnected(refresh);
  refresh();
  return () => {
    live.unsubscribe();
    off();
  };
}

/** Keeps the counts live while at least one follower holds it; returns the release. */
export function followUnread(client: Client, userId: string): () => void {
  if (owner !== userId) {
    stop?.();
    stop = null;
    summary.value = null;
    owner = userId;
    if (followers > 0) stop = start(client);
  }
  followers += 1;
  stop ??= start(client);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    followers -= 1;
    if (followers > 0) return;
    stop?.();
    stop = null;
    summary.value = null;
    owner = null;
  };
}

/** Calls `listener` when a thread's count rises live (a new message), not on a refetch. */
export function onUnreadRaised(listener: (thread: UnreadThread) => void): () => void {
  raisedListeners.add(listener);
  return () => raisedListeners.delete(listener);
}

export const unreadTotal = computed(() => summary.value?.total ?? 0);
export const unreadThreads = computed<readonly UnreadThread[]>(() => summary.value?.threads ?? []);
export const unreadKnown = computed(() => summary.value !== null);

/** A thread's live count; null while unknown (no counts yet, or a long list the answer cut short). */
export function unreadOfThread(threadId: string): number | null {
  const known = summary.value;
  if (!known) return null;
  const listed = known.threads.find((t) => t.threadId === threadId);
  if (listed) return listed.unreadCount;
  return known.threads.length < known.threadCount ? null : 0;
}

/** The parcel's thread with unread messages, if any (a delivery card's count). */
export function unreadOfShipment(shipmentId: string): UnreadThread | null {
  return summary.value?.threads.find((t) => t.shipmentId === shipmentId) ?? null;
}

/** An order's threads with unread messages (its parcels' and its support thread), and their sum. */
export function unreadOfOrder(orderId: string): { count: number; first: UnreadThread | null } {
  const threads = summary.value?.threads.filter((t) => t.orderId === orderId) ?? [];
  return { count: threads.reduce((sum, t) => sum + t.unreadCount, 0), first: threads[0] ?? null };
}
