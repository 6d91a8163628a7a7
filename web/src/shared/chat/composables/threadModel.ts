import type { ChatMessageFieldsFragment } from '#gql/graphql';

export type ChatMessage = ChatMessageFieldsFragment;

/**
 * A message the server has not confirmed: on its way (`pending`), kept until the network returns
 * (`waiting`), failed with a retry (`failed`), or refused by a rule and never sent again (`refused`).
 */
export interface PendingMessage {
  clientMessageId: string;
  body: string;
  status: 'pending' | 'waiting' | 'failed' | 'refused';
  /** Why it failed (an error kind such as NETWORK or RATE_LIMITED). */
  reason?: string;
  createdAt: string;
  /** A photo message: the picked file, its local preview, upload progress, then the upload's id. */
  photo?: PendingPhoto;
}

export interface PendingPhoto {
  file: Blob;
  preview: string;
  progress: number;
  photoId: string | null;
}

/** One bubble as the list draws it. */
export interface Bubble {
  key: string;
  kind: 'TEXT' | 'SYSTEM';
  mine: boolean;
  body: string;
  authorName: string;
  systemEvent: string | null;
  createdAt: string;
  status: 'sent' | 'read' | PendingMessage['status'];
  seq: number | null;
  clientMessageId: string | null;
  reason?: string;
  /** The thumbnail and the full-size image (a local preview while it uploads). */
  photo: { thumbnailUrl: string; url: string } | null;
  /** 0 to 1 while the photo uploads; null otherwise. */
  progress: number | null;
}

/**
 * Merges messages by id and orders them by seq. Whatever arrives twice (live and in a catch-up
 * page, or a mutation answer and its own live echo) shows once.
 */
export function mergeMessages(shown: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return shown as ChatMessage[];
  const byId = new Map(shown.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held: what `messages(afterSeq)` asks after, on every (re)connect. */
export function lastSeqOf(messages: readonly ChatMessage[]): number {
  return messages.length ? messages[messages.length - 1]!.seq : 0;
}

/** Whether `incoming` leaves a hole after what is held (something was missed: fetch it). */
export function leavesGap(messages: readonly ChatMessage[], incoming: ChatMessage): boolean {
  return messages.length > 0 && incoming.seq > lastSeqOf(messages) + 1;
}

/** Pending bubbles the server has confirmed (by the sender's clientMessageId) disappear. */
export function withoutConfirmed(pending: readonly PendingMessage[], messages: readonly ChatMessage[]): PendingMessage[] {
  const confirmed = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
  const left = pending.filter((p) => !confirmed.has(p.clientMessageId));
  return left.length === pending.length ? (pending as PendingMessage[]) : left;
}

export function toBubbles(messages: readonly ChatMessage[], pending: readonly PendingMessage[], viewerId: string | null, otherReadSeq: number): Bubble[] {
  const sent = messages.map<Bubble>((m) => {
    const mine = m.author?.id === viewerId;
    return {
      key: m.id,
      kind: m.kind,
      mine,
      body: m.body,
      authorName: m.author?.displayName ?? '',
      systemEvent: m.systemEvent ?? null,
      createdAt: m.createdAt,
      status: mine && m.seq <= otherReadSeq ? 'read' : 'sent',
      seq: m.seq,
      clientMessageId: m.clientMessageId ?? null,
      photo: m.photo ? { thumbnailUrl: m.photo.thumbnailUrl, url: m.photo.url } : null,
      progress: null,
    };
  });
  const waiting = pending.map<Bubble>((p) => ({
    key: `pending-${p.clientMessageId}`,
    kind: 'TEXT',
    mine: true,
    body: p.body,
    authorName: '',
    systemEvent: null,
    createdAt: p.createdAt,
    status: p.status,
    seq: null,
    clientMessageId: p.clientMessageId,
    reason: p.reason,
    photo: p.photo ? { thumbnailUrl: p.photo.preview, url: p.photo.preview } : null,
    progress: p.photo && !p.photo.photoId ? p.photo.progress : null,
  }));
  return [...sent, ...waiting];
}

export function newClientMessageId(): string {
  return crypto.randomUUID();
}

const DRAFT_PREFIX = 'parceldesk.chat.draft.';

/** The unsent text of a thread survives a reload (localStorage; unavailable storage is ignored). */
export function loadDraft(threadId: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string {
  try {
    return storage?.getItem(DRAFT_PREFIX + threadId) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(threadId: string, text: string, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    if (text) storage?.setItem(DRAFT_PREFIX + threadId, text);
    else storage?.removeItem(DRAFT_PREFIX + threadId);
  } catch {
    // Private mode or a full quota: the draft just does not survive a reload.
  }
}
