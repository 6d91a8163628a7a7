/**
 * The files of photo messages waiting in the chat outbox (issue 18): a photo taken offline is kept
 * in the browser's IndexedDB (a file does not fit in localStorage, where the outbox entry itself
 * is), keyed by its message's clientMessageId, until the server has the message or its writer
 * deletes it. So a photo survives a reload and goes when the network returns, like a text.
 * Where IndexedDB cannot be used (some private modes), `keep` answers false: the photo is still
 * sent from this page's memory while it stays open, as before.
 */
export interface PhotoKeeper {
  keep(clientMessageId: string, file: Blob): Promise<boolean>;
  get(clientMessageId: string): Promise<Blob | null>;
  forget(clientMessageIds: readonly string[]): Promise<void>;
}

const DB_NAME = 'parceldesk-chat-outbox';
const STORE = 'photos';

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (!globalThis.indexedDB) return reject(new Error('no IndexedDB'));
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused'));
  }).catch((error: unknown) => {
    opening = null; // try again next time (the user may allow it later)
    throw error;
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return database().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request ? request.result : undefined);
        transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB failed'));
        transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB aborted'));
      }),
  );
}

/**
 * The files kept by this page, at once (the database write takes a moment, and a send may start
 * before it ends): `get` finds them here first. Bounded by the outbox's own bound (its entries).
 */
const held = new Map<string, Blob>();

export const outboxPhotos: PhotoKeeper = {
  keep: (clientMessageId, file) => {
    held.set(clientMessageId, file);
    return run('readwrite', (store) => store.put(file, clientMessageId)).then(
      () => true,
      () => false,
    );
  },
  get: (clientMessageId) => {
    const here = held.get(clientMessageId);
    if (here) return Promise.resolve(here);
    return run<Blob>('readonly', (store) => store.get(clientMessageId)).then(
      (blob) => (blob instanceof Blob ? blob : null),
      () => null,
    );
  },
  forget: (clientMessageIds) => {
    for (const id of clientMessageIds) held.delete(id);
    if (clientMessageIds.length === 0) return Promise.resolve();
    return run('readwrite', (store) => void clientMessageIds.forEach((id) => store.delete(id))).then(
      () => undefined,
      () => undefined,
    );
  },
};
