import type { Client } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { ChatThreadFieldsFragment } from '#gql/graphql';
import { liveSocketContext, onReconnected, socketStatus } from '#shared/graphql/reconnect';
import { useSession } from '#shared/session/session';
import {
  MarkThreadReadMutation,
  MessageAddedSubscription,
  MessagesQuery,
  SetTypingMutation,
  ThreadActivitySubscription,
  ThreadQuery,
} from '../graphql/chat';
import {
  leavesGap,
  lastSeqOf,
  mergeMessages,
  newClientMessageId,
  toBubbles,
  withoutConfirmed,
  type ChatMessage,
  type PendingMessage,
  type PendingPhoto,
} from './threadModel';
import { precheckPhoto } from '#shared/uploads/photoUpload';
import { dropFromOutbox, keepInOutbox, outboxOf, type OutboxEntry } from './outbox';
import { outboxPhotos } from './outboxPhotos';
import { flushOutbox, keepOutboxFlowing, onOutboxEvent } from './outboxSender';

const PAGE = 30;
const CATCH_UP_PAGE = 100;
const TYPING_SHOW_MS = 5_000;
const TYPING_SEND_EVERY_MS = 3_000;

export type ChatThread = ChatThreadFieldsFragment;

/** SYSTEM messages after which a thread's state (closed, writable) is read again. */
const STATE_EVENTS = new Set(['SUPPORT_CLOSED', 'SUPPORT_ACKNOWLEDGED']);

/**
 * One open thread, kept complete without reloads (issue 6.6): the latest page first, then every
 * `messageAdded`; on every (re)connect, and whenever a live message leaves a hole, it asks for
 * `messages(afterSeq: last seq held)` and merges by id, so order is by seq and nothing shows twice.
 * Sending is optimistic: a pending bubble, then the confirmed message, or a failed bubble whose
 * retry reuses the clientMessageId (the server answers a retry with the first message).
 */
