import { describe, expect, it } from 'vitest';
import { dropFromOutbox, keepInOutbox, OUTBOX_MAX, outboxOf, readOutbox, sendOutcome, type OutboxEntry } from './outbox';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    data,
  };
}

const entry = (n: number, threadId = 't1', status: OutboxEntry['status'] = 'waiting'): OutboxEntry => ({
  threadId,
  clientMessageId: `c${n}`,
  body: `message ${n}`,
  createdAt: new Date(2026, 11, 7, 20, n).toISOString(),
  status,
});

describe('chat outbox', () => {
  it('keeps entries per user in the order written, per thread, and drops confirmed ones', () => {
    const storage = memoryStorage();
    keepInOutbox('u1', entry(1), storage);
    keepInOutbox('u1', entry(2, 't2'), storage);
    keepInOutbox('u1', entry(3), storage);
    keepInOutbox('u2', entry(4), storage);
    expect(outboxOf('u1', 't1', storage).map((e) => e.clientMessageId)).toEqual(['c1', 'c3']);
    // An update keeps its place (a refusal is remembered with its reason).
    keepInOutbox('u1', { ...entry(1), status: 'refused', reason: 'CONFLICT' }, storage);
    expect(outboxOf('u1', 't1', storage)[0]).toMatchObject({ clientMessageId: 'c1', status: 'refused', reason: 'CONFLICT' });
    dropFromOutbox('u1', ['c1', 'c3'], storage);
    expect(outboxOf('u1', 't1', storage)).toEqual([]);
    expect(readOutbox('u2', storage)).toHaveLength(1);
  });

  it('survives damaged storage and stays bounded, refused entries going first', () => {
    const storage = memoryStorage();
    storage.setItem('parceldesk.chat.outbox.u1', '{not json');
    expect(readOutbox('u1', storage)).toEqual([]);
    storage.setItem('parceldesk.chat.outbox.u1', JSON.stringify([{ nonsense: true }, entry(1)]));
    expect(readOutbox('u1', storage)).toEqual([entry(1)]);
    keepInOutbox('u1', entry(0, 't1', 'refused'), storage);
    for (let n = 2; n <= OUTBOX_MAX + 1; n++) keepInOutbox('u1', entry(n), storage);
    const kept = readOutbox('u1', storage);
    expect(kept).toHaveLength(OUTBOX_MAX);
    expect(kept.some((e) => e.status === 'refused')).toBe(false);
  });

  it('waits on the network, refuses on a rule, lets a retry try the rest', () => {
    expect(sendOutcome('NETWORK')).toBe('waiting');
    expect(sendOutcome('CONFLICT')).toBe('refused');
    expect(sendOutcome('NOT_FOUND')).toBe('refused');
    expect(sendOutcome('RATE_LIMITED')).toBe('failed');
    expect(sendOutcome('UNKNOWN')).toBe('failed');
  });
});
