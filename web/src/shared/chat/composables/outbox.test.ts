import { CombinedError, type Client } from '@urql/core';
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { OutboxSendMutation } from '../graphql/outbox';
import { dropFromOutbox, keepInOutbox, OUTBOX_MAX, outboxOf, readOutbox, sendOutcome, type OutboxEntry } from './outbox';
import { keepOutboxFlowing, onOutboxEvent, type OutboxEvent } from './outboxSender';

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
    keepInOutbox('u1', { ...entry(0, 't1', 'refused'), photo: true }, storage);
    const pushedOut: string[] = [];
    for (let n = 2; n <= OUTBOX_MAX + 1; n++) pushedOut.push(...keepInOutbox('u1', entry(n), storage));
    const kept = readOutbox('u1', storage);
    expect(kept).toHaveLength(OUTBOX_MAX);
    expect(kept.some((e) => e.status === 'refused')).toBe(false);
    // A photo entry pushed out is named, so that its file is forgotten too.
    expect(pushedOut).toEqual(['c0']);
  });

  it('waits on the network, refuses on a rule, lets a retry try the rest', () => {
    expect(sendOutcome('NETWORK')).toBe('waiting');
    expect(sendOutcome('CONFLICT')).toBe('refused');
    expect(sendOutcome('NOT_FOUND')).toBe('refused');
    expect(sendOutcome('RATE_LIMITED')).toBe('failed');
    expect(sendOutcome('UNKNOWN')).toBe('failed');
  });

  it('sends what waits app-wide when the network returns, with no thread open: in order, once each, a refusal kept with its reason', async () => {
    localStorage.clear();
    // Written offline in two threads, then the page left for another (no thread open).
    for (const e of [entry(1, 't1'), entry(2, 't2'), entry(3, 't1'), entry(4, 't3')]) keepInOutbox('u1', e);
    let online = false;
    const sent: string[] = [];
    const attempts: string[] = [];
    const client = {
      mutation: (doc: unknown, variables: any) => ({
        toPromise: async () => {
          expect(doc).toBe(OutboxSendMutation);
          const { threadId, clientMessageId, body } = variables.input;
          attempts.push(clientMessageId);
          if (!online) return { error: new CombinedError({ networkError: new Error('offline') }) };
          // The parcel of t2 was re-dispatched meanwhile: the writer lost access to it.
          if (threadId === 't2') return { error: new CombinedError({ graphQLErrors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }] }) };
          if (!sent.includes(clientMessageId)) sent.push(clientMessageId);
          return { data: { sendMessage: { id: `m-${clientMessageId}`, threadId, seq: sent.length, body, clientMessageId } } };
        },
      }),
    } as unknown as Client;
    const events: [string, OutboxEvent['kind']][] = [];
    const off = onOutboxEvent((e, event) => events.push([e.clientMessageId, event.kind]));
    try {
      // Installed by the tab bar's counts at start: the first pass gets no answer and holds the rest.
      keepOutboxFlowing(client, () => 'u1');
      await flushPromises();
      expect(attempts).toEqual(['c1']);
      expect(events).toEqual([['c1', 'sending'], ['c1', 'waiting'], ['c2', 'waiting'], ['c3', 'waiting'], ['c4', 'waiting']]);

      online = true;
      window.dispatchEvent(new Event('online'));
      await flushPromises();
      expect(sent).toEqual(['c1', 'c3', 'c4']);
      expect(attempts).toEqual(['c1', 'c1', 'c2', 'c3', 'c4']);
      expect(events.filter(([, kind]) => kind === 'sent' || kind === 'refused')).toEqual([['c1', 'sent'], ['c2', 'refused'], ['c3', 'sent'], ['c4', 'sent']]);
      // Only the refused one is left, with its reason, and a later return of the network never sends it.
      expect(readOutbox('u1')).toMatchObject([{ clientMessageId: 'c2', status: 'refused', reason: 'NO_ACCESS' }]);
      window.dispatchEvent(new Event('online'));
      await flushPromises();
      expect(attempts).toHaveLength(5);
      // Deleted by its writer: gone from the browser.
      dropFromOutbox('u1', ['c2']);
      expect(localStorage.getItem('parceldesk.chat.outbox.u1')).toBeNull();
    } finally {
      off();
    }
  });
});
