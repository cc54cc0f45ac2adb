/**
 * Crash points: a test-only switch that kills this process with SIGKILL at a named point, so that
 * the fault tests (test/faults/crash-points.spec.ts) can show what a restart on the same data makes
 * of an operation cut short there (docs/reliability.md lists the points and what recovery does).
 *
 * Armed only when BOTH `NODE_ENV` is exactly `test` AND `TESSERA_CRASH_AT` names the point:
 * `TESSERA_CRASH_AT=reserve.seat-reserved` dies the first time the point is reached,
 * `TESSERA_CRASH_AT=reserve.seat-reserved:2` the second time. With any other NODE_ENV
 * (production, development, unset) `crashPoint` returns at once and never looks further, whatever
 * TESSERA_CRASH_AT says (crash-points.spec.ts, and a production server in the fault tests).
 *
 * SIGKILL, not process.exit: no exit handler, no shutdown hook, no flush runs, as in a power cut
 * or an OOM kill. Only writes already committed to the stores survive.
 */
import { writeSync } from 'node:fs';

/** Every point the code calls, for the docs and for a test that a name is not misspelt. */
export const CRASH_POINTS = [
  /** After the k-th seat of a reservation recorded SeatsReserved, before the next seat and the outcome. */
  'reserve.seat-reserved',
  /** After ReservationConfirmed was appended, before the read models include it and the 201 is sent. */
  'reserve.confirmed',
  /** After ReservationFailed was appended (by the attempt or by recovery), before the seats are handed back. */
  'reserve.failed',
  /** After the k-th seat of a failed reservation was handed back. */
  'reserve.seat-handed-back',
  /** After SeatLocked was appended, before the read models include it and the 200 is sent. */
  'lock.appended',
  /** After ReservationCancelled was appended, before any seat is released. */
  'cancel.cancelled',
  /** After the k-th seat of a cancelled reservation was released. */
  'cancel.seat-released',
  /** After the k-th page of history was replayed into a rebuild's scratch read models, before the swap. */
  'rebuild.page',
  /** After an admin release freed a reserved seat, before the reservation records that it lost it. */
  'admin-release.seat-released',
  /** After ShowCancelled was appended, before any lock is ended or reservation cancelled. */
  'cancel-event.recorded',
  /** After the k-th reservation of a cancelled event was cancelled (its seats freed). */
  'cancel-event.reservation-cancelled',
] as const;

export type CrashPointName = (typeof CRASH_POINTS)[number];

export interface CrashTarget {
  name: string;
  /** Die the n-th time the point is reached (1-based). */
  nth: number;
}

/** The point the environment arms, or undefined: always undefined unless NODE_ENV is exactly "test". */
export function crashTarget(env: NodeJS.ProcessEnv): CrashTarget | undefined {
  if (env.NODE_ENV !== 'test') return undefined;
  const spec = env.TESSERA_CRASH_AT?.trim();
  if (!spec) return undefined;
  const match = /^([a-z0-9.-]+)(?::([1-9]\d{0,5}))?$/.exec(spec);
  if (!match) throw new Error(`TESSERA_CRASH_AT must be "point" or "point:n", got "${spec}"`);
  return { name: match[1], nth: match[2] ? Number(match[2]) : 1 };
}

const reached = new Map<string, number>();

/** Kills this process with SIGKILL when the test switch names this point (and this is the n-th time); otherwise does nothing. */
export function crashPoint(name: CrashPointName): void {
  if (process.env.NODE_ENV !== 'test') return; // never reachable outside tests, whatever else is set
  const target = crashTarget(process.env);
  if (!target || target.name !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count !== target.nth) return;
  // Synchronous, so the line is out before the signal: the tests read it from the child's stderr.
  writeSync(2, `crash point ${name}:${count} reached: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** For unit tests: forget how often each point was reached. */
export function resetCrashPoints(): void {
  reached.clear();
}
