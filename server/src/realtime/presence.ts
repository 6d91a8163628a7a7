import type { Logger } from 'pino';

/** How often each process refreshes its users' rows, and how old a row may be and still count. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
export const PRESENCE_GRACE_SECONDS = 40;
/** How long a presence read waits for others to share its statement. */
export const PRESENCE_READ_BATCH_MS = 25;

/**
 * Who has a live WebSocket, across processes: each process counts its sockets per user in memory
 * and keeps a `user_presence` row fresh for each user it holds; the last socket closing deletes
 * the row (another process still holding one rewrites it at its next heartbeat).
 */
export class Presence {
  private readonly sockets = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /**
   * Writes and deletes run one after another: a socket that connects and closes at once must not
   * have its delete overtaken by its own first write, which would leave the user "online" for the
   * whole grace period (and skip their offline notifications).
   */
  private queue: Promise<void> = Promise.resolve();

  /** Users whose first socket opened, in a write queued but not started (see `writeSoon`). */
  private waitingWrite: Set<string> | null = null;
  /** The presence read being gathered (see `online`). */
  private batch: { ids: Set<string>; found: Promise<Set<string>> } | null = null;

  constructor(
    private readonly execute: (sql: string, params: unknown[]) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly readBatchMs = PRESENCE_READ_BATCH_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.heartbeat(), PRESENCE_HEARTBEAT_MS);
    this.timer.unref();
  }

  connected(userId: string): void {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    if (count === 1) this.writeSoon(userId);
  }

  disconnected(userId: string): void {
    const count = (this.sockets.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.sockets.set(userId, count);
      return;
    }
    this.sockets.delete(userId);
    this.waitingWrite = null; // a connect after this delete must be written after it
    void this.inOrder('presence delete failed', () => this.execute('delete from user_presence where user_id = ?', [userId]));
  }

  /**
   * Of these users, the ones with a live socket in some process. A user with a socket in this
   * process needs no lookup; the others are read in batches: every call within `readBatchMs`
   * shares one statement (each chat message asks about its recipients after the answer is sent,
   * so a busy thread list costs one read per batch instead of one per message).
   */
  async online(userIds: string[]): Promise<Set<string>> {
    const here = userIds.filter((id) => this.sockets.has(id));
    const elsewhere = userIds.filter((id) => !this.sockets.has(id));
    if (elsewhere.length === 0) return new Set(here);
    const found = await this.readBatched(elsewhere);
    return new Set([...here, ...elsewhere.filter((id) => found.has(id))]);
  }

  /** Resolves once every write and delete queued so far has run (what a test waits for instead of a clock). */
  written(): Promise<void> {
    return this.queue;
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const held = [...this.sockets.keys()];
    this.sockets.clear();
    if (held.length === 0) return Promise.resolve();
    return this.execute(`delete from user_presence where user_id in (${held.map(() => '?').join(', ')})`, held)
      .then(() => undefined)
      .catch(() => undefined);
  }

  private readBatched(userIds: string[]): Promise<Set<string>> {
    if (!this.batch) {
      const batch: { ids: Set<string>; found: Promise<Set<string>> } = { ids: new Set(), found: Promise.resolve(new Set()) };
      batch.found = new Promise((resolve) => setTimeout(resolve, this.readBatchMs)).then(() => {
        this.batch = null; // later calls start the next batch
        return this.read([...batch.ids]);
      });
      this.batch = batch;
    }
    for (const id of userIds) this.batch.ids.add(id);
    return this.batch.found;
  }

  private async read(userIds: string[]): Promise<Set<string>> {
    const rows = (await this.execute(
      `select user_id from user_presence where user_id in (${userIds.map(() => '?').join(', ')})
        and seen_at > now() - make_interval(secs => ?)`,
      [...userIds, PRESENCE_GRACE_SECONDS],
    )) as { user_id: string }[];
    return new Set(rows.map((r) => r.user_id));
  }

  private async heartbeat(): Promise<void> {
    const held = [...this.sockets.keys()];
    if (held.length > 0) await this.write(held);
  }

  /**
   * Joins the write still waiting its turn, if no delete was queued since (so the order of writes
   * and deletes holds), or queues a new one: a reconnect storm (every client of a restarted
   * process) costs a few statements instead of one per user.
   */
  private writeSoon(userId: string): void {
    if (this.waitingWrite) {
      this.waitingWrite.add(userId);
      return;
    }
    const batch = new Set([userId]);
    this.waitingWrite = batch;
    void this.write(batch);
  }

  private write(userIds: Iterable<string>): Promise<void> {
    return this.inOrder('presence write failed', () => {
      if (this.waitingWrite === userIds) this.waitingWrite = null; // its turn: later connects queue anew
      // Only users still connected when the write's turn comes: a close queued before it wins.
      const held = [...userIds].filter((id) => this.sockets.has(id));
      if (held.length === 0) return Promise.resolve();
      return this.execute(
        `insert into user_presence (user_id, seen_at) values ${held.map(() => '(?, now())').join(', ')}
          on conflict (user_id) do update set seen_at = now()`,
        held,
      );
    });
  }

  private inOrder(failure: string, run: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(run).then(
      () => undefined,
      (error: unknown) => this.logger.warn({ err: error }, failure),
    );
    this.queue = next;
    return next;
  }
}
