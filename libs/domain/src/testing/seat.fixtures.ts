/** Builders for seat tests: users, instants and events in a line each, so a test shows only what matters. */
import type { ExtendLock, LockSeat, ReleaseSeat, ReserveSeat, UnlockSeat } from '../seat/seat.commands';
import type { ReleaseReason, SeatLocked, SeatLockExtended, SeatReleased, SeatsReserved } from '../seat/seat.events';

export interface User {
  userId: string;
  username: string;
}
export const alice: User = { userId: 'u-alice', username: 'alice' };
export const bob: User = { userId: 'u-bob', username: 'bob' };

export const SHOW = 'show-1';
export const LOCK_SECONDS = 300;
export const MAX_SEATS = 10;
/** HOLD_MAX_SECONDS: a lock is never extended past this long after it was taken. */
export const HOLD_MAX_SECONDS = 900;
const T0 = Date.parse('2026-12-22T10:00:00.000Z');

/** The instant `seconds` after the tests' fixed start. */
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
export const iso = (seconds: number): string => at(seconds).toISOString();

export const lockSeat = (user: User, seatId = 'A1', held = 0): LockSeat => ({
  type: 'LockSeat',
  data: { showId: SHOW, seatId, ...user, lockSeconds: LOCK_SECONDS, heldInShow: held, maxSeatsPerUser: MAX_SEATS },
});
export const unlockSeat = (user: User, seatId = 'A1'): UnlockSeat => ({
  type: 'UnlockSeat',
  data: { showId: SHOW, seatId, userId: user.userId },
});
export const extendLock = (user: User, seatId = 'A1'): ExtendLock => ({
  type: 'ExtendLock',
  data: { showId: SHOW, seatId, userId: user.userId, lockSeconds: LOCK_SECONDS, holdMaxSeconds: HOLD_MAX_SECONDS },
});
export const reserveSeat = (user: User, reservationId = 'r-1', seatId = 'A1', seatIds = [seatId]): ReserveSeat => ({
  type: 'ReserveSeat',
  data: { showId: SHOW, seatId, reservationId, seatIds, ...user },
});
export const releaseSeat = (reason: ReleaseSeat['data']['reason'], reservationId?: string, seatId = 'A1'): ReleaseSeat => ({
  type: 'ReleaseSeat',
  data: { showId: SHOW, seatId, reason, ...(reservationId === undefined ? {} : { reservationId }) },
});

/** A lock taken at `atSecond` for the standard lifetime. */
export const lockedBy = (user: User, atSecond = 0, seatId = 'A1', until = atSecond + LOCK_SECONDS): SeatLocked => ({
  type: 'SeatLocked',
  data: { showId: SHOW, seatId, ...user, lockedAt: iso(atSecond), lockedUntil: iso(until) },
});
/** More time, given at `atSecond`, until `until`. */
export const extendedFor = (user: User, atSecond: number, until: number, seatId = 'A1'): SeatLockExtended => ({
  type: 'SeatLockExtended',
  data: { showId: SHOW, seatId, ...user, extendedAt: iso(atSecond), lockedUntil: iso(until) },
});
export const releasedFrom = (user: User, reason: ReleaseReason, atSecond: number, reservationId?: string, seatId = 'A1'): SeatReleased => ({
  type: 'SeatReleased',
  data: { showId: SHOW, seatId, userId: user.userId, reason, ...(reservationId === undefined ? {} : { reservationId }), releasedAt: iso(atSecond) },
});
export const reservedBy = (user: User, reservationId = 'r-1', atSecond = 60, seatId = 'A1', seatIds = [seatId]): SeatsReserved => ({
  type: 'SeatsReserved',
  data: { showId: SHOW, seatId, reservationId, seatIds, ...user, reservedAt: iso(atSecond) },
});
