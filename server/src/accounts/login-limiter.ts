import { ErrorCode } from '@parceldesk/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.js';
import type { Config } from '../config.js';

/**
 * Login attempts are limited per phone (guessing one account's password) and per client
 * address (trying many accounts). Counters live in this process's memory: behind a load
 * balancer with N processes the effective limit is up to N times higher. The store is the one
 * line to change (rate-limiter-flexible has a PostgreSQL store) when that matters.
 */
export class LoginLimiter {
  private readonly byPhone: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(rate: Config['loginRate']) {
    this.byPhone = new RateLimiterMemory({ keyPrefix: 'login-phone', points: rate.perPhone, duration: rate.windowSeconds });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: rate.perAddress, duration: rate.windowSeconds });
  }

  async consume(phone: string, address: string): Promise<void> {
    try {
      await Promise.all([this.byPhone.consume(phone), this.byAddress.consume(address)]);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.ceil(error.msBeforeNext / 1000);
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many login attempts; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
  }

  /** A successful login clears the phone's counter so a user who mistyped is not locked out later. */
  async succeeded(phone: string): Promise<void> {
    await this.byPhone.delete(phone);
  }
}
