/** A clock the test moves by hand: no test sleeps to wait out a lock. */
import type { Clock } from '../../apps/api/src/clock/clock.port';

export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-12-01T10:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}
