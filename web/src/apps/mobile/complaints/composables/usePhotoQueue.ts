import { missingEvidence, type EvidenceKind } from '@parceldesk/shared';
import { computed, onBeforeUnmount, reactive } from 'vue';
import { precheckPhoto, sendPhoto, UploadError } from './evidenceUpload';

export type PhotoState = 'uploading' | 'done' | 'failed';

export interface PhotoItem {
  key: number;
  file: File;
  kind: EvidenceKind;
  preview: string;
  progress: number;
  state: PhotoState;
  error: string | null;
  evidenceId: string | null;
}

let serial = 0;

/**
 * The photos of one form: each uploads on its own with its progress, may be retried when it fails,
 * and holds an object URL for its preview that is released when it is removed or the page closes.
 */
export function usePhotoQueue(maxPhotos: number) {
  const photos = reactive<PhotoItem[]>([]);
  const controllers = new Map<number, AbortController>();

  function start(item: PhotoItem) {
    const refused = precheckPhoto(item.file);
    if (refused) {
      Object.assign(item, { state: 'failed', error: refused.code });
      return;
    }
    Object.assign(item, { state: 'uploading', progress: 0, error: null });
    const controller = new AbortController();
    controllers.set(item.key, controller);
    sendPhoto(item.file, item.kind, (fraction) => (item.progress = fraction), controller.signal)
      .then((uploaded) => Object.assign(item, { state: 'done', progress: 1, evidenceId: uploaded.id }))
      .catch((error: unknown) => {
        if (error instanceof UploadError && error.code === 'ABORTED') return;
        Object.assign(item, { state: 'failed', error: error instanceof UploadError ? error.code : 'NETWORK' });
      })
      .finally(() => controllers.delete(item.key));
  }

  function add(files: FileList | File[], kind: EvidenceKind) {
    for (const file of Array.from(files)) {
      if (photos.length >= maxPhotos) break;
      serial += 1;
      photos.push({ key: serial, file, kind, preview: URL.createObjectURL(file), progress: 0, state: 'uploading', error: null, evidenceId: null });
      start(photos[photos.length - 1]!);
    }
  }

  function remove(key: number) {
    const index = photos.findIndex((p) => p.key === key);
    if (index < 0) return;
    controllers.get(key)?.abort();
    URL.revokeObjectURL(photos[index]!.preview);
    photos.splice(index, 1);
  }

  function retry(key: number) {
    const item = photos.find((p) => p.key === key);
    if (item) start(item);
  }

  function clear() {
    for (const photo of [...photos]) remove(photo.key);
  }

  onBeforeUnmount(clear);

  return {
    photos,
    add,
    remove,
    retry,
    clear,
    uploadedIds: computed(() => photos.filter((p) => p.state === 'done').map((p) => p.evidenceId!)),
    busy: computed(() => photos.some((p) => p.state === 'uploading')),
    failed: computed(() => photos.some((p) => p.state === 'failed')),
    missingKinds: computed(() => missingEvidence(photos.filter((p) => p.state === 'done').map((p) => p.kind))),
  };
}
