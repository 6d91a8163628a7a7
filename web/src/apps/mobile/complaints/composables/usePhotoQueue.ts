import { missingEvidence, type EvidenceKind } from '@parceldesk/shared';
import { computed, onBeforeUnmount, reactive } from 'vue';
import { isRetryable, shrinkPhoto } from '#shared/uploads/photoShrink';
import { sendPhoto, UploadError } from './evidenceUpload';

export type PhotoState = 'preparing' | 'uploading' | 'done' | 'failed';

export interface PhotoItem {
  key: number;
  /** The picked file; null for a photo brought back from a draft (already uploaded). */
  file: File | null;
  kind: EvidenceKind;
  preview: string;
  progress: number;
  state: PhotoState;
  error: string | null;
  /** Whether trying again can help (the network, a busy server); never for a photo that can never go. */
  retryable: boolean;
  evidenceId: string | null;
  /** When the server took it (drafts drop photos the server will have cleaned up). */
  uploadedAt: number | null;
}

/** An uploaded photo as a draft keeps it: by its id, never uploaded again. */
export interface UploadedPhotoRef {
  evidenceId: string;
  kind: EvidenceKind;
  uploadedAt: number;
}

let serial = 0;

/**
 * The photos of one form: each is shrunk when over the server's limits, then uploads on its own
 * with its progress; a failure a retry can fix offers retry, the rest say why. Object URLs of
 * previews are released when a photo is removed or the page closes.
 */
export function usePhotoQueue(maxPhotos: number) {
  const photos = reactive<PhotoItem[]>([]);
  const controllers = new Map<number, AbortController>();

  async function start(item: PhotoItem) {
    if (!item.file) return;
    const controller = new AbortController();
    controllers.set(item.key, controller);
    Object.assign(item, { state: 'preparing', progress: 0, error: null, retryable: false });
    try {
      const file = await shrinkPhoto(item.file, controller.signal);
      item.state = 'uploading';
      const uploaded = await sendPhoto(file, item.kind, (fraction) => (item.progress = fraction), controller.signal);
      Object.assign(item, { state: 'done', progress: 1, evidenceId: uploaded.id, uploadedAt: Date.now() });
    } catch (error) {
      if (error instanceof UploadError && error.code === 'ABORTED') return;
      const code = error instanceof UploadError ? error.code : 'NETWORK';
      Object.assign(item, { state: 'failed', error: code, retryable: isRetryable(code) });
    } finally {
      controllers.delete(item.key);
    }
  }

  function add(files: FileList | File[], kind: EvidenceKind) {
    for (const file of Array.from(files)) {
      if (photos.length >= maxPhotos) break;
      serial += 1;
      photos.push({ key: serial, file, kind, preview: URL.createObjectURL(file), progress: 0, state: 'preparing', error: null, retryable: false, evidenceId: null, uploadedAt: null });
      void start(photos[photos.length - 1]!);
    }
  }

  /** Photos a draft kept: shown from the server's thumbnail, counted as uploaded. */
  function restore(refs: readonly UploadedPhotoRef[]) {
    for (const ref of refs) {
      if (photos.length >= maxPhotos || photos.some((p) => p.evidenceId === ref.evidenceId)) continue;
      serial += 1;
      photos.push({ key: serial, file: null, kind: ref.kind, preview: `/evidence/${ref.evidenceId}/thumb`, progress: 1, state: 'done', error: null, retryable: false, evidenceId: ref.evidenceId, uploadedAt: ref.uploadedAt });
    }
  }

  function remove(key: number) {
    const index = photos.findIndex((p) => p.key === key);
    if (index < 0) return;
    controllers.get(key)?.abort();
    if (photos[index]!.preview.startsWith('blob:')) URL.revokeObjectURL(photos[index]!.preview);
    photos.splice(index, 1);
  }

  function retry(key: number) {
    const item = photos.find((p) => p.key === key);
    if (item?.retryable) void start(item);
  }

  function clear() {
    for (const photo of [...photos]) remove(photo.key);
  }

  onBeforeUnmount(clear);

  const done = computed(() => photos.filter((p) => p.state === 'done'));
  return {
    photos,
    add,
    restore,
    remove,
    retry,
    clear,
    uploadedIds: computed(() => done.value.map((p) => p.evidenceId!)),
    uploadedRefs: computed<UploadedPhotoRef[]>(() => done.value.map((p) => ({ evidenceId: p.evidenceId!, kind: p.kind, uploadedAt: p.uploadedAt ?? Date.now() }))),
    busy: computed(() => photos.some((p) => p.state === 'uploading' || p.state === 'preparing')),
    failed: computed(() => photos.some((p) => p.state === 'failed')),
    missingKinds: computed(() => missingEvidence(done.value.map((p) => p.kind))),
  };
}
