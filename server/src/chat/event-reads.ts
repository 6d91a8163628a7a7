/**
 * One database read per event per process, shared by that process's subscribers: concurrent
 * asks for the same key share one promise, kept a moment after it settles for stragglers.
 */
export class SharedReads<T> {
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly keepMs = 1000) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.pending.get(key);
    if (known) return known;
    const promise = read();
    this.pending.set(key, promise);
    const forget = () => {
      const timer = setTimeout(() => {
        if (this.pending.get(key) === promise) this.pending.delete(key);
      }, this.keepMs);
      timer.unref();
    };
    promise.then(forget, () => this.pending.delete(key));
    return promise;
  }
}
