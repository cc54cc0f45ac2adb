// The server's clock as seen from the browser: the browser's clock corrected by the last known offset.
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { offsetFromDateHeader, offsetFromServerTime } from './clock-offset';

/** The browser's clock, replaceable in tests. */
export const BROWSER_CLOCK = new InjectionToken<() => number>('browser clock', {
  providedIn: 'root',
  factory: () => () => Date.now(),
});

@Injectable({ providedIn: 'root' })
export class ServerClock {
  private readonly browserClock = inject(BROWSER_CLOCK);
  private readonly offset = signal<number | null>(null);

  /** Server minus browser in ms; null until a response has told us. */
  readonly offsetMs = this.offset.asReadonly();

  browserNow(): number {
    return this.browserClock();
  }

  /** Best estimate of the server's current time in ms since the epoch. */
  now(): number {
    return this.browserClock() + (this.offset() ?? 0);
  }

  syncFromServerTime(serverTimeIso: string, sentAtMs: number, receivedAtMs: number): void {
    const offset = offsetFromServerTime(serverTimeIso, sentAtMs, receivedAtMs);
    if (offset !== null) {
      this.offset.set(offset);
    }
  }

  syncFromDateHeader(dateHeader: string | null, receivedAtMs: number): void {
    this.offset.set(offsetFromDateHeader(dateHeader, receivedAtMs, this.offset()));
  }
}
