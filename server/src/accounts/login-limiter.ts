import { ErrorCode } from '@parceldesk/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.js';
import type { LoginRateConfig } from '../config.js';

/**
 * Slows a password guesser without locking the account's owner out.
 *
 * A single per-phone counter (what we had) let anyone lock any user out: ten wrong passwords from
 * anywhere and the right one was refused for 15 minutes. Instead there are three counters:
 *
 * - per phone and address (strict, default 5 attempts per window): a guesser at one address is
 *   stopped for that phone, and only there. The owner, elsewhere, is not affected.
 * - per address (default 100 attempts per window across phones): one address spraying many
 *   accounts is stopped.
 * - per phone across all addresses (looser, default 30 failures per window): a guesser spreading
 *   over many addresses. Past it, only addresses that signed this phone in successfully before
 *   (within LOGIN_KNOWN_ADDRESS_DAYS) go on; new addresses are refused until the window ends. So
 *   under a distributed attack the owner still gets in from home or their usual network, which is
 *   the trade-off we chose over a hard lock (locks everyone out) or a delay (a distributed guesser
 *   just waits in parallel).
 *
 * A success clears that phone-and-address counter (a user who mistyped is not held back later) and
 * remembers the address. Only failures feed the per-phone counter, so the owner's own logins never
 * push their account towards the limit.
 *
 * Counters live in this process's memory: behind a load balancer with N processes the effective
 * limits are up to N times higher. rate-limiter-flexible's PostgreSQL store is the change then.
 */
export class LoginLimiter {
  private readonly byPhoneAddress: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;
  private readonly failuresByPhone: RateLimiterMemory;
  private readonly known: KnownAddresses;

  constructor(private readonly rate: LoginRateConfig) {
    const duration = rate.windowSeconds;
    this.byPhoneAddress = new RateLimiterMemory({ keyPrefix: 'login-phone-address', points: rate.perPhoneAddress, duration });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: rate.perAddress, duration });
    this.failuresByPhone = new RateLimiterMemory({ keyPrefix: 'login-phone-failures', points: rate.perPhone, duration });
    this.known = new KnownAddresses(rate.knownAddressDays * 86_400_000);
  }

  /** Before checking the password: refuses with RATE_LIMITED, or counts the attempt. */
  async admit(phone: string, address: string): Promise<void> {
    if (!this.known.has(phone, address)) {
      const failures = await this.failuresByPhone.get(phone);
      if (failures && failures.consumedPoints >= this.rate.perPhone) throw rateLimited(failures.msBeforeNext);
    }
    try {
      await Promise.all([this.byPhoneAddress.consume(pairKey(phone, address)), this.byAddress.consume(address)]);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw rateLimited(error.msBeforeNext);
    }
  }

  async failed(phone: string): Promise<void> {
    await this.failuresByPhone.penalty(phone, 1);
  }

  async succeeded(phone: string, address: string): Promise<void> {
    await this.byPhoneAddress.delete(pairKey(phone, address));
    this.known.add(phone, address);
  }
}

const pairKey = (phone: string, address: string) => `${phone}|${address}`;

function rateLimited(msBeforeNext: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(ErrorCode.RATE_LIMITED, `Too many login attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/**
 * Phone-and-address pairs that signed in successfully, each until it expires. Bounded: past
 * `capacity` pairs the oldest is forgotten (that address then just counts as new). Not a
 * rate-limiter-flexible store: its memory store arms a setTimeout per key, and 30 days overflow
 * Node's 24.8-day timer limit (the key would expire at once).
 */
class KnownAddresses {
  private readonly expiresAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 100_000,
  ) {}

  has(phone: string, address: string): boolean {
    const key = pairKey(phone, address);
    const until = this.expiresAt.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.expiresAt.delete(key);
    return false;
  }

  add(phone: string, address: string): void {
    const key = pairKey(phone, address);
    this.expiresAt.delete(key); // re-insert: Map order is the eviction order
    this.expiresAt.set(key, Date.now() + this.ttlMs);
    if (this.expiresAt.size > this.capacity) this.expiresAt.delete(this.expiresAt.keys().next().value!);
  }
}
