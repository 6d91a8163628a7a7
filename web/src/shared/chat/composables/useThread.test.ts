import { Role } from '@parceldesk/shared';
import { CombinedError } from '@urql/core';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { emitReconnected, socketStatus } from '#shared/graphql/reconnect';
import { SessionKey } from '#shared/session/session';
import { demoUser, fakeSession } from '#shared/testing/fakeSession';
import { MarkThreadReadMutation, MessageAddedSubscription, MessagesQuery, ThreadQuery } from '../graphql/chat';
import { OutboxSendMutation } from '../graphql/outbox';
import type { ChatMessage } from './threadModel';
import { useThread } from './useThread';

/** The browser's IndexedDB for kept photos (happy-dom has none): a map that outlives a "reload" (a remount). */
const keptPhotos = vi.hoisted(() => new Map<string, Blob>());
vi.mock('./outboxPhotos', () => ({
  outboxPhotos: {
    keep: async (id: string, file: Blob) => (keptPhotos.set(id, file), true),
    get: async (id: string) => keptPhotos.get(id) ?? null,
    forget: async (ids: readonly string[]) => void ids.forEach((id) => keptPhotos.delete(id)),
  },
}));

/** Texts and photos alike go through the outbox's sender. */
const isSend = (doc: unknown) => doc === OutboxSendMutation;

const courier = { id: 'courier', displayName: '派件员老李', role: 'COURIER' as const };
const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`, threadId: 't1', seq, kind: 'TEXT', body: `#${seq}`, systemEvent: null, createdAt: '2026-01-01T00:00:00Z', clientMessageId: null, author: courier, photo: null, ...extra,
});
const thread = { id: 't1', kind: 'COURIER', canWrite: true, otherReadSeq: 0, lastSeq: 2, unreadCount: 0, buyer: { id: 'buyer', displayName: '买家' } };

/**
 * urql's client without a server: each operation answers from `answer`, every call is recorded,
 * and subscription sinks are kept so the test can push live events. (A stand-in for the network
 * only; the composable under test is the real one.)
 */
function fakeClient(answer: (doc: unknown, variables: any) => { data?: unknown; error?: CombinedError }) {
  const calls: { doc: unknown; variables: any; context?: Record<string, unknown> }[] = [];
  const sinks = new Map<unknown, (result: { data?: any }) => void>();
  const op = (doc: unknown, variables: any, context?: Record<string, unknown>) => {
    calls.push({ doc, variables, context });
    return { toPromise: async () => answer(doc, variables) };
  };
  return {
    calls,
    push: (doc: unknown, data: unknown) => sinks.get(doc)?.({ data }),
    client: {
      query: op,
      mutation: op,
      subscription: (doc: unknown) => ({
        subscribe: (sink: (result: { data?: any }) => void) => {
          sinks.set(doc, sink);
          return { unsubscribe: () => sinks.delete(doc) };
        },
      }),
    },
  };
}

function mountThread(fake: ReturnType<typeof fakeClient>) {
  let api!: ReturnType<typeof useThread>;
  const Host = defineComponent({
    setup() {
      api = useThread(() => 't1');
      return () => h('div');
    },
  });
  mount(Host, {
    global: { provide: { $urql: { value: fake.client }, [SessionKey as symbol]: fakeSession({ ...demoUser(Role.BUYER), id: 'buyer' }) } },
  });
  return () => api;
}

