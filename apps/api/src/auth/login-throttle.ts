/**
 * Failed logins per username (api.md: LOGIN_MAX_FAILURES within 15 minutes, then 429 with
 * Retry-After). Counted with rate-limiter-flexible; only failures consume points.
 */
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../config/config';
import { Problem } from '../http/problem';

const WINDOW_SECONDS = 15 * 60;

@Injectable()
export class LoginThrottle {
  private readonly failures: RateLimiterMemory;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.failures = new RateLimiterMemory({ points: config.loginMaxFailures, duration: WINDOW_SECONDS });
  }

  /** Throws 429 when this username has used up its failures. */
  async check(username: string): Promise<void> {
    const state = await this.failures.get(key(username));
    if (state && state.consumedPoints >= this.config.loginMaxFailures) {
      const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      throw new Problem('rate_limited', `Too many failed logins for this username; try again in ${Math.ceil(retryAfter / 60)} minutes.`, {}, { 'Retry-After': String(retryAfter) });
    }
  }

  async failed(username: string): Promise<void> {
    await this.failures.penalty(key(username), 1);
  }

  async succeeded(username: string): Promise<void> {
    await this.failures.delete(key(username));
  }
}

const key = (username: string): string => username.toLowerCase();
