import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** How often each process refreshes its sockets' rows, and how old a row may be and still count. */
export const LIVE_SOCKET_HEARTBEAT_MS = 15_000;
export const LIVE_SOCKET_GRACE_SECONDS = 45;

/**
 * The per-user socket cap across processes: every authenticated socket has a `live_socket` row
 * while it is open. A socket is admitted in a transaction that holds the user's advisory lock
 * while it counts the user's fresh rows, so sockets opened at once on different processes cannot
 * both take the last place. Each process refreshes its rows every 15 s; a process that died stops
 * counting once its rows are 45 s old (and they are deleted on the next admission of that user).
 */
export class LiveSocketRegistry {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly em: () => EntityManager,
    private readonly socketsPerUser: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.heartbeat(), LIVE_SOCKET_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** A row id for the new socket, or null when the user already has the maximum open anywhere. */
  async admit(userId: string): Promise<string | null> {
    const id = randomUUID();
    const admitted = await this.em().transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`live-socket:${userId}`]);
      await tx.execute(`delete from live_socket where user_id = ? and seen_at < now() - make_interval(secs => ?)`, [userId, LIVE_SOCKET_GRACE_SECONDS]);
      const rows = await tx.execute<{ id: string }[]>(
        `insert into live_socket (id, user_id, seen_at)
           select ?, ?, now() where (select count(*) from live_socket where user_id = ?) < ?
         returning id`,
        [id, userId, userId, this.socketsPerUser],
      );
      return rows.length === 1;
    });
    if (!admitted) return null;
    this.held.add(id);
    return id;
  }

  release(id: string): void {
    if (!this.held.delete(id)) return;
    void this.em()
      .execute(`delete from live_socket where id = ?`, [id])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'live socket row not deleted; it expires'));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const ids = [...this.held];
    this.held.clear();
    if (ids.length === 0) return;
    await this.em()
      .execute(`delete from live_socket where id in (${ids.map(() => '?').join(', ')})`, ids)
      .catch(() => undefined);
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.held];
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000);
      await this.em()
        .execute(`update live_socket set seen_at = now() where id in (${chunk.map(() => '?').join(', ')})`, chunk)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'live socket heartbeat failed'));
    }
  }
}
