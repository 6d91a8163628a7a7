import { LockMode } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Orm } from '../db/orm.js';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity.js';
import type { NotificationSender } from './senders.js';

const BATCH = 50;
const MAX_ATTEMPTS = 8;
const POLL_MS = 5_000;

/** 2 s, 4 s, 8 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 600_000);
}

/**
 * Delivers queued outbox messages. Each batch is claimed with FOR UPDATE SKIP LOCKED, so any
 * number of server processes can run a worker on one database without sending twice. A failed
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

  /** Delivers one batch of due messages; returns how many it handled. */
  async runBatch(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const due = await em.find(
        OutboxMessage,
        { status: OutboxStatus.PENDING, nextAttemptAt: { $lte: new Date() } },
        // FOR UPDATE SKIP LOCKED: another process's worker takes the next rows instead of waiting.
        { orderBy: { nextAttemptAt: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      await em.populate(due, ['notification.recipient']);
      for (const message of due) {
        const notification = message.notification.getEntity();
        const sender = this.senders.get(message.channel);
        message.attempts += 1;
        try {
          if (!sender) throw new Error(`no sender for ${message.channel}`);
          await sender.send(notification, notification.recipient.getEntity());
          message.status = OutboxStatus.SENT;
          message.sentAt = new Date();
          message.lastError = null;
        } catch (error) {
          message.lastError = String(error instanceof Error ? error.message : error).slice(0, 500);
          if (message.attempts >= MAX_ATTEMPTS) message.status = OutboxStatus.FAILED;
          else message.nextAttemptAt = new Date(Date.now() + retryDelayMs(message.attempts));
          this.logger.warn({ messageId: message.id, channel: message.channel, attempts: message.attempts, err: error }, 'notification send failed');
        }
      }
      return due.length;
    });
  }
}
