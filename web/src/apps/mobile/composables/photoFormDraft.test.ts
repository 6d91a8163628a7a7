import { describe, expect, it } from 'vitest';
import { draftKey, loadPhotoFormDraft, removePhotoFormDraft, savePhotoFormDraft } from './photoFormDraft';

function memory() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('photo form drafts', () => {
  const key = draftKey('complaint', 'u1', 'o1');
  const now = Date.parse('2026-12-07T12:00:00Z');

  it('keeps lines, text, extra fields and uploaded photos per user and order, and forgets them when removed', () => {
    const storage = memory();
    savePhotoFormDraft(key, { missing: { l1: 1 }, text: '只收到一盒', photos: [{ evidenceId: 'e1', kind: 'WAYBILL_LABEL', uploadedAt: now }], extra: { rating: 4 } }, now, storage);
    expect(key).toBe('pd.photoForm.complaint.u1.o1');
    expect(loadPhotoFormDraft(key, now + 60_000, storage)).toMatchObject({ missing: { l1: 1 }, text: '只收到一盒', photos: [{ evidenceId: 'e1', kind: 'WAYBILL_LABEL' }], extra: { rating: 4 } });
    expect(loadPhotoFormDraft(draftKey('complaint', 'u2', 'o1'), now, storage)).toBeNull();
    removePhotoFormDraft(key, storage);
    expect(loadPhotoFormDraft(key, now, storage)).toBeNull();
  });

  it('drops photos the server will have cleaned up, bad values, and whole drafts after a week; saves nothing for an empty form', () => {
    const storage = memory();
    savePhotoFormDraft(key, { missing: { l1: 1, l2: 0 }, text: '', photos: [{ evidenceId: 'old', kind: 'CONTENTS', uploadedAt: now - 24 * 3600_000 }, { evidenceId: 'x', kind: 'NOPE' as never, uploadedAt: now }], extra: {} }, now, storage);
    expect(loadPhotoFormDraft(key, now, storage)).toMatchObject({ missing: { l1: 1 }, photos: [] });
    expect(loadPhotoFormDraft(key, now + 8 * 86_400_000, storage)).toBeNull();
    savePhotoFormDraft(key, { missing: {}, text: '  ', photos: [], extra: { rating: 0, arrivedShort: false } }, now, storage);
    expect(storage.map.size).toBe(0);
    storage.setItem(key, '{not json');
    expect(loadPhotoFormDraft(key, now, storage)).toBeNull();
  });
});
