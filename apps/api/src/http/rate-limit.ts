/**
 * Request rate limits (docs/security.md): counters per key in memory (rate-limiter-flexible), one
 * per window, and the 429 `rate_limited` problem with a Retry-After in whole seconds. The counters
 * live in each API instance; behind several instances each keeps its own.
 */
import { isIPv6 } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Problem } from './problem';

export interface Window {
  points: number;
  seconds: number;
}

/** The 429 answer; `retryAfterMs` is rounded up to whole seconds, at least 1. */
export function rateLimited(detail: string, retryAfterMs: number): Problem {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new Problem('rate_limited', detail, {}, { 'Retry-After': String(retryAfter) });
}

/** Every call counts against every window; past any of them, 429 until that window has room again. */
export class RateLimit {
  private readonly limiters: RateLimiterMemory[];

  constructor(
    windows: Window[],
    private readonly detail: (retryAfterSeconds: number) => string,
  ) {
    this.limiters = windows.map(({ points, seconds }) => new RateLimiterMemory({ points, duration: seconds }));
  }

  /** `points`: what the call counts for (best available of 4 seats counts as 4 locks). */
  async consume(key: string, points = 1): Promise<void> {
    let waitMs = 0;
    for (const limiter of this.limiters) {
      try {
        await limiter.consume(key, points);
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        waitMs = Math.max(waitMs, refused.msBeforeNext);
      }
    }
    if (waitMs > 0) throw rateLimited(this.detail(Math.max(1, Math.ceil(waitMs / 1000))), waitMs);
  }
}

/**
 * The key of a client address: the address itself for IPv4 (IPv4-mapped IPv6 included), the /64
 * network for IPv6, since one host commonly holds a whole /64. `req.ip` already honours TRUST_PROXY.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}
