import type { ErrorKind } from '#shared/errors/errorMessage';

/**
 * Chat's outbox in the browser (issue 18): a text message written while the network is down, or
 * whose send did not get an answer, is kept here (localStorage, per user) until the server
 * confirms it, so it survives a reload and goes when the connection returns, in the order written.
 * The server is idempotent on `clientMessageId`, so sending an entry again after an unanswered
 * attempt cannot make a second message. A message the server refused by a rule stays here with
 * its reason, never sent again, until the writer deletes it. A photo message is an entry too: its
 * file waits in IndexedDB (outboxPhotos.ts) under the same clientMessageId, and the entry holds the
 * upload's id once the photo is up, so a later attempt sends the message without uploading again.
 */
export interface OutboxEntry {
  threadId: string;
  clientMessageId: string;
  body: string;
  createdAt: string;
  status: 'waiting' | 'refused';
  reason?: string;
  /** A photo message: its file is in outboxPhotos under the clientMessageId. */
  photo?: boolean;
  /** The photo's upload, once done. */
  photoId?: string | null;
}

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const KEY = 'parceldesk.chat.outbox.';
/** A bound on what one browser keeps (oldest refused entries go first). */
export const OUTBOX_MAX = 200;

export function readOutbox(userId: string, storage: Storage_ | undefined = globalThis.localStorage): OutboxEntry[] {
  try {
    const parsed = JSON.parse(storage?.getItem(KEY + userId) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

function isEntry(value: unknown): value is OutboxEntry {
  const entry = value as OutboxEntry;
  return !!entry && typeof entry.threadId === 'string' && typeof entry.clientMessageId === 'string' && typeof entry.body === 'string'
    && (entry.status === 'waiting' || entry.status === 'refused');
}

function writeOutbox(userId: string, entries: OutboxEntry[], storage: Storage_ | undefined): void {
  try {
    if (entries.length === 0) storage?.removeItem(KEY + userId);
    else storage?.setItem(KEY + userId, JSON.stringify(entries));
  } catch {
    // Private mode or a full quota: the message is still sent while the page stays open.
  }
}

/**
 * Adds or updates an entry (by clientMessageId), keeping the order written. Returns the
 * clientMessageIds of the photo entries the bound pushed out (their files are to be forgotten).
 */
export function keepInOutbox(userId: string, entry: OutboxEntry, storage: Storage_ | undefined = globalThis.localStorage): string[] {
  const entries = readOutbox(userId, storage);
  const at = entries.findIndex((e) => e.clientMessageId === entry.clientMessageId);
  if (at >= 0) entries[at] = entry;
  else entries.push(entry);
  const dropped: string[] = [];
  while (entries.length > OUTBOX_MAX) {
    const refused = entries.findIndex((e) => e.status === 'refused');
    const [gone] = entries.splice(refused >= 0 ? refused : 0, 1);
    if (gone?.photo) dropped.push(gone.clientMessageId);
  }
  writeOutbox(userId, entries, storage);
  return dropped;
}

export function dropFromOutbox(userId: string, clientMessageIds: readonly string[], storage: Storage_ | undefined = globalThis.localStorage): void {
  const entries = readOutbox(userId, storage);
  const left = entries.filter((e) => !clientMessageIds.includes(e.clientMessageId));
  if (left.length !== entries.length) writeOutbox(userId, left, storage);
}

export function outboxOf(userId: string, threadId: string, storage: Storage_ | undefined = globalThis.localStorage): OutboxEntry[] {
  return readOutbox(userId, storage).filter((e) => e.threadId === threadId);
}

/** What a failed send means for the message: wait for the network, refused for good, or retry by hand. */
export function sendOutcome(kind: ErrorKind | 'PHOTO_GONE'): 'waiting' | 'refused' | 'failed' {
  switch (kind) {
    case 'NETWORK':
    case 'UNAUTHENTICATED': // signed in again, it goes
      return 'waiting';
    case 'CONFLICT': // the conversation became read-only, or the id was used for another text
    case 'NOT_FOUND': // the sender lost access to the thread (e.g. the parcel was re-dispatched)
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'INVALID_TRANSITION':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA':
    case 'PHOTO_GONE': // a kept photo's file is no longer in the browser (storage cleared)
      return 'refused';
    default:
      return 'failed'; // RATE_LIMITED, UNKNOWN: a retry may go through
  }
}
