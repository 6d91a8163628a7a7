import { describe, expect, it } from 'vitest';
import { lastSeqOf, leavesGap, loadDraft, mergeMessages, saveDraft, toBubbles, withoutConfirmed, type ChatMessage, type PendingMessage } from './threadModel';

type Author = NonNullable<ChatMessage['author']>;
const me: Author = { id: 'me', displayName: '买家小王', role: 'BUYER' };
const them: Author = { id: 'them', displayName: '派件员老李', role: 'COURIER' };
function message(seq: number, author: Author = them, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `m${seq}`, threadId: 't', seq, kind: 'TEXT', body: `#${seq}`, systemEvent: null, createdAt: '2026-01-01T00:00:00Z', clientMessageId: null, author, photo: null, ...extra };
}

describe('mergeMessages', () => {
  it('orders by seq and shows a message that arrives twice once', () => {
    const shown = [message(1), message(3)];
    const merged = mergeMessages(shown, [message(2), message(3), message(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the newer copy of a known id', () => {
    const merged = mergeMessages([message(1)], [message(1, them, { body: 'edited' })]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.body).toBe('edited');
  });
});

describe('gaps and catch-up', () => {
  it('asks after the last seq held, and sees a hole when a live message skips ahead', () => {
    expect(lastSeqOf([])).toBe(0);
    expect(lastSeqOf([message(1), message(2)])).toBe(2);
    expect(leavesGap([message(1), message(2)], message(3))).toBe(false);
    expect(leavesGap([message(1), message(2)], message(5))).toBe(true);
    expect(leavesGap([], message(7))).toBe(false);
  });
});

describe('optimistic sending', () => {
  const pending: PendingMessage[] = [
    { clientMessageId: 'c1', body: 'a', status: 'pending', createdAt: '2026-01-01T00:00:01Z' },
    { clientMessageId: 'c2', body: 'b', status: 'failed', reason: 'NETWORK', createdAt: '2026-01-01T00:00:02Z' },
  ];

  it('drops a pending bubble once the server confirms its clientMessageId', () => {
    const left = withoutConfirmed(pending, [message(5, me, { clientMessageId: 'c1' })]);
    expect(left.map((p) => p.clientMessageId)).toEqual(['c2']);
  });

  it('draws confirmed messages by seq, then pending and failed ones, with read receipts for mine', () => {
    const bubbles = toBubbles([message(1, me), message(2, them), message(3, me)], pending, 'me', 1);
    expect(bubbles.map((b) => [b.body, b.mine, b.status])).toEqual([
      ['#1', true, 'read'],
      ['#2', false, 'sent'],
      ['#3', true, 'sent'],
      ['a', true, 'pending'],
      ['b', true, 'failed'],
    ]);
  });
});

describe('drafts', () => {
  it('keeps a draft per thread and forgets it once empty', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    saveDraft('t1', '还没写完', storage);
    expect(loadDraft('t1', storage)).toBe('还没写完');
    expect(loadDraft('t2', storage)).toBe('');
    saveDraft('t1', '', storage);
    expect(store.size).toBe(0);
  });

  it('survives storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); }, removeItem: () => undefined };
    expect(loadDraft('t', broken)).toBe('');
    expect(() => saveDraft('t', 'x', broken)).not.toThrow();
  });
});
