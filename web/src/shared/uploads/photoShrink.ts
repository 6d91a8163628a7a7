import { COMPLAINT_LIMITS } from '@parceldesk/shared';
import { UploadError } from './photoUpload';

/**
 * Photos as phones take them: a 4160×3120 JPEG of 15 MB is over the server's byte cap, so the
 * browser re-encodes it smaller before it is sent (longest side at most PHOTO_MAX_SIDE, JPEG at
 * quality ~0.85, shrinking further until it fits the bytes). Orientation is kept: the browser
 * applies the EXIF rotation when it decodes, and the library rotates where it does not.
 * The compression library (~20 KB gzipped) runs in a worker started only when a photo needs it.
 */
export const PHOTO_MAX_SIDE = 4096;
/** Leave headroom under the cap for the multipart envelope. */
const TARGET_BYTES = COMPLAINT_LIMITS.evidenceMaxBytes * 0.9;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Whether a file can go as it is (type the server takes, bytes under the cap, pixels unknown → decided by the server). */
export function fitsAsIs(file: { size: number; type: string }): boolean {
  return TYPES.includes(file.type) && file.size <= TARGET_BYTES;
}

/** Names that say "not a photo we can read" before any decoding is tried. */
export function refusedByType(file: { type: string; name?: string }): UploadError | null {
  if (file.type.startsWith('image/') || file.type === '') return null;
  return new UploadError('UNSUPPORTED_MEDIA', 'not an image');
}

/**
 * The file to send: the original when it fits, otherwise a smaller JPEG. A file the browser cannot
 * decode (HEIC on most browsers, a renamed document) fails with UNDECODABLE: no retry will help.
 */
export async function shrinkPhoto(file: File, signal?: AbortSignal): Promise<File> {
  const refused = refusedByType(file);
  if (refused) throw refused;
  if (fitsAsIs(file)) return file;
  let side = PHOTO_MAX_SIDE;
  for (let attempt = 0; attempt < 4; attempt++) {
    const out = await inWorker(file, side, signal);
    if (out.size <= TARGET_BYTES) return new File([out], renamed(file.name), { type: 'image/jpeg', lastModified: file.lastModified });
    side = Math.round(side * 0.75);
  }
  throw new UploadError('PAYLOAD_TOO_LARGE', 'still too large after shrinking');
}

/** One shrink in a worker of its own (ended when done or aborted); the library loads with the worker. */
function inWorker(file: File, maxSide: number, signal?: AbortSignal): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./photoShrink.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(new UploadError('ABORTED', 'aborted'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; blob?: Blob; message?: string }>) => {
      worker.terminate();
      signal?.removeEventListener('abort', stop);
      if (event.data.ok && event.data.blob) resolve(event.data.blob);
      else reject(new UploadError('UNDECODABLE', event.data.message ?? 'cannot decode'));
    };
    worker.onerror = () => {
      worker.terminate();
      signal?.removeEventListener('abort', stop);
      reject(new UploadError('UNDECODABLE', 'cannot decode'));
    };
    worker.postMessage({ file, maxSide, maxBytes: TARGET_BYTES });
  });
}

function renamed(name: string): string {
  return `${name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
}

/** Failures a retry can fix (the network, a busy server); the rest are told, not retried. */
export function isRetryable(code: string | null | undefined): boolean {
  return code === 'NETWORK' || code === 'SERVER' || code === 'CONFLICT';
}
