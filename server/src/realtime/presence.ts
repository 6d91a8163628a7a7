import type { Logger } from 'pino';

/** How often each process refreshes its users' rows, and how old a row may be and still count. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
export const PRESENCE_GRACE_SECONDS = 40;

/**
 * Who has a live WebSocket, across processes: each process counts its sockets per user in memory
 * and keeps a `user_presence` row fresh for each user it holds; the last socket closing deletes
 * the row (another process still holding one rewrites it at its next heartbeat).
 */
export class Presence {
  private readonly sockets = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly execute: (sql: string, params: unknown[]) => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.heartbeat(), PRESENCE_HEARTBEAT_MS);
    this.timer.unref();
  }

  connected(userId: string): void {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    if (count === 1) void this.write([userId]);
  }

  disconnected(userId: string): void {
    const count = (this.sockets.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.sockets.set(userId, count);
      return;
    }
    this.sockets.delete(userId);
    this.execute('delete from user_presence where user_id = ?', [userId]).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'presence delete failed'),
    );
  }

  /** Of these users, the ones with a live socket in some process. */
  async online(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = (await this.execute(
      `select user_id from user_presence where user_id in (${userIds.map(() => '?').join(', ')})
        and seen_at > now() - make_interval(secs => ?)`,
      [...userIds, PRESENCE_GRACE_SECONDS],
    )) as { user_id: string }[];
    return new Set(rows.map((r) => r.user_id));
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

  private async heartbeat(): Promise<void> {
    const held = [...this.sockets.keys()];
    if (held.length > 0) await this.write(held);
  }

  private async write(userIds: string[]): Promise<void> {
    try {
      await this.execute(
        `insert into user_presence (user_id, seen_at) values ${userIds.map(() => '(?, now())').join(', ')}
          on conflict (user_id) do update set seen_at = now()`,
        userIds,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'presence write failed');
    }
  }
}
