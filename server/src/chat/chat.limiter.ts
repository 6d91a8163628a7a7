import { ErrorCode } from '@parceldesk/shared';
import type { Logger } from 'pino';
import { DomainError } from '../common/errors.js';
import { BatchedLimit, type SharedCounters } from '../common/shared-counters.js';

export interface ChatRate {
  messages: number;
  windowSeconds: number;
}

/** Typing events per user and thread: one per this many seconds. */
const TYPING_WINDOW_SECONDS = 2;

/**
 * Per user and thread: at most `messages` per window (default 30 per 10 s), and typing events
 * thinned to one per 2 s so a fast typist does not become a NOTIFY storm. Counted in PostgreSQL for
 * every process (shared-counters.ts): sends through a BatchedLimit (most sends cost no statement of
 * their own), typing exactly (one event per 2 s at most, each already a NOTIFY).
 */
export class ChatLimiter {
  private readonly sends: BatchedLimit;

  constructor(
    rate: ChatRate,
    private readonly counters: SharedCounters,
    logger: Logger,
  ) {
    this.sends = new BatchedLimit(counters, { points: rate.messages, windowSeconds: rate.windowSeconds }, logger);
  }

  async consumeSend(userId: string, threadId: string): Promise<void> {
    const admission = await this.sends.consume(`chat-send:${userId}:${threadId}`, 1);
    if (admission.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(admission.msBeforeNext / 1000));
    throw new DomainError(ErrorCode.RATE_LIMITED, `Too many messages; wait ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  /** Whether a typing event should go out now. */
  async allowTyping(userId: string, threadId: string): Promise<boolean> {
    const state = await this.counters.consumeOne(`chat-typing:${userId}:${threadId}`, 1, TYPING_WINDOW_SECONDS);
    return state.points <= 1;
  }

  stop(): Promise<void> {
    return this.sends.stop();
  }
}
