import { ErrorCode } from '@parceldesk/shared';
import { DomainError } from '../common/errors.js';
import type { LoginRateConfig } from '../config.js';
import type { SharedCounters } from '../common/shared-counters.js';

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
 * Counters live in PostgreSQL (common/shared-counters.ts), exactly (a login is rare and already
 * costs a password hash): N processes behind a load balancer enforce the limits of one. Known
 * addresses are markers in the same table that expire after LOGIN_KNOWN_ADDRESS_DAYS.
 */
export class LoginLimiter {
  constructor(
    private readonly rate: LoginRateConfig,
    private readonly counters: SharedCounters,
  ) {}

  /** Before checking the password: refuses with RATE_LIMITED, or counts the attempt. */
  async admit(phone: string, address: string): Promise<void> {
    if (!(await this.counters.get(knownKey(phone, address)))) {
      const failures = await this.counters.get(`login-phone-failures:${phone}`);
      if (failures && failures.points >= this.rate.perPhone) throw rateLimited(failures.msBeforeNext);
    }
    const pair = pairKey(phone, address);
    const states = await this.counters.consume([{ key: pair, points: 1 }, { key: `login-address:${address}`, points: 1 }], this.rate.windowSeconds);
    const pairState = states.get(pair)!;
    const addressState = states.get(`login-address:${address}`)!;
    if (pairState.points > this.rate.perPhoneAddress) throw rateLimited(pairState.msBeforeNext);
    if (addressState.points > this.rate.perAddress) throw rateLimited(addressState.msBeforeNext);
  }

  async failed(phone: string): Promise<void> {
    await this.counters.consumeOne(`login-phone-failures:${phone}`, 1, this.rate.windowSeconds);
  }

  async succeeded(phone: string, address: string): Promise<void> {
    await this.counters.delete(pairKey(phone, address));
    await this.counters.set(knownKey(phone, address), 1, this.rate.knownAddressDays * 86_400);
  }
}

const pairKey = (phone: string, address: string) => `login-phone-address:${phone}|${address}`;
const knownKey = (phone: string, address: string) => `login-known:${phone}|${address}`;

function rateLimited(msBeforeNext: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(ErrorCode.RATE_LIMITED, `Too many login attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
