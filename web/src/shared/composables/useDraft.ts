import { getCurrentScope, onScopeDispose, watch } from 'vue';

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'pd.draft.';

function storageOrNull(): DraftStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage blocked: drafts last as long as the page
  }
}

/** The saved fields of a draft, only those `shape` has and with the same type; null when none. */
export function readDraft<T extends object>(key: string, shape: T, storage: DraftStorage | null = storageOrNull()): Partial<T> | null {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(PREFIX + key) ?? 'null');
  } catch {
    return null;
  }
  if (!saved || typeof saved !== 'object') return null;
  const draft: Partial<T> = {};
  for (const [name, value] of Object.entries(saved)) {
    const current = (shape as Record<string, unknown>)[name];
    if (name in shape && (current === null || value === null || typeof current === typeof value)) (draft as Record<string, unknown>)[name] = value;
  }
  return draft;
}

/** Saves a draft now (for forms whose key changes while they live, e.g. one dialog for many parcels). */
export function writeDraft(key: string, values: object, storage: DraftStorage | null = storageOrNull()): void {
  try {
    storage?.setItem(PREFIX + key, JSON.stringify(values));
  } catch {
    // Full or blocked storage: the form still works, only without a draft.
  }
}

export function clearDraft(key: string, storage: DraftStorage | null = storageOrNull()): void {
  storage?.removeItem(PREFIX + key);
}

/**
 * Keeps a form's half-typed values in this tab's sessionStorage, so that Back, a reload or a
 * sign-in after an expired session bring them back. `values` (reactive) is filled from a saved
 * draft at once and saved on every change; `clear()` once the form was sent.
 */
export function useDraft<T extends object>(key: string, values: T, storage: DraftStorage | null = storageOrNull()) {
  const saved = readDraft(key, values, storage);
  if (saved) Object.assign(values, saved);
  let done = false;
  const stop = watch(
    values,
    (now) => {
      if (!done) writeDraft(key, now, storage);
    },
    { deep: true },
  );
  if (getCurrentScope()) onScopeDispose(stop);
  return {
    /** Whether saved values were brought back. */
    restored: saved !== null,
    clear(): void {
      done = true;
      stop();
      clearDraft(key, storage);
    },
  };
}
