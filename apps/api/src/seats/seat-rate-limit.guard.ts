/**
 * Seat commands per user (docs/security.md; best available of n seats counts as n locks): LOCK_RATE_PER_SECOND (default 20) and
 * LOCK_RATE_PER_MINUTE (default 300), together, then 429 rate_limited with Retry-After. A person
 * clicking seats stays far below both; a script hammering the seat map meets them within a second.
 * Runs after LoggedInGuard (the key is the session's user) and after the CSRF check, so neither an
 * anonymous nor a forged call uses anyone's allowance. RATE_LIMIT_DISABLED=true turns it off (benchmarks).
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { HttpRequest } from '../http/http';
import { CONFIG, type Config } from '../config/config';
import { RateLimit } from '../http/rate-limit';

/** The per-user allowance of seat commands, shared by the lock and unlock guard and best available. */
@Injectable()
export class SeatRateLimit {
  private readonly limit: RateLimit | undefined;

  constructor(@Inject(CONFIG) config: Config) {
    const windows = [
      { points: config.lockRatePerSecond, seconds: 1 },
      { points: config.lockRatePerMinute, seconds: 60 },
    ];
    const detail = (seconds: number) => `Too many seat locks and unlocks in a short time; wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`;
    this.limit = config.rateLimitsDisabled ? undefined : new RateLimit(windows, detail);
  }

  /** Counts `points` seat commands for the user; 429 rate_limited past either window. */
  async consume(userId: string, points = 1): Promise<void> {
    await this.limit?.consume(userId, points);
  }
}

@Injectable()
export class SeatRateLimitGuard implements CanActivate {
  constructor(private readonly limit: SeatRateLimit) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<HttpRequest>().user;
    if (user) await this.limit.consume(user.id);
    return true;
  }
}
