import type { Client } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { errorKind } from '#shared/errors/errorMessage';
import { liveSocketContext, subscribeReconnected } from '#shared/graphql/reconnect';
import { useSession } from '#shared/session/session';
import { uploadPhoto, UploadError } from '#shared/uploads/photoUpload';
import { OutboxSendMutation } from '../graphql/outbox';
import { dropFromOutbox, keepInOutbox, readOutbox, sendOutcome, type OutboxEntry } from './outbox';
import { outboxPhotos } from './outboxPhotos';
import type { ChatMessage } from './threadModel';

/** Photo messages' upload route: the evidence pipeline's sibling for people who chat. */
export const CHAT_UPLOAD_URL = '/uploads/chat';

/**
 * The one sender of the browser's chat outbox (outbox.ts), app-wide (issue 18): what waits is sent
 * when the connection returns whatever page is open, not only while its thread is open. One send at
 * a time for the whole page (and, where the browser has Web Locks, for all its tabs), in the order
 * written; a send that gets no answer stops the pass so nothing written later overtakes it, and the
 * next pass sends it again with the same clientMessageId (the server answers a repeat with the first
 * message: never stored twice). A refusal by a rule is kept with its reason and never sent again.
 * Open threads (useThread) follow the passes through `onOutboxEvent` to draw their bubbles.
 */
export type OutboxEvent =
  | { kind: 'sending' }
  | { kind: 'progress'; progress: number; photoId?: string }
  | { kind: 'sent'; message: ChatMessage }
  | { kind: 'waiting' | 'failed' | 'refused'; reason: string };

type Listener = (entry: OutboxEntry, event: OutboxEvent) => void;
const listeners = new Set<Listener>();

export function onOutboxEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What the alert banner listens for (a DOM event, so that the banner's chunk imports nothing of chat). */
export const REFUSED_EVENT = 'parceldesk:chat-refused';

function emit(entry: OutboxEntry, event: OutboxEvent): void {
  if (event.kind === 'refused') window.dispatchEvent(new CustomEvent(REFUSED_EVENT, { detail: entry }));
  for (const listener of [...listeners]) {
    try {
      listener(entry, event);
    } catch (error) {
      console.error('outbox listener failed', error);
    }
  }
}

let chain: Promise<unknown> = Promise.resolve();
/** Runs `task` after every send queued before it (texts from the outbox and photos alike). */
export function inSendOrder<T>(task: () => Promise<T>): Promise<T> {
  const run = chain.then(task, task);
  chain = run.catch(() => undefined);
  return run;
}

let flushing: Promise<void> | null = null;
let again = false;

/** Sends `userId`'s waiting messages in the order written; a call during a pass makes one more pass. */
export function flushOutbox(client: Client, userId: string): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = inSendOrder(async () => {
    do {
      again = false;
      await acrossTabs(() => pass(client, userId));
    } while (again && navigator.onLine);
  }).finally(() => (flushing = null));
  return flushing;
}

/** One tab of the browser sends at a time (Web Locks, where there are); the rest wait their turn. */
function acrossTabs(run: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('parceldesk.chat.outbox', run).then(() => undefined) : run();
}

async function pass(client: Client, userId: string): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    // Read each time: a message written or deleted meanwhile counts, and another tab's sends too.
    const entry = readOutbox(userId).find((e) => e.status === 'waiting' && !tried.has(e.clientMessageId));
    if (!entry) return;
    if (!navigator.onLine) return hold(userId, tried, 'NETWORK');
    // Signed out (or in as someone else) meanwhile: the rest waits for its writer.
    if (target && target.userId() !== userId) return;
    tried.add(entry.clientMessageId);
    emit(entry, { kind: 'sending' });
    let kind: string;
    try {
      const photoId = entry.photo ? await photoUp(userId, entry) : null;
      const result = await client
        .mutation(OutboxSendMutation, { input: { threadId: entry.threadId, clientMessageId: entry.clientMessageId, body: entry.body, photoId } }, liveSocketContext())
        .toPromise();
      const message = result.data?.sendMessage;
      if (message) {
        dropFromOutbox(userId, [entry.clientMessageId]);
        if (entry.photo) void outboxPhotos.forget([entry.clientMessageId]);
        emit(entry, { kind: 'sent', message });
        continue;
      }
      kind = errorKind(result.error) ?? 'UNKNOWN';
    } catch (failure) {
      kind = failure instanceof UploadError ? failure.code : 'UNKNOWN';
    }
    const outcome = sendOutcome(kind as Parameters<typeof sendOutcome>[0]);
    if (outcome === 'refused') {
      // NOT_FOUND on a thread the sender wrote in: they may no longer write there (re-dispatched parcel).
      const reason = kind === 'NOT_FOUND' ? 'NO_ACCESS' : kind;
      keepInOutbox(userId, { ...entry, status: 'refused', reason });
      emit(entry, { kind: 'refused', reason });
      continue;
    }
    // No answer, or not now (rate limited): it stays waiting, and so does everything after it.
    emit(entry, { kind: outcome, reason: kind });
    return hold(userId, tried, 'NETWORK');
  }
}

/**
 * A photo entry's upload: done once (its id is kept with the entry, so a send that got no answer is
 * retried without the bytes); a file no longer in the browser is refused as PHOTO_GONE.
 */
async function photoUp(userId: string, entry: OutboxEntry): Promise<string> {
  if (entry.photoId) return entry.photoId;
  const file = await outboxPhotos.get(entry.clientMessageId);
  if (!file) throw new UploadError('PHOTO_GONE', 'the photo is no longer in this browser');
  const uploaded = await uploadPhoto(CHAT_UPLOAD_URL, file, (progress) => emit(entry, { kind: 'progress', progress }));
  // Still waiting (not deleted meanwhile): remember the upload with it.
  if (readOutbox(userId).some((e) => e.clientMessageId === entry.clientMessageId)) keepInOutbox(userId, { ...entry, photoId: uploaded.id });
  emit(entry, { kind: 'progress', progress: 1, photoId: uploaded.id });
  return uploaded.id;
}

function hold(userId: string, tried: Set<string>, reason: string): void {
  for (const entry of readOutbox(userId)) {
    if (entry.status === 'waiting' && !tried.has(entry.clientMessageId)) emit(entry, { kind: 'waiting', reason });
  }
}

let target: { client: Client; userId: () => string | null } | null = null;

function flushNow(): void {
  const userId = target?.userId();
  if (target && userId) void flushOutbox(target.client, userId);
}

/**
 * Keeps the outbox flowing for the rest of the page's life: a pass now (what a reload left), and one
 * each time the browser is back online or the live socket reconnects. Installed once per page (two
 * listeners, never more) by the first thread opened, or at start by the app's live pieces when a
 * reload left messages waiting (useOutboxFlow below); later calls only point it at the
 * current client and user.
 */
export function keepOutboxFlowing(client: Client, userId: () => string | null): void {
  const first = target === null;
  target = { client, userId };
  if (first) {
    window.addEventListener('online', flushNow);
    subscribeReconnected(flushNow);
  }
  flushNow();
}

/**
 * keepOutboxFlowing for the signed-in user, started by the app's live pieces (the phone's tab counts,
 * the desk's live header): messages written offline go when the network returns whatever page is
 * open, also those a reload (or a closed tab) left waiting in the browser.
 */
export function useOutboxFlow(): void {
  const { client } = useClientHandle();
  const { user } = useSession();
  keepOutboxFlowing(client, () => user.value?.id ?? null);
}
