import { COMPLAINT_LIMITS, Role } from '@parceldesk/shared';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { userFactory } from '../test/factories.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { jpegWithGps, png, uploadEvidence, webp } from '../test/images.js';
import { testStore, type StoreKind, type TestStore } from '../test/stores.js';
import { loadConfig } from '../config.js';
import { Evidence } from './evidence.entity.js';
import { UploadReservation } from './upload-reservation.entity.js';

/**
 * The evidence upload route and its authorised reads, run once per blob store (the local
 * directory and an S3-compatible bucket: evidence-upload.test.ts and evidence-upload.s3.test.ts).
 */
export function evidenceUploadSuite(storeKind: StoreKind): void {
  let app: TestApp;
  let store: TestStore;
  const QUOTA = 12;

  beforeAll(async () => {
    store = await testStore(storeKind);
    app = await createTestApp({ s3: store.s3, complaints: { ...loadConfig({ NODE_ENV: 'test' }).complaints, dailyUploadQuota: QUOTA, jobTickMs: 3600_000 } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** A fresh buyer per test, so the daily quota of one test never leaks into another. */
  async function newUser(role: Role = Role.BUYER): Promise<{ id: string; token: string }> {
    const em = app.orm.em.fork();
    const user = userFactory(em, { role });
    await em.flush();
    return { id: user.id, token: await app.tokenFor(user.id) };
  }

  const blobFiles = () => store.blobFiles(app.server.deps.config.dataDir);
  const scratchFiles = () => fs.readdirSync(path.join(app.server.deps.config.dataDir, 'tmp'));

  async function fetchEvidence(pathname: string, token: string | null) {
    const response = await fetch(`${app.url}${pathname}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  describe('POST /uploads/evidence', () => {
    it('re-encodes a JPEG and its thumbnail without EXIF and GPS, keeps the original’s sha256 beside the stored bytes’ and serves them back privately', async () => {
      const buyer = await newUser();
      const original = await jpegWithGps();
      const originalExif = (await sharp(original).metadata()).exif!;
      // The fixture really carries GPS: the GPS IFD pointer tag (0x8825, little-endian) is in its EXIF.
      expect(originalExif.includes(Buffer.from([0x25, 0x88]))).toBe(true);

      const { status, body } = await uploadEvidence(app.url, buyer.token, [{ data: original }], { kind: 'WAYBILL_LABEL' });
      expect(status).toBe(201);
      const [meta] = body.evidence;
      expect(meta).toMatchObject({ kind: 'WAYBILL_LABEL', mimeType: 'image/jpeg', width: 640, height: 480, sha256: createHash('sha256').update(original).digest('hex') });

      const served = await fetchEvidence(`/evidence/${meta.id}`, buyer.token);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(served.headers.get('cache-control')).toMatch(/^private/);
      const servedMeta = await sharp(served.body).metadata();
      expect(servedMeta.exif).toBeUndefined();
      expect(served.body.includes(Buffer.from('TestCam'))).toBe(false);
      expect(served.body.includes(Buffer.from('GPS-Leaker'))).toBe(false);
      expect(served.body.length).toBe(meta.bytes);
      // The hash of what is stored and served (metadata gone) beside the original's.
      expect(meta.storedSha256).toBe(createHash('sha256').update(served.body).digest('hex'));
      expect(meta.storedSha256).not.toBe(meta.sha256);
      expect((await app.orm.em.fork().findOneOrFail(Evidence, meta.id)).storedSha256).toBe(meta.storedSha256);

      const thumb = await fetchEvidence(`/evidence/${meta.id}/thumb`, buyer.token);
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      const thumbMeta = await sharp(thumb.body).metadata();
      expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBe(320);
      // The thumbnail keeps nothing of the original's EXIF either: no camera, no GPS.
      expect(thumbMeta.exif).toBeUndefined();
      expect(thumb.body.includes(Buffer.from('TestCam'))).toBe(false);
      expect(thumb.body.includes(Buffer.from('GPS-Leaker'))).toBe(false);
      expect(thumb.body.includes(Buffer.from([0x25, 0x88]))).toBe(false);
    });

    it('takes PNG and WebP by their bytes, whatever the name and the declared type say', async () => {
      const buyer = await newUser();
      const { status, body } = await uploadEvidence(app.url, buyer.token, [
        { data: await png(), filename: 'notes.txt', type: 'text/plain' },
        { data: await webp(), filename: 'x.jpg', type: 'image/jpeg' },
      ]);
      expect(status).toBe(201);
      expect(body.evidence.map((e: any) => e.mimeType)).toEqual(['image/png', 'image/webp']);
    });

    it('refuses a text file renamed .jpg with UNSUPPORTED_MEDIA and keeps nothing of the request', async () => {
      const buyer = await newUser();
      const before = (await blobFiles()).length;
      const { status, body } = await uploadEvidence(app.url, buyer.token, [
        { data: await jpegWithGps() },
        { data: Buffer.from('just some text, honestly a photo\n'.repeat(50)), filename: 'photo.jpg', type: 'image/jpeg' },
      ]);
      expect(status).toBe(415);
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA');
      expect(await app.orm.em.fork().count(Evidence, { uploader: buyer.id })).toBe(0);
      expect((await blobFiles()).length).toBe(before);
      expect(scratchFiles()).toEqual([]);
      // Its places in the quota went back when it failed.
      expect(await app.orm.em.fork().count(UploadReservation, { userId: buyer.id })).toBe(0);
    });

    it('refuses a 50-megapixel image with PAYLOAD_TOO_LARGE', async () => {
      const buyer = await newUser();
      // A flat colour compresses to a few kilobytes: the kind of file a pixel flood uses.
      const flood = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
      expect(flood.length).toBeLessThan(1024 * 1024);
      const { status, body } = await uploadEvidence(app.url, buyer.token, [{ data: flood, filename: 'flood.png', type: 'image/png' }]);
      expect(status).toBe(413);
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.error.message).toMatch(/50 megapixels/);
    });

    it('refuses an image beyond the decoder\'s own limit with 413 and the limit too, not 415', async () => {
      const buyer = await newUser();
      // A PNG whose header says 20 000 × 20 000 (400 megapixels, more than libvips opens by default).
      const { status, body } = await uploadEvidence(app.url, buyer.token, [{ data: pngHeaderOnly(20_000, 20_000), filename: 'huge.png', type: 'image/png' }]);
      expect(status).toBe(413);
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.error.message).toMatch(new RegExp(`400 megapixels; at most ${COMPLAINT_LIMITS.evidenceMaxPixels / 1e6} `));
    });

    it('answers a refusal made before the body is read with its status to a client still sending, not a reset connection', async () => {
      const buyer = await newUser();
      // Like fetch on a slow link: the client sends its whole body (3 MB over ~0.3 s) and only then
      // reads the answer, which the server wrote at the start.
      const ask = (headers: string) =>
        new Promise<string>((resolve) => {
          const { port } = new URL(app.url);
          const socket = net.connect(Number(port), '127.0.0.1');
          socket.pause();
          let answer = '';
          socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
          socket.on('error', () => resolve(answer || 'reset'));
          socket.on('close', () => resolve(answer || 'reset'));
          const total = 3 * 1024 * 1024;
          socket.write(`POST /uploads/evidence?kind=CONTENTS HTTP/1.1\r\nhost: localhost\r\ncontent-type: multipart/form-data; boundary=b\r\ncontent-length: ${total}\r\n${headers}\r\n`);
          let sent = 0;
          const pump = () => {
            if (socket.destroyed) return;
            if (sent >= total) {
              socket.resume(); // the body is out: now read the answer
              setTimeout(() => socket.end(), 500);
              return;
            }
            socket.write(Buffer.alloc(256 * 1024, 0x61));
            sent += 256 * 1024;
            setTimeout(pump, 25);
          };
          pump();
        });
      expect((await ask('apollo-require-preflight: true\r\n')).split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
      expect((await ask(`authorization: Bearer ${buyer.token}\r\n`)).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    });

    it('answers an 11 MB photo with 413 and drops the connection instead of reading the rest', async () => {
      const buyer = await newUser();
      const boundary = 'parceldesk-test-boundary';
      const { port } = new URL(app.url);
      const result = await new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
        const request = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/uploads/evidence?kind=CONTENTS',
          headers: { authorization: `Bearer ${buyer.token}`, 'apollo-require-preflight': 'true', 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
        let sentBytes = 0;
        let stop = false;
        request.on('response', (response) => {
          stop = true;
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, body, sentBytes }));
          response.on('error', reject);
        });
        request.on('error', (error) => (stop ? undefined : reject(error)));
        request.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`);
        // 11 MB in 64 KB chunks and then 100 MB more that the server must never wait for: the
        // body never ends, so only a server that answers early lets this test finish.
        const chunk = Buffer.alloc(64 * 1024, 0xab);
        const pump = () => {
          while (!stop && sentBytes < 120 * 1024 * 1024) {
            sentBytes += chunk.length;
            if (!request.write(chunk)) return void request.once('drain', pump);
          }
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(result.sentBytes).toBeLessThan(40 * 1024 * 1024);
      expect(await app.orm.em.fork().count(Evidence, { uploader: buyer.id })).toBe(0);
      // The scratch file goes once the cut-off stream has closed: poll, a loaded machine is slow.
      await vi.waitFor(() => expect(scratchFiles()).toEqual([]), { timeout: 5000 });
    });

    it('refuses more than 9 files, a missing session, a missing CSRF header, non-buyers and unknown kinds', async () => {
      const buyer = await newUser();
      const photo = { data: await jpegWithGps(32, 32) };
      const ten = await uploadEvidence(app.url, buyer.token, Array.from({ length: 10 }, () => photo));
      expect([ten.status, ten.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      const anonymous = await uploadEvidence(app.url, null, [photo]);
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
      const noHeader = await uploadEvidence(app.url, buyer.token, [photo], { preflight: false });
      expect(noHeader.status).toBe(400);
      const courier = await newUser(Role.COURIER);
      expect((await uploadEvidence(app.url, courier.token, [photo])).status).toBe(403);
      const badKind = await uploadEvidence(app.url, buyer.token, [photo], { kind: 'SELFIE' });
      expect([badKind.status, badKind.body.error.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(await app.orm.em.fork().count(Evidence, { uploader: buyer.id })).toBe(0);
    });

    it('holds each buyer to a daily quota', async () => {
      const buyer = await newUser();
      const photo = { data: await jpegWithGps(32, 32) };
      expect((await uploadEvidence(app.url, buyer.token, Array.from({ length: 9 }, () => photo))).status).toBe(201);
      const over = await uploadEvidence(app.url, buyer.token, Array.from({ length: 4 }, () => photo));
      expect([over.status, over.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      expect((await uploadEvidence(app.url, buyer.token, Array.from({ length: 3 }, () => photo))).status).toBe(201);
      expect((await uploadEvidence(app.url, buyer.token, [photo])).status).toBe(429);
    });
  });

  describe('the daily quota under a burst', () => {
    it('is reserved atomically: six simultaneous requests of three photos against a quota of 12 store exactly 12', async () => {
      const buyer = await newUser();
      const photo = { data: await jpegWithGps(32, 32) };
      const answers = await Promise.all(Array.from({ length: 6 }, () => uploadEvidence(app.url, buyer.token, [photo, photo, photo])));
      const stored = await app.orm.em.fork().count(Evidence, { uploader: buyer.id });
      expect(stored).toBe(QUOTA);
      expect(answers.filter((a) => a.status === 201)).toHaveLength(QUOTA / 3);
      expect(answers.filter((a) => a.status === 429).map((a) => a.body.error.code)).toEqual(Array(6 - QUOTA / 3).fill('RATE_LIMITED'));
      expect(await app.orm.em.fork().count(UploadReservation, { userId: buyer.id })).toBe(0);
    });
  });

  if (storeKind === 's3') {
    describe('the S3 store unreachable at run time', () => {
      it('answers uploads 503 with Retry-After, keeps nothing of them, and loses nothing stored before', async () => {
        const buyer = await newUser();
        const before = await uploadEvidence(app.url, buyer.token, [{ data: await jpegWithGps(48, 48) }]);
        expect(before.status).toBe(201);
        await store.server!.stop();
        try {
          const refused = await uploadEvidence(app.url, buyer.token, [{ data: await jpegWithGps(40, 40) }]);
          expect(refused).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
          expect(refused.retryAfter).toBe('5');
          expect((await fetchEvidence(`/evidence/${before.body.evidence[0].id}`, buyer.token)).status).toBe(503);
        } finally {
          await store.server!.start();
        }
        expect(await app.orm.em.fork().count(Evidence, { uploader: buyer.id })).toBe(1);
        expect(await app.orm.em.fork().count(UploadReservation, { userId: buyer.id })).toBe(0);
        expect(scratchFiles()).toEqual([]);
        const served = await fetchEvidence(`/evidence/${before.body.evidence[0].id}`, buyer.token);
        expect(served.status).toBe(200);
        expect(served.body.length).toBe(before.body.evidence[0].bytes);
      });
    });
  }

  describe('GET /evidence/:id', () => {
    it('answers 404 to another buyer, an agent before the photo is on a case, no session and a bad id', async () => {
      const owner = await newUser();
      const { body } = await uploadEvidence(app.url, owner.token, [{ data: await jpegWithGps(64, 64) }]);
      const id = body.evidence[0].id;
      const stranger = await newUser();
      const agent = await newUser(Role.AGENT);
      for (const token of [stranger.token, agent.token, null]) {
        expect((await fetchEvidence(`/evidence/${id}`, token)).status).toBe(404);
        expect((await fetchEvidence(`/evidence/${id}/thumb`, token)).status).toBe(404);
      }
      expect((await fetchEvidence('/evidence/../../etc/passwd', owner.token)).status).toBe(404);
      expect((await fetchEvidence('/evidence/not-a-uuid', owner.token)).status).toBe(404);
    });
  });

  describe('unattached uploads', () => {
    it('are removed with their blobs after 24 hours by the scheduled sweep', async () => {
      const buyer = await newUser();
      const { body } = await uploadEvidence(app.url, buyer.token, [{ data: await jpegWithGps(64, 64) }, { data: await png() }]);
      const [old, fresh] = body.evidence.map((e: any) => e.id);
      await app.orm.em.getConnection().execute(`update evidence set created_at = now() - interval '25 hours' where id = ?`, [old]);
      const oldRow = await app.orm.em.fork().findOneOrFail(Evidence, old);
      const scheduler = app.server.deps.scheduler;
      await scheduler.makeDue('evidence.sweep-unattached');
      expect(await scheduler.tick()).toContain('evidence.sweep-unattached');
      // Claimed: a second tick (or another process) finds nothing due.
      expect(await scheduler.tick()).toEqual([]);
      const left = await app.orm.em.fork().find(Evidence, { uploader: buyer.id });
      expect(left.map((e) => e.id)).toEqual([fresh]);
      expect(await blobFiles()).not.toContain(path.basename(oldRow.blobKey));
      expect(await blobFiles()).not.toContain(path.basename(oldRow.thumbKey));
      expect((await fetchEvidence(`/evidence/${old}`, buyer.token)).status).toBe(404);
    });
  });
}

/** A PNG of the given size that is all header: a tiny file that claims any number of pixels. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}