export function useThread(threadId: () => string) {
  const { client } = useClientHandle();
  const { user } = useSession();
  const thread = shallowRef<ChatThread | null>(null);
  const messages = shallowRef<ChatMessage[]>([]);
  const pending = shallowRef<PendingMessage[]>([]);
  const hasOlder = shallowRef(false);
  const loading = shallowRef(true);
  const loadingOlder = shallowRef(false);
  const error = shallowRef<unknown>(null);
  const otherReadSeq = shallowRef(0);
  const typingName = shallowRef<string | null>(null);
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let lastTypingSent = 0;
  let markedSeq = 0;
  let generation = 0;

  function accept(incoming: readonly ChatMessage[]): void {
    // A support conversation closed, or reopened by the buyer (its acknowledgement follows): read its state again.
    const head = thread.value;
    if (head && incoming.some((m) => m.seq > head.lastSeq && STATE_EVENTS.has(m.systemEvent ?? ''))) void refreshHead();
    messages.value = mergeMessages(messages.value, incoming);
    const before = pending.value;
    pending.value = withoutConfirmed(pending.value, messages.value);
    if (pending.value !== before && user.value) {
      const left = new Set(pending.value.map((p) => p.clientMessageId));
      const confirmed = before.filter((p) => !left.has(p.clientMessageId));
      dropFromOutbox(user.value.id, confirmed.map((p) => p.clientMessageId));
      for (const p of confirmed) if (p.photo) URL.revokeObjectURL(p.photo.preview);
      void outboxPhotos.forget(confirmed.filter((p) => p.photo).map((p) => p.clientMessageId));
    }
    void markRead();
  }

  // --- the outbox (outbox.ts): messages kept in the browser until the server has them (a photo's
  // file in IndexedDB, outboxPhotos.ts), sent app-wide by outboxSender.ts; this thread only draws
  // what happens to its own ---
  function remember(message: PendingMessage): void {
    if (!user.value) return;
    if (message.photo) void outboxPhotos.keep(message.clientMessageId, message.photo.file);
    const pushedOut = keepInOutbox(user.value.id, {
      threadId: threadId(), clientMessageId: message.clientMessageId, body: message.body, createdAt: message.createdAt, status: 'waiting', photo: message.photo ? true : undefined,
    });
    void outboxPhotos.forget(pushedOut);
  }

  /** What this browser still holds for the thread, back as bubbles (after a reload, or another visit). */
  async function restoreOutbox(): Promise<void> {
    if (!user.value) return;
    const mine = generation;
    const held = new Set(pending.value.map((p) => p.clientMessageId));
    const stored = outboxOf(user.value.id, threadId()).filter((e) => !held.has(e.clientMessageId));
    if (stored.length === 0) return;
    const restored = await Promise.all(stored.map(restoredBubble));
    if (mine !== generation) return;
    const now = new Set(pending.value.map((p) => p.clientMessageId));
    pending.value = withoutConfirmed([...pending.value, ...restored.filter((p) => !now.has(p.clientMessageId))], messages.value);
  }

  async function restoredBubble(e: OutboxEntry): Promise<PendingMessage> {
    const bubble: PendingMessage = { clientMessageId: e.clientMessageId, body: e.body, createdAt: e.createdAt, status: e.status, reason: e.reason };
    if (!e.photo) return bubble;
    // The photo from the browser's store; gone (storage cleared) it still shows, and the send says why.
    const file = (await outboxPhotos.get(e.clientMessageId)) ?? new Blob();
    return { ...bubble, photo: { file, preview: URL.createObjectURL(file), progress: 0, photoId: e.photoId ?? null } };
  }

  /** Sends what waits (this thread's and every other's), in the order written. */
  function flush(): void {
    if (user.value) void flushOutbox(client, user.value.id);
  }

  const offOutbox = onOutboxEvent((entry, event) => {
    if (entry.threadId !== threadId() || !thread.value) return;
    if (event.kind === 'sent') {
      accept([event.message]);
      pending.value = pending.value.filter((p) => p.clientMessageId !== entry.clientMessageId);
      return;
    }
    if (event.kind === 'progress') return updatePhoto(entry.clientMessageId, { progress: event.progress, ...(event.photoId ? { photoId: event.photoId } : {}) });
    const status = event.kind === 'sending' ? 'pending' : event.kind;
    const reason = event.kind === 'sending' ? undefined : event.reason;
    pending.value = pending.value.map((p) => (p.clientMessageId === entry.clientMessageId ? { ...p, status, reason } : p));
  });
  keepOutboxFlowing(client, () => user.value?.id ?? null);

  async function load(): Promise<void> {
    const mine = ++generation;
    const id = threadId();
    loading.value = true;
    error.value = null;
    messages.value = [];
    pending.value = [];
    markedSeq = 0;
    const [head, page] = await Promise.all([
      client.query(ThreadQuery, { id }, { requestPolicy: 'network-only' }).toPromise(),
      client.query(MessagesQuery, { threadId: id, first: PAGE }, { requestPolicy: 'network-only' }).toPromise(),
    ]);
    if (mine !== generation) return;
    loading.value = false;
    if (!head.data?.thread || !page.data) {
      error.value = head.error ?? page.error ?? new Error('NOT_FOUND');
      return;
    }
    thread.value = head.data.thread;
    otherReadSeq.value = head.data.thread.otherReadSeq;
    hasOlder.value = page.data.messages.hasMore;
    accept(page.data.messages.nodes);
    await catchUp();
    if (mine !== generation) return;
    await restoreOutbox();
    flush();
  }

  async function refreshHead(): Promise<void> {
    const mine = generation;
    const head = await client.query(ThreadQuery, { id: threadId() }, { requestPolicy: 'network-only' }).toPromise();
    if (mine === generation && head.data?.thread) thread.value = head.data.thread;
  }

  // --- catch-up: one at a time; a request made meanwhile runs once more after ---
  let catching: Promise<void> | null = null;
  let again = false;
  async function catchUp(): Promise<void> {
    if (!thread.value) return;
    if (catching) {
      again = true;
      return catching;
    }
    catching = (async () => {
      do {
        again = false;
        const mine = generation;
        for (;;) {
          const result = await fetchAfter(client, threadId(), lastSeqOf(messages.value));
          if (mine !== generation || !result) return;
          accept(result.nodes);
          if (!result.hasMore) break;
        }
      } while (again);
    })().finally(() => (catching = null));
    return catching;
  }

  async function loadOlder(): Promise<void> {
    if (!hasOlder.value || loadingOlder.value || messages.value.length === 0) return;
    loadingOlder.value = true;
    try {
      const result = await client
        .query(MessagesQuery, { threadId: threadId(), beforeSeq: messages.value[0]!.seq, first: PAGE }, { requestPolicy: 'network-only' })
        .toPromise();
      if (result.data) {
        hasOlder.value = result.data.messages.hasMore;
        messages.value = mergeMessages(messages.value, result.data.messages.nodes);
      }
    } finally {
      loadingOlder.value = false;
    }
  }

  // --- live ---
  let live: { unsubscribe(): void }[] = [];
  function follow(): void {
    for (const s of live) s.unsubscribe();
    const id = threadId();
    live = [
      client.subscription(MessageAddedSubscription, { threadId: id }).subscribe((result) => {
        const message = result.data?.messageAdded;
        if (!message) return;
        // Past a hole: fetch from the last seq held, which brings this one too (taking it now
        // would move the last seq past the hole and the catch-up would skip it).
        if (leavesGap(messages.value, message)) void catchUp();
        else accept([message]);
      }),
      client.subscription(ThreadActivitySubscription, { threadId: id }).subscribe((result) => {
        const activity = result.data?.threadActivity;
        if (!activity) return;
        otherReadSeq.value = Math.max(otherReadSeq.value, activity.readUpToSeq);
        clearTimeout(typingTimer);
        typingName.value = activity.typing ? activity.user.displayName : null;
        // Our own clock: the other side's may differ.
        if (activity.typing) typingTimer = setTimeout(() => (typingName.value = null), TYPING_SHOW_MS);
      }),
    ];
  }

  // A live message ends the other side's "typing".
  watch(
    () => lastSeqOf(messages.value),
    () => {
      const last = messages.value[messages.value.length - 1];
      if (last && last.author?.id !== user.value?.id) typingName.value = null;
    },
  );

  // Every (re)connect: ask for what came after the last seq held.
  watch(socketStatus, (status) => {
    if (status === 'connected') void catchUp().then(flush);
  });
  onReconnected(() => void catchUp().then(flush));

  function updatePhoto(clientMessageId: string, change: Partial<PendingPhoto>): void {
    pending.value = pending.value.map((p) => (p.clientMessageId === clientMessageId && p.photo ? { ...p, photo: { ...p.photo, ...change } } : p));
  }

  function send(text: string): boolean {
    const body = text.trim();
    if (!body || !thread.value?.canWrite) return false;
    // Kept first (it survives a reload), then sent with whatever waits before it; offline it shows
    // as waiting and goes when the network returns (flush).
    const message: PendingMessage = { clientMessageId: newClientMessageId(), body, status: navigator.onLine ? 'pending' : 'waiting', createdAt: new Date().toISOString() };
    pending.value = [...pending.value, message];
    remember(message);
    flush();
    return true;
  }

  /** Deletes a message that did not go (refused, failed or still waiting): it is never sent. */
  function remove(clientMessageId: string): void {
    const message = pending.value.find((p) => p.clientMessageId === clientMessageId);
    if (!message || message.status === 'pending') return;
    if (message.photo) URL.revokeObjectURL(message.photo.preview);
    pending.value = pending.value.filter((p) => p.clientMessageId !== clientMessageId);
    if (user.value) dropFromOutbox(user.value.id, [clientMessageId]);
    if (message.photo) void outboxPhotos.forget([clientMessageId]);
  }

  /**
   * A photo message: shown at once from a local preview with its upload progress, and kept like a
   * text (its file in the browser's IndexedDB), so offline it waits, survives a reload, and goes
   * once, in the order written, when the network returns.
   */
  function sendPhoto(file: File): boolean {
    if (!thread.value?.canWrite) return false;
    const refused = precheckPhoto(file);
    const message: PendingMessage = {
      clientMessageId: newClientMessageId(),
      body: '',
      status: refused ? 'failed' : navigator.onLine ? 'pending' : 'waiting',
      reason: refused?.code,
      createdAt: new Date().toISOString(),
      photo: { file, preview: URL.createObjectURL(file), progress: 0, photoId: null },
    };
    pending.value = [...pending.value, message];
    if (refused) return false;
    remember(message);
    flush();
    return true;
  }

  /** A message that failed (rate limited): the next pass sends it, with whatever waits before it. */
  function retry(clientMessageId: string): void {
    const message = pending.value.find((p) => p.clientMessageId === clientMessageId);
    if (!message || message.status !== 'failed' || (message.photo && precheckPhoto(message.photo.file))) return;
    flush();
  }

  function typing(): void {
    const now = Date.now();
    if (now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
    lastTypingSent = now;
    void client.mutation(SetTypingMutation, { threadId: threadId() }, liveSocketContext()).toPromise();
  }

  async function markRead(): Promise<void> {
    const seq = lastSeqOf(messages.value);
    if (seq <= markedSeq || document.visibilityState === 'hidden' || !thread.value) return;
    markedSeq = seq;
    await client.mutation(MarkThreadReadMutation, { threadId: threadId(), upToSeq: seq }, liveSocketContext()).toPromise();
  }
  const onVisible = () => void markRead();
  document.addEventListener('visibilitychange', onVisible);

  watch(
    threadId,
    () => {
      follow();
      void load();
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    generation++;
    for (const s of live) s.unsubscribe();
    clearTimeout(typingTimer);
    document.removeEventListener('visibilitychange', onVisible);
    offOutbox();
  });

  return {
    thread,
    messages,
    bubbles: computed(() => toBubbles(messages.value, pending.value, user.value?.id ?? null, otherReadSeq.value)),
    hasOlder,
    loading,
    loadingOlder,
    error,
    typingName,
    send,
    sendPhoto,
    retry,
    remove,
    typing,
    loadOlder,
    reload: load,
  };
}

async function fetchAfter(client: Client, threadId: string, afterSeq: number) {
  const result = await client.query(MessagesQuery, { threadId, afterSeq, first: CATCH_UP_PAGE }, { requestPolicy: 'network-only' }).toPromise();
  return result.data?.messages ?? null;
}
