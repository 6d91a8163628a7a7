import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoData, type DemoKey } from '../demo/demo-data.js';
import { Evidence } from '../complaints/evidence.entity.js';
import { createTestApp, errorCode, type TestApp } from '../test/harness.js';
import { jpegWithGps, uploadEvidence } from '../test/images.js';
import { collect, liveClient, liveFeeds } from '../test/live-client.js';
import { testStore, type StoreKind, type TestStore } from '../test/stores.js';
import { Thread } from './thread.entity.js';

/**
 * Photo messages: uploaded through the evidence pipeline's chat sibling, shown to the thread's
 * people only. Run once per blob store (chat-photos.test.ts and chat-photos.s3.test.ts).
 */
export function chatPhotosSuite(storeKind: StoreKind): void {
  let app: TestApp;
  let store: TestStore;
  let demo: DemoData;
  let tokens: Record<DemoKey, string>;
  let supportThread: string;
  let courierThread: string;

  const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq body clientMessageId photo { id url thumbnailUrl } } }';
  const LAST = 'query($id: ID!) { thread(id: $id) { lastSeq lastMessage { body photo { id } } } }';

  beforeAll(async () => {
    store = await testStore(storeKind);
    app = await createTestApp({ s3: store.s3 });
    demo = await seedDemoData(app.orm.em.fork());
    tokens = await app.loginDemoUsers();
    const em = app.orm.em.fork();
    supportThread = (await em.findOneOrFail(Thread, { kind: 'SUPPORT', buyer: demo.users.buyer.id })).id;
    // The demo's courier thread is about the parcel out for delivery: open for writing.
    courierThread = (await em.findOneOrFail(Thread, { kind: 'COURIER', buyer: demo.users.buyer.id })).id;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  let shade = 0;
  async function chatUpload(token: string, parts?: { data: Buffer; type?: string; filename?: string }[]) {
    shade += 1;
    return uploadEvidence(app.url, token, parts ?? [{ data: await jpegWithGps(120, 90, `#${(shade * 7919).toString(16).padStart(6, '0').slice(-6)}`) }], { route: 'chat' });
  }
  const photoOf = async (token: string) => (await chatUpload(token)).body.evidence[0].id as string;
  const get = (path: string, token: string | null) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  describe('photo messages', () => {
    it('sends a photo (caption optional) that the other side receives live and the thread lists', async () => {
      const photo = await photoOf(tokens.buyer);
      const following = liveFeeds(app);
      const agentLive = collect(liveClient(app.url, tokens.agent), 'subscription($t: ID!) { messageAdded(threadId: $t) { seq body photo { id url thumbnailUrl } } }', { t: supportThread });
      await following(1);
      const sent = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), photoId: photo } }, tokens.buyer);
      expect(sent.errors).toBeUndefined();
      expect(sent.data!.sendMessage).toMatchObject({ body: '', photo: { id: photo, url: `/evidence/${photo}`, thumbnailUrl: `/evidence/${photo}/thumb` } });
      const [live] = await agentLive.next(1);
      expect((live as any).messageAdded).toMatchObject({ seq: sent.data!.sendMessage.seq, photo: { id: photo } });
      agentLive.unsubscribe();
      expect((await app.gql(LAST, { id: supportThread }, tokens.agent)).data!.thread.lastMessage).toEqual({ body: '', photo: { id: photo } });
    });

    it('serves the photo to the thread’s people only (agents for SUPPORT), privately cached', async () => {
      const supportPhoto = await photoOf(tokens.buyer);
      expect((await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), body: '箱子', photoId: supportPhoto } }, tokens.buyer)).errors).toBeUndefined();
      const courierPhoto = await photoOf(tokens.courier);
      expect((await app.gql(SEND, { input: { threadId: courierThread, clientMessageId: randomUUID(), body: '放门口了', photoId: courierPhoto } }, tokens.courier)).errors).toBeUndefined();

      for (const token of [tokens.buyer, tokens.agent]) {
        for (const path of [`/evidence/${supportPhoto}`, `/evidence/${supportPhoto}/thumb`]) {
          const response = await get(path, token);
          expect(response.status).toBe(200);
          expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
        }
      }
      for (const token of [tokens.buyer2, tokens.courier, tokens.merchant, null]) expect((await get(`/evidence/${supportPhoto}`, token)).status).toBe(404);
      for (const token of [tokens.buyer, tokens.courier]) expect((await get(`/evidence/${courierPhoto}/thumb`, token)).status).toBe(200);
      for (const token of [tokens.agent, tokens.buyer2, tokens.courier2, tokens.merchant]) expect((await get(`/evidence/${courierPhoto}`, token)).status).toBe(404);
    });

    it('refuses a foreign, unknown or already sent photo (NOT_FOUND) and a reused clientMessageId with another photo (CONFLICT), storing nothing', async () => {
      const lastSeq = async () => (await app.gql(LAST, { id: supportThread }, tokens.buyer)).data!.thread.lastSeq as number;
      const theirs = await photoOf(tokens.buyer2);
      const before = await lastSeq();
      for (const photoId of [theirs, randomUUID(), 'not-a-uuid']) {
        const result = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), photoId } }, tokens.buyer);
        expect(errorCode(result)).toBe('NOT_FOUND');
        expect(result.errors![0]!.extensions!.field).toBe('photoId');
      }
      expect(await lastSeq()).toBe(before);

      const mine = await photoOf(tokens.buyer);
      const clientMessageId = randomUUID();
      const first = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId, photoId: mine } }, tokens.buyer);
      // A retry answers the first message; the photo again under a new id is no longer an unsent upload.
      const retry = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId, photoId: mine } }, tokens.buyer);
      expect(retry.data!.sendMessage.id).toBe(first.data!.sendMessage.id);
      const twice = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), photoId: mine } }, tokens.buyer);
      expect(errorCode(twice)).toBe('NOT_FOUND');
      const other = await photoOf(tokens.buyer);
      const reused = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId, photoId: other } }, tokens.buyer);
      expect(errorCode(reused)).toBe('CONFLICT');
      // Neither a photo nor text: the body is named.
      const empty = await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), body: '  ' } }, tokens.buyer);
      expect(empty.errors![0]!.extensions!.field).toBe('body');
      expect(await lastSeq()).toBe(before + 1);
    });

    it('takes uploads from people who chat through the shared pipeline: one photo a request, bytes checked, quota shared', async () => {
      expect((await chatUpload(tokens.courier)).status).toBe(201);
      expect((await chatUpload(tokens.agent)).status).toBe(201);
      const merchant = await chatUpload(tokens.merchant);
      expect(merchant.status).toBe(403);
      const two = await chatUpload(tokens.buyer, [{ data: await jpegWithGps(20, 20) }, { data: await jpegWithGps(21, 20) }]);
      expect(two).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
      const text = await chatUpload(tokens.buyer, [{ data: Buffer.from('not a photo at all'), filename: 'x.jpg', type: 'image/jpeg' }]);
      expect(text).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA' } } });
      const { body } = await chatUpload(tokens.courier);
      // Re-encoded like evidence: the GPS EXIF of the original is gone.
      const image = Buffer.from(await (await get(`/evidence/${body.evidence[0].id}`, tokens.courier)).arrayBuffer());
      expect(image.includes(Buffer.from('GPS-Leaker'))).toBe(false);

      // One daily quota for both routes: fill it through evidence, then chat is refused too.
      const used = await app.orm.em.fork().count(Evidence, { uploader: demo.users.buyer2.id });
      const quota = app.server.deps.config.complaints.dailyUploadQuota;
      await app.orm.em.getConnection().execute(
        `insert into evidence (id, uploader_id, kind, mime_type, bytes, width, height, sha256, blob_key, thumb_key, created_at)
           select gen_random_uuid(), ?, 'OTHER', 'image/jpeg', 1, 1, 1, repeat('0', 64), 'evidence/x', 'evidence/x', now() from generate_series(1, ?)`,
        [demo.users.buyer2.id, quota - used],
      );
      expect((await chatUpload(tokens.buyer2)).body.error.code).toBe('RATE_LIMITED');
      await app.orm.em.getConnection().execute(`delete from evidence where blob_key = 'evidence/x'`);
    });

    it('keeps sent photos through the sweep of unattached uploads', async () => {
      const sent = await photoOf(tokens.buyer);
      await app.gql(SEND, { input: { threadId: supportThread, clientMessageId: randomUUID(), photoId: sent } }, tokens.buyer);
      const unsent = await photoOf(tokens.buyer);
      await app.orm.em.getConnection().execute(`update evidence set created_at = now() - interval '25 hours' where id in (?, ?)`, [sent, unsent]);
      const scheduler = app.server.deps.scheduler;
      await scheduler.makeDue('evidence.sweep-unattached');
      expect(await scheduler.tick()).toContain('evidence.sweep-unattached');
      expect((await get(`/evidence/${sent}`, tokens.agent)).status).toBe(200);
      expect((await get(`/evidence/${unsent}`, tokens.buyer)).status).toBe(404);
    });
  });
}
