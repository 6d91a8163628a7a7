import type { Logger } from 'pino';
import type { Orm } from '../db/orm.js';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity.js';
import type { NotificationSender } from './senders.js';

/** Messages one pass claims at most (a pass that claims fewer found nothing more due). */
export const OUTBOX_BATCH = 50;
const BATCH = OUTBOX_BATCH;
const MAX_ATTEMPTS = 8;
const POLL_MS = 5_000;
/** How long a claimed message is left to its worker before another may send it again. */
const CLAIM_LEASE_MS = 120_000;

/** 2 s, 4 s, 8 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 600_000);
}

/**
 * Delivers queued outbox messages. Each batch is claimed in one statement (FOR UPDATE SKIP LOCKED
 * and a lease), so any number of server processes can run a worker on one database without sending
 * twice, and no transaction stays open while a slow SMS gateway answers. A failed
 * send is retried with backoff; after MAX_ATTEMPTS it stays FAILED with its last error.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly senders: Map<string, NotificationSender>;

  constructor(
    private readonly orm: Orm,
    senders: NotificationSender[],
    private readonly logger: Logger,
  ) {
    this.senders = new Map(senders.map((s) => [s.channel, s]));
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Runs a delivery pass soon (after a commit that queued messages). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    while ((await this.runBatch()) === BATCH && !this.stopped);
  }

  /**
   * Delivers one batch of due messages; returns how many it handled. Three steps, none holding a
   * lock while a gateway answers: (1) claim: one UPDATE takes the due rows (FOR UPDATE SKIP LOCKED
   * inside it, so other processes' workers take other rows) and leases them by moving their
   * next attempt CLAIM_LEASE_MS ahead, counting the attempt; (2) send each, outside any
   * transaction; (3) mark each in its own statement (SENT, or the next attempt, or FAILED). A
   * process that dies between (1) and (3) leaves its rows leased: they are sent again once the
   * lease ends (at least once, never lost).
   */
  async runBatch(): Promise<number> {
    const claimed = await this.orm.em.getConnection().execute<{ id: string }[]>(
      `update outbox_messages set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
        where id in (select id from outbox_messages where status = ? and next_attempt_at <= now()
                     order by next_attempt_at limit ? for update skip locked)
        returning id`,
      [CLAIM_LEASE_MS / 1000, OutboxStatus.PENDING, BATCH],
    );
    if (claimed.length === 0) return 0;
    const em = this.orm.em.fork();
    const messages = await em.find(OutboxMessage, { id: { $in: claimed.map((row) => row.id) } }, { populate: ['notification.recipient'], orderBy: { nextAttemptAt: 'asc' } });
    const outcomes = new Map<OutboxMessage, unknown>();
    // Per channel: all at once where the sender can (in-app: one NOTIFY statement), else one by one.
    for (const channel of new Set(messages.map((m) => m.channel))) {
      const ofChannel = messages.filter((m) => m.channel === channel);
      const sender = this.senders.get(channel);
      const deliveries = ofChannel.map((m) => ({ notification: m.notification.getEntity(), recipient: m.notification.getEntity().recipient.getEntity() }));
      if (!sender) ofChannel.forEach((m) => outcomes.set(m, new Error(`no sender for ${channel}`)));
      else if (sender.sendAll) {
        const error = await sender.sendAll(deliveries).then(() => null, (failure: unknown) => failure ?? new Error('send failed'));
        ofChannel.forEach((m) => outcomes.set(m, error));
      } else {
        for (const [i, m] of ofChannel.entries()) outcomes.set(m, await sender.send(deliveries[i]!.notification, deliveries[i]!.recipient).then(() => null, (failure: unknown) => failure ?? new Error('send failed')));
      }
    }
    const now = Date.now();
    const marks = messages.map((message) => {
      const error = outcomes.get(message);
      if (!error) return { message, status: OutboxStatus.SENT, sentAt: new Date(now), lastError: null, nextAttemptAt: null };
      const lastError = String(error instanceof Error ? error.message : error).slice(0, 500);
      this.logger.warn({ messageId: message.id, channel: message.channel, attempts: message.attempts, err: error }, 'notification send failed');
      const failed = message.attempts >= MAX_ATTEMPTS;
      return { message, status: failed ? OutboxStatus.FAILED : OutboxStatus.PENDING, sentAt: null, lastError, nextAttemptAt: failed ? null : new Date(now + retryDelayMs(message.attempts)) };
    });
    // One statement marks the batch; only a row still ours (not yet re-claimed after its lease ran
    // out: same attempts, still PENDING) is marked.
    if (marks.length) {
      await this.orm.em.getConnection().execute(
        `update outbox_messages o set status = v.status, sent_at = v.sent_at, last_error = v.last_error, next_attempt_at = coalesce(v.next_attempt_at, o.next_attempt_at)
           from (values ${marks.map(() => '(?::uuid, ?::int, ?::outbox_status, ?::timestamptz, ?::text, ?::timestamptz)').join(', ')})
             as v(id, attempts, status, sent_at, last_error, next_attempt_at)
          where o.id = v.id and o.status = 'PENDING' and o.attempts = v.attempts`,
        marks.flatMap((m) => [m.message.id, m.message.attempts, m.status, m.sentAt, m.lastError, m.nextAttemptAt]),
      );
    }
    return messages.length;
  }
}
