import { ErrorCode } from '@parceldesk/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.js';

export interface ChatRate {
  messages: number;
  windowSeconds: number;
}

/**
 * Per user and thread: at most `messages` per window (default 30 per 10 s), and typing events
 * thinned to one per 2 s so a fast typist does not become a NOTIFY storm. Counters live in this
 * process's memory, like the login limiter: with N processes a user spreading sends over all of
 * them gets up to N times the rate.
 */
export class ChatLimiter {
  private readonly sends: RateLimiterMemory;
  private readonly typing = new RateLimiterMemory({ keyPrefix: 'chat-typing', points: 1, duration: 2 });

  constructor(rate: ChatRate) {
    this.sends = new RateLimiterMemory({ keyPrefix: 'chat-send', points: rate.messages, duration: rate.windowSeconds });
  }

  async consumeSend(userId: string, threadId: string): Promise<void> {
    try {
      await this.sends.consume(`${userId}:${threadId}`);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many messages; wait ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }

  /** Whether a typing event should go out now. */
  async allowTyping(userId: string, threadId: string): Promise<boolean> {
    try {
      await this.typing.consume(`${userId}:${threadId}`);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}
