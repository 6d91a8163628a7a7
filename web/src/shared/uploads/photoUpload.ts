import { COMPLAINT_LIMITS } from '@parceldesk/shared';

/** What the upload routes answer for one photo (DESIGN §4; /uploads/chat answers the same). */
export interface UploadedPhoto {
  id: string;
  kind: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
}

export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses before sending what the server would refuse anyway (size); the type is the server's call. */
export function precheckPhoto(file: { size: number }): UploadError | null {
  if (file.size > COMPLAINT_LIMITS.evidenceMaxBytes) return new UploadError('PAYLOAD_TOO_LARGE', 'too large');
  return null;
}

/**
 * One photo to an upload route with XMLHttpRequest, because fetch reports no upload progress.
 * The session cookie rides along (same origin); the custom header is the CSRF rule.
 */
export function uploadPhoto(
  url: string,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  createRequest: () => XMLHttpRequest = () => new XMLHttpRequest(),
): Promise<UploadedPhoto> {
  return new Promise((resolve, reject) => {
    const request = createRequest();
    request.open('POST', url);
    request.setRequestHeader('apollo-require-preflight', 'true');
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as { evidence?: UploadedPhoto[]; error?: { code: string; message: string } } | null;
      if (request.status === 201 && body?.evidence?.[0]) {
        onProgress(1);
        resolve(body.evidence[0]);
      } else {
        reject(new UploadError(body?.error?.code ?? 'NETWORK', body?.error?.message ?? `HTTP ${request.status}`));
      }
    };
    request.onerror = () => reject(new UploadError('NETWORK', 'network error'));
    request.onabort = () => reject(new UploadError('ABORTED', 'aborted'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, 'photo');
    request.send(form);
  });
}
