/** Work started after an answer was sent; shutdown and tests wait for it to settle. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();
  private readonly chains = new Map<string, Promise<unknown>>();

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

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