describe('useThread', () => {
  // The outbox lives in localStorage: each test starts with none.
  beforeEach(() => localStorage.clear());
  it('after a reconnect asks for what came after the last seq held, and shows each message once in seq order', async () => {
    let held = [message(1), message(2)];
    const fake = fakeClient((doc, variables) => {
      if (doc === ThreadQuery) return { data: { thread } };
      if (doc === MessagesQuery) {
        const after = variables.afterSeq ?? 0;
        return { data: { messages: { hasMore: false, nodes: held.filter((m) => m.seq > after) } } };
      }
      return { data: { markThreadRead: { id: 't1', unreadCount: 0, otherReadSeq: 0 } } };
    });
    const api = mountThread(fake);
    await flushPromises();
    expect(api().bubbles.value.map((b) => b.body)).toEqual(['#1', '#2']);

    // While the socket was away, 3 and 4 were written; 3 also arrives live after the reconnect.
    held = [...held, message(3), message(4)];
    emitReconnected();
    fake.push(MessageAddedSubscription, { messageAdded: message(3) });
    await flushPromises();
    const catchUps = fake.calls.filter((c) => c.doc === MessagesQuery && c.variables.afterSeq !== undefined);
    expect(catchUps.at(-1)!.variables.afterSeq).toBeGreaterThanOrEqual(2);
    expect(api().bubbles.value.map((b) => b.body)).toEqual(['#1', '#2', '#3', '#4']);

    // A live message past a hole triggers a catch-up for the hole.
    held = [...held, message(5), message(6)];
    fake.push(MessageAddedSubscription, { messageAdded: message(6) });
    await flushPromises();
    expect(api().bubbles.value.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fake.calls.some((c) => c.doc === MarkThreadReadMutation && c.variables.upToSeq === 6)).toBe(true);
  });

  it('keeps a send the network lost as waiting (in the browser) and sends it again, same clientMessageId, when the network is back', async () => {
    let online = false;
    let seq = 0;
    const fake = fakeClient((doc, variables) => {
      if (doc === ThreadQuery) return { data: { thread } };
      if (doc === MessagesQuery) return { data: { messages: { hasMore: false, nodes: [] } } };
      if (isSend(doc)) {
        if (!online) return { error: new CombinedError({ networkError: new Error('offline') }) };
        const { clientMessageId, body } = variables.input;
        return { data: { sendMessage: message(++seq, { body, clientMessageId, author: { id: 'buyer', displayName: '买家', role: 'BUYER' } }) } };
      }
      return { data: {} };
    });
    const api = mountThread(fake);
    await flushPromises();
    api().send('  在吗  ');
    expect(api().bubbles.value.map((b) => [b.body, b.status])).toEqual([['在吗', 'pending']]);
    await flushPromises();
    const failed = api().bubbles.value[0]!;
    expect(failed).toMatchObject({ status: 'waiting', reason: 'NETWORK' });
    expect(JSON.parse(localStorage.getItem('parceldesk.chat.outbox.buyer')!)).toMatchObject([{ clientMessageId: failed.clientMessageId, body: '在吗', status: 'waiting' }]);
    // Written while it waits: it queues behind, in order.
    api().send('到了吗');
    await flushPromises();
    expect(api().bubbles.value.map((b) => [b.body, b.status])).toEqual([['在吗', 'waiting'], ['到了吗', 'waiting']]);

    online = true;
    window.dispatchEvent(new Event('online'));
    await flushPromises();
    const sends = fake.calls.filter((c) => isSend(c.doc)).map((c) => c.variables.input.clientMessageId);
    // The first went again with the second send (the browser thought it was online), then with the
    // network back; the second only after the first, never before it.
    expect(sends.slice(0, 3)).toEqual([failed.clientMessageId, failed.clientMessageId, failed.clientMessageId]);
    expect(sends).toHaveLength(4);
    expect(api().bubbles.value.map((b) => [b.body, b.status])).toEqual([['在吗', 'sent'], ['到了吗', 'sent']]);
    expect(localStorage.getItem('parceldesk.chat.outbox.buyer')).toBeNull();
  });

  it('says why a refused message was not sent, never sends it again, and deletes it', async () => {
    const fake = fakeClient((doc) => {
      if (doc === ThreadQuery) return { data: { thread } };
      if (doc === MessagesQuery) return { data: { messages: { hasMore: false, nodes: [] } } };
      if (isSend(doc)) return { error: new CombinedError({ graphQLErrors: [{ message: 'closed', extensions: { code: 'CONFLICT' } }] }) };
      return { data: {} };
    });
    const api = mountThread(fake);
    await flushPromises();
    api().send('还在吗');
    await flushPromises();
    const refused = api().bubbles.value[0]!;
    expect(refused).toMatchObject({ status: 'refused', reason: 'CONFLICT' });
    window.dispatchEvent(new Event('online'));
    await flushPromises();
    expect(fake.calls.filter((c) => isSend(c.doc))).toHaveLength(1);
    api().remove(refused.clientMessageId!);
    expect(api().bubbles.value).toEqual([]);
    expect(localStorage.getItem('parceldesk.chat.outbox.buyer')).toBeNull();
  });

  describe('photo messages', () => {
    /** The browser's upload request, driven by the test (a stand-in for the network). */
    class FakeUpload {
      static all: FakeUpload[] = [];
      url = '';
      status = 0;
      response: unknown = null;
      responseType = '';
      upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
      onload?: () => void;
      onerror?: () => void;
      onabort?: () => void;
      constructor() {
        FakeUpload.all.push(this);
      }
      open(_method: string, url: string) {
        this.url = url;
      }
      setRequestHeader() {}
      send() {}
      abort() {}
      progress(fraction: number) {
        this.upload.onprogress?.({ lengthComputable: true, loaded: fraction * 100, total: 100 });
      }
      answer(status: number, response: unknown) {
        this.status = status;
        this.response = response;
        this.onload?.();
      }
    }
    /** Local previews of picked files (object URLs), without a real Blob store. */
    class PreviewURL extends URL {
      static override createObjectURL = () => 'blob:preview';
      static override revokeObjectURL = () => undefined;
    }
    afterEach(() => {
      vi.unstubAllGlobals();
      FakeUpload.all = [];
    });

    it('shows the photo at once with its upload progress, then sends the message naming the upload; one cut off waits and goes again', async () => {
      vi.stubGlobal('XMLHttpRequest', FakeUpload);
      vi.stubGlobal('URL', PreviewURL);
      const photo = { id: 'p1', url: '/evidence/p1', thumbnailUrl: '/evidence/p1/thumb' };
      const fake = fakeClient((doc, variables) => {
        if (doc === ThreadQuery) return { data: { thread } };
        if (doc === MessagesQuery) return { data: { messages: { hasMore: false, nodes: [] } } };
        if (isSend(doc)) {
          const { clientMessageId, photoId } = variables.input;
          return { data: { sendMessage: message(1, { author: { id: 'buyer', displayName: '买家', role: 'BUYER' }, body: '', clientMessageId, photo: { ...photo, id: photoId } }) } };
        }
        return { data: { markThreadRead: { id: 't1', unreadCount: 0, otherReadSeq: 0 } } };
      });
      const api = mountThread(fake);
      await flushPromises();

      expect(api().sendPhoto(new File([new Uint8Array(10)], 'box.jpg', { type: 'image/jpeg' }))).toBe(true);
      await flushPromises();
      const [first] = FakeUpload.all;
      expect(first!.url).toBe('/uploads/chat');
      expect(api().bubbles.value).toMatchObject([{ status: 'pending', progress: 0, photo: { thumbnailUrl: 'blob:preview' } }]);
      first!.progress(0.5);
      expect(api().bubbles.value[0]!.progress).toBe(0.5);
      // Kept like a text: the entry in the outbox, the file in the browser's store.
      const id = api().bubbles.value[0]!.clientMessageId!;
      expect(JSON.parse(localStorage.getItem('parceldesk.chat.outbox.buyer')!)).toMatchObject([{ clientMessageId: id, photo: true, status: 'waiting' }]);
      expect(keptPhotos.has(id)).toBe(true);
      // The network drops: the bubble waits (not failed), and goes again when the network returns.
      first!.onerror?.();
      await flushPromises();
      expect(api().bubbles.value).toMatchObject([{ status: 'waiting', reason: 'NETWORK' }]);
      window.dispatchEvent(new Event('online'));
      await flushPromises();
      FakeUpload.all[1]!.answer(201, { evidence: [{ id: 'p1' }] });
      await flushPromises();
      const sends = fake.calls.filter((c) => isSend(c.doc));
      expect(sends).toHaveLength(1);
      expect(sends[0]!.variables.input).toMatchObject({ threadId: 't1', photoId: 'p1', body: '' });
      expect(api().bubbles.value).toMatchObject([{ status: 'sent', progress: null, photo: { thumbnailUrl: '/evidence/p1/thumb', url: '/evidence/p1' } }]);
      // Nothing left in the browser.
      expect(localStorage.getItem('parceldesk.chat.outbox.buyer')).toBeNull();
      expect(keptPhotos.size).toBe(0);
    });

    it('keeps a photo written offline across a reload, sends it once when back online, and never uploads it twice', async () => {
      vi.stubGlobal('XMLHttpRequest', FakeUpload);
      vi.stubGlobal('URL', PreviewURL);
      const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
      let answered = false;
      const fake = fakeClient((doc, variables) => {
        if (doc === ThreadQuery) return { data: { thread } };
        if (doc === MessagesQuery) return { data: { messages: { hasMore: false, nodes: [] } } };
        if (isSend(doc)) {
          const { clientMessageId, photoId } = variables.input;
          // The first send reaches the server but its answer is lost.
          if (!answered) return (answered = true), { error: new CombinedError({ networkError: new Error('cut') }) };
          return { data: { sendMessage: message(1, { author: { id: 'buyer', displayName: '买家', role: 'BUYER' }, body: '', clientMessageId, photo: { id: photoId, url: '/evidence/p9', thumbnailUrl: '/evidence/p9/thumb' } }) } };
        }
        return { data: { markThreadRead: { id: 't1', unreadCount: 0, otherReadSeq: 0 } } };
      });
      try {
        let api = mountThread(fake);
        await flushPromises();
        expect(api().sendPhoto(new File([new Uint8Array(10)], 'door.jpg', { type: 'image/jpeg' }))).toBe(true);
        await flushPromises();
        expect(api().bubbles.value).toMatchObject([{ status: 'waiting', photo: { thumbnailUrl: 'blob:preview' } }]);
        expect(FakeUpload.all).toHaveLength(0);
        // A reload: the page is gone, the outbox and the photo's file are not.
        api = mountThread(fake);
        await flushPromises();
        expect(api().bubbles.value).toMatchObject([{ status: 'waiting', photo: { thumbnailUrl: 'blob:preview' } }]);
        online.mockReturnValue(true);
        window.dispatchEvent(new Event('online'));
        await flushPromises();
        FakeUpload.all[0]!.answer(201, { evidence: [{ id: 'p9' }] });
        await flushPromises();
        // The send's answer was lost: it waits with its upload remembered, and the next pass sends it without the bytes.
        expect(JSON.parse(localStorage.getItem('parceldesk.chat.outbox.buyer')!)).toMatchObject([{ photo: true, photoId: 'p9', status: 'waiting' }]);
        window.dispatchEvent(new Event('online'));
        await flushPromises();
        expect(FakeUpload.all).toHaveLength(1);
        const sends = fake.calls.filter((c) => isSend(c.doc));
        expect(sends.map((c) => c.variables.input.photoId)).toEqual(['p9', 'p9']);
        expect(new Set(sends.map((c) => c.variables.input.clientMessageId)).size).toBe(1);
        expect(api().bubbles.value).toMatchObject([{ status: 'sent', photo: { url: '/evidence/p9' } }]);
        expect(keptPhotos.size).toBe(0);
      } finally {
        online.mockRestore();
      }
    });

    it('refuses a photo over 10 MB before uploading it', async () => {
      vi.stubGlobal('XMLHttpRequest', FakeUpload);
      vi.stubGlobal('URL', PreviewURL);
      const fake = fakeClient((doc) => (doc === ThreadQuery ? { data: { thread } } : { data: { messages: { hasMore: false, nodes: [] } } }));
      const api = mountThread(fake);
      await flushPromises();
      const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.jpg');
      expect(api().sendPhoto(huge)).toBe(false);
      expect(FakeUpload.all).toHaveLength(0);
      expect(api().bubbles.value).toMatchObject([{ status: 'failed', reason: 'PAYLOAD_TOO_LARGE' }]);
    });
  });

  it('sends over the live socket while it is connected, over HTTP otherwise', async () => {
    const fake = fakeClient((doc, variables) => {
      if (doc === ThreadQuery) return { data: { thread } };
      if (doc === MessagesQuery) return { data: { messages: { hasMore: false, nodes: [] } } };
      if (isSend(doc)) {
        const { clientMessageId, body } = variables.input;
        return { data: { sendMessage: message(Number(body), { body, clientMessageId, author: { id: 'buyer', displayName: '买家', role: 'BUYER' } }) } };
      }
      return { data: { markThreadRead: { id: 't1', unreadCount: 0, otherReadSeq: 0 } } };
    });
    const api = mountThread(fake);
    await flushPromises();
    try {
      socketStatus.value = 'connected';
      api().send('1');
      await flushPromises();
      socketStatus.value = 'reconnecting';
      api().send('2');
      await flushPromises();
    } finally {
      socketStatus.value = 'idle';
    }
    const sends = fake.calls.filter((c) => isSend(c.doc));
    expect(sends.map((c) => [c.variables.input.body, c.context?.overLiveSocket])).toEqual([
      ['1', true],
      ['2', false],
    ]);
  });
});
