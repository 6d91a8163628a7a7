import { COMPLAINT_LIMITS, type EvidenceKind } from '@parceldesk/shared';

/** What the upload route answers for one photo (DESIGN §4). */
export interface UploadedEvidence {
  id: string;
  kind: EvidenceKind;
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
 * One photo through POST /uploads/evidence with XMLHttpRequest, because fetch reports no upload
 * progress. The session cookie rides along (same origin); the custom header is the CSRF rule.
 */
export function sendPhoto(
  file: Blob,
  kind: EvidenceKind,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  createRequest: () => XMLHttpRequest = () => new XMLHttpRequest(),
): Promise<UploadedEvidence> {
  return new Promise((resolve, reject) => {
    const request = createRequest();
    request.open('POST', `/uploads/evidence?kind=${encodeURIComponent(kind)}`);
    request.setRequestHeader('apollo-require-preflight', 'true');
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as { evidence?: UploadedEvidence[]; error?: { code: string; message: string } } | null;
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
