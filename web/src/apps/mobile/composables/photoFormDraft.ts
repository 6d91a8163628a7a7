import { COMPLAINT_LIMITS, EVIDENCE_KINDS, type EvidenceKind } from '@parceldesk/shared';
import type { UploadedPhotoRef } from '#mobile/complaints/composables/usePhotoQueue';

/**
 * A photo form's draft, per form, user and order, in localStorage: it outlives a reload, Back and
 * a tab the camera app made the phone kill. Photos are kept by their evidence ids (not uploaded
 * again); those the server will have removed (unattached uploads expire) are dropped on reading.
 */
export interface PhotoFormDraft {
  missing: Record<string, number>;
  text: string;
  photos: UploadedPhotoRef[];
  /** The form's own fields (the review's stars and tag). */
  extra: Record<string, unknown>;
  savedAt: number;
}

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const PREFIX = 'pd.photoForm.';
/** A draft left alone this long is forgotten. */
const DRAFT_TTL_MS = 7 * 86_400_000;
/** An hour under the server's clean-up of unattached uploads, so a kept id still exists when sent. */
const PHOTO_TTL_MS = (COMPLAINT_LIMITS.unattachedUploadHours - 1) * 3_600_000;

function storageOrNull(): Storage_ | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function draftKey(form: string, userId: string, orderId: string): string {
  return `${PREFIX}${form}.${userId}.${orderId}`;
}

export function loadPhotoFormDraft(key: string, now = Date.now(), storage = storageOrNull()): PhotoFormDraft | null {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(key) ?? 'null');
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const d = raw as Partial<PhotoFormDraft>;
  if (typeof d.savedAt !== 'number' || now - d.savedAt > DRAFT_TTL_MS) {
    storage?.removeItem(key);
    return null;
  }
  const missing: Record<string, number> = {};
  for (const [line, n] of Object.entries(d.missing ?? {})) if (Number.isInteger(n) && n > 0) missing[line] = n;
  const photos = (Array.isArray(d.photos) ? d.photos : []).filter(
    (p): p is UploadedPhotoRef =>
      !!p && typeof p.evidenceId === 'string' && EVIDENCE_KINDS.includes(p.kind as EvidenceKind) && typeof p.uploadedAt === 'number' && now - p.uploadedAt < PHOTO_TTL_MS,
  );
  const text = typeof d.text === 'string' ? d.text : '';
  const extra = d.extra && typeof d.extra === 'object' ? d.extra : {};
  return { missing, text, photos, extra, savedAt: d.savedAt };
}

/** Whether a draft holds anything worth bringing back. */
export function hasContent(draft: Omit<PhotoFormDraft, 'savedAt'>): boolean {
  return Object.keys(draft.missing).length > 0 || draft.text.trim() !== '' || draft.photos.length > 0 || Object.values(draft.extra).some((v) => v !== null && v !== false && v !== 0 && v !== '');
}

export function savePhotoFormDraft(key: string, draft: Omit<PhotoFormDraft, 'savedAt'>, now = Date.now(), storage = storageOrNull()): void {
  try {
    if (hasContent(draft)) storage?.setItem(key, JSON.stringify({ ...draft, savedAt: now }));
    else storage?.removeItem(key);
  } catch {
    // Full or blocked storage: the form still works, without a draft.
  }
}

export function removePhotoFormDraft(key: string, storage = storageOrNull()): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing kept, nothing to remove
  }
}
