import { describe, expect, it } from 'vitest';
import { nextTick, reactive } from 'vue';
import { readDraft, useDraft } from './useDraft';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('useDraft', () => {
  it('saves every change and brings the values back in a new form (a reload, a sign-in)', async () => {
    const storage = memoryStorage();
    const first = reactive({ note: '', pickupAt: null as number | null, channel: 'PHONE' });
    const draft = useDraft('dispatch.s1', first, storage);
    expect(draft.restored).toBe(false);
    first.note = '放门卫';
    first.pickupAt = 1_800_000_000_000;
    await nextTick();

    const again = reactive({ note: '', pickupAt: null as number | null, channel: 'PHONE' });
    expect(useDraft('dispatch.s1', again, storage).restored).toBe(true);
    expect(again).toEqual({ note: '放门卫', pickupAt: 1_800_000_000_000, channel: 'PHONE' });
    // Another parcel's form starts empty.
    const other = reactive({ note: '', pickupAt: null as number | null, channel: 'PHONE' });
    expect(useDraft('dispatch.s2', other, storage).restored).toBe(false);
    expect(other.note).toBe('');
  });

  it('forgets the draft once the form was sent, and writes no more', async () => {
    const storage = memoryStorage();
    const values = reactive({ note: 'x' });
    const draft = useDraft('k', values, storage);
    values.note = 'y';
    await nextTick();
    draft.clear();
    values.note = 'z';
    await nextTick();
    expect(storage.data.size).toBe(0);
  });

  it('ignores broken or foreign saved data', () => {
    const storage = memoryStorage();
    storage.setItem('pd.draft.k', '{not json');
    expect(readDraft('k', { note: '' }, storage)).toBeNull();
    storage.setItem('pd.draft.k', JSON.stringify({ note: 5, extra: 'x', pickupAt: 7 }));
    expect(readDraft('k', { note: '', pickupAt: null as number | null }, storage)).toEqual({ pickupAt: 7 });
  });
});
