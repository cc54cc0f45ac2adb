/**
 * Failed logins, counted two ways within 15 minutes (rate-limiter-flexible; a success gives its
 * point back), then 429 rate_limited with Retry-After, checked before any password work:
 * - per username (api.md: LOGIN_MAX_FAILURES), against guessing one account's password; a success
 *   clears that username's count;
 * - per client address (LOGIN_MAX_FAILURES_PER_ADDRESS, an IPv6 /64 counts as one address), against
 *   one source trying a few passwords on many accounts. A success does not clear the earlier failures:
 *   otherwise an attacker could log in to an account of their own between guesses.
 */
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../config/config';
import { rateLimited } from '../http/rate-limit';

const WINDOW_SECONDS = 15 * 60;

@Injectable()
export class LoginThrottle {
  private readonly byUsername: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.byUsername = new RateLimiterMemory({ points: config.loginMaxFailures, duration: WINDOW_SECONDS, keyPrefix: 'login-username' });
    this.byAddress = new RateLimiterMemory({ points: config.loginMaxFailuresPerAddress, duration: WINDOW_SECONDS, keyPrefix: 'login-address' });
  }

  /**
   * Counts an attempt as a failure before any password work, and throws 429 when that is one too
   * many for this username or this address. Counting first, not after the password check, is what
   * keeps a burst of parallel guesses from all passing the check before any failure is recorded.
   */
  async attempt(username: string, address: string): Promise<void> {
    const [user, from] = await Promise.all([this.byUsername.penalty(key(username), 1), this.byAddress.penalty(address, 1)]);
    const userWait = user.consumedPoints > this.config.loginMaxFailures ? user.msBeforeNext : 0;
    const addressWait = !this.config.rateLimitsDisabled && from.consumedPoints > this.config.loginMaxFailuresPerAddress ? from.msBeforeNext : 0;
    if (!userWait && !addressWait) return;
    // A refused attempt checks no password, so it is no failure: it gives its points back.
    await Promise.all([this.byUsername.reward(key(username), 1), this.byAddress.reward(address, 1)]);
    const wait = Math.max(userWait, addressWait);
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    const detail =
      addressWait >= userWait
        ? `Too many failed logins from your network address; try again in ${minutes} minutes.`
        : `Too many failed logins for this username; try again in ${minutes} minutes.`;
    throw rateLimited(detail, wait);
  }

  /** The attempt checked no password (the store was down): both get their point back. */
  async refund(username: string, address: string): Promise<void> {
    await Promise.all([this.byUsername.reward(key(username), 1), this.byAddress.reward(address, 1)]);
  }

  /** The attempt was no failure: the username starts afresh, and the address gets its point back. */
  async succeeded(username: string, address: string): Promise<void> {
    await Promise.all([this.byUsername.delete(key(username)), this.byAddress.reward(address, 1)]);
  }
}

const key = (username: string): string => username.toLowerCase();
