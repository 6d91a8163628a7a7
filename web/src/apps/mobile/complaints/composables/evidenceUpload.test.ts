import { describe, expect, it } from 'vitest';
import { precheckPhoto, sendPhoto, UploadError } from './evidenceUpload';
import { newerComplaint } from './useBuyerComplaint';

/**
 * A stand-in for XMLHttpRequest: jsdom's cannot report upload progress, so the test drives the
 * events the browser would fire and checks what the page is told.
 */
class FakeRequest {
  headers: Record<string, string> = {};
  method = '';
  url = '';
  status = 0;
  response: unknown = null;
  responseType = '';
  sent: unknown = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
}

describe('sendPhoto', () => {
  it('posts the photo with the CSRF header and reports progress up to the answer', async () => {
    const request = new FakeRequest();
    const seen: number[] = [];
    const done = sendPhoto(new Blob(['x']), 'CONTENTS', (f) => seen.push(f), undefined, () => request as unknown as XMLHttpRequest);
    expect([request.method, request.url, request.headers['apollo-require-preflight']]).toEqual(['POST', '/uploads/evidence?kind=CONTENTS', 'true']);
    expect(request.sent).toBeInstanceOf(FormData);
    request.upload.onprogress!({ lengthComputable: true, loaded: 50, total: 200 });
    request.upload.onprogress!({ lengthComputable: true, loaded: 200, total: 200 });
    Object.assign(request, { status: 201, response: { evidence: [{ id: 'e1', kind: 'CONTENTS' }] } });
    request.onload!();
    await expect(done).resolves.toMatchObject({ id: 'e1' });
    expect(seen).toEqual([0.25, 1, 1]);
  });

  it('rejects with the route’s error code, or NETWORK, or ABORTED', async () => {
    const refused = new FakeRequest();
    const a = sendPhoto(new Blob(['x']), 'OTHER', () => undefined, undefined, () => refused as unknown as XMLHttpRequest);
    Object.assign(refused, { status: 415, response: { error: { code: 'UNSUPPORTED_MEDIA', message: 'no' } } });
    refused.onload!();
    await expect(a).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA' });

    const dropped = new FakeRequest();
    const b = sendPhoto(new Blob(['x']), 'OTHER', () => undefined, undefined, () => dropped as unknown as XMLHttpRequest);
    dropped.onerror!();
    await expect(b).rejects.toMatchObject({ code: 'NETWORK' });

    const controller = new AbortController();
    const aborted = new FakeRequest();
    const c = sendPhoto(new Blob(['x']), 'OTHER', () => undefined, controller.signal, () => aborted as unknown as XMLHttpRequest);
    controller.abort();
    await expect(c).rejects.toBeInstanceOf(UploadError);
  });

  it('refuses an over-10 MB photo before sending it', () => {
    expect(precheckPhoto({ size: 11 * 1024 * 1024 })?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(precheckPhoto({ size: 3 * 1024 * 1024 })).toBeNull();
  });
});

describe('newerComplaint', () => {
  it('keeps the copy with the higher version of the same case', () => {
    const v2 = { id: 'c', version: 2 };
    const v3 = { id: 'c', version: 3 };
    expect(newerComplaint(v2, v3)).toBe(v3);
    expect(newerComplaint(v3, v2)).toBe(v3);
    expect(newerComplaint(null, v2)).toBe(v2);
    expect(newerComplaint(v2, { id: 'other', version: 9 })).toBe(v2);
  });
});
