/** Work started after an answer was sent; shutdown and tests wait for it to settle. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  track(task: Promise<unknown>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
