const MAX_LATER = 10_000;

/** Work started after an answer was sent; shutdown and tests wait for it to settle. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  track(task: Promise<unknown>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Runs `work` after the previous task of the same key has settled (tasks of one key in order). */
  trackInOrder(key: string, work: () => Promise<unknown>): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const task = previous.then(work, work);
    this.chains.set(key, task);
    void task.then(
      () => this.chains.get(key) === task && this.chains.delete(key),
      () => this.chains.get(key) === task && this.chains.delete(key),
    );
    this.track(task);
  }

  /**
   * Runs `work` (tracked) after `delayMs`. At most `MAX_LATER` wait at once (past that the work is
   * dropped: what waits here is a nicety, like a reminder); `cancelLater` drops them at shutdown.
   */
  later(delayMs: number, work: () => Promise<unknown>): boolean {
    if (this.timers.size >= MAX_LATER) return false;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(work());
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
    return true;
  }

  /** Work waiting in `later`, not started yet. */
  waiting(): number {
    return this.timers.size;
  }

  cancelLater(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
