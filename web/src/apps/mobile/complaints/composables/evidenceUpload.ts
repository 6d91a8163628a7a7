import type { EvidenceKind } from '@parceldesk/shared';
import { uploadPhoto, type UploadedPhoto } from '#shared/uploads/photoUpload';

export { precheckPhoto, UploadError } from '#shared/uploads/photoUpload';

/** What POST /uploads/evidence answers for one photo (DESIGN §4). */
export type UploadedEvidence = UploadedPhoto & { kind: EvidenceKind };

/** One evidence photo, tagged with what it shows, with upload progress. */
export function sendPhoto(
  file: Blob,
  kind: EvidenceKind,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  createRequest?: () => XMLHttpRequest,
): Promise<UploadedEvidence> {
  return uploadPhoto(`/uploads/evidence?kind=${encodeURIComponent(kind)}`, file, onProgress, signal, createRequest) as Promise<UploadedEvidence>;
}
