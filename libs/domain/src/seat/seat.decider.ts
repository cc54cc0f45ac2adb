/**
 * One seat's decider: who may lock, unlock, reserve and release a seat, given its history
 * (stream `seat-{showId}-{seatId}`). Time is an input: a lock whose `lockedUntil <= now` is free,
 * whether or not the sweeper has recorded its expiry yet.
 */
import { type Decider, unreachable } from '../shared/decider';
import type { BlockSeat, EndLock, ExpireLock, ExtendLock, LockSeat, ReleaseSeat, ReserveSeat, SeatCommand, UnlockSeat } from './seat.commands';
import { LockExpired, NotLockOwner, SeatLimitReached, SeatUnavailable } from './seat.errors';
import type { ReleaseReason, SeatEvent, SeatLocked, SeatLockExtended, SeatReleased } from './seat.events';

/**
 * The last lock taken on the seat, kept after it ends: reserve must answer `lock_expired` when
 * the caller's own lock ran out (recorded or not) and nobody locked the seat since.
 */
interface LastLock {
  lastLockBy: string | null;
  lastLockUntil: string | null;
}

export type SeatState =
  | ({ status: 'free' } & LastLock)
  /** `lockedAt`: when the lock was taken (the last SeatLocked), from which the hold's ceiling counts. */
  | ({ status: 'locked'; userId: string; username: string; lockedAt: string; lockedUntil: string } & LastLock)
  | ({ status: 'reserved'; reservationId: string; userId: string; username: string } & LastLock)
  /** Off sale (house seats, a broken seat) until unblocked. */
  | ({ status: 'blocked'; reason: string } & LastLock);

type Locked = Extract<SeatState, { status: 'locked' }>;

export interface SeatView {
  status: 'available' | 'locked' | 'reserved' | 'blocked';
  holderId: string | null;
  holderName: string | null;
  lockedUntil: string | null;
}

const NO_LAST_LOCK: LastLock = { lastLockBy: null, lastLockUntil: null };

export const initialState = (): SeatState => ({ status: 'free', ...NO_LAST_LOCK });

/** `date + seconds` as an ISO-8601 UTC string, the format every event time uses. */
export const addSeconds = (date: Date, seconds: number): string => new Date(date.getTime() + seconds * 1000).toISOString();

/** A lock is live strictly before its `lockedUntil`; at that instant it is already free. */
export const isLive = (lockedUntil: string, now: Date): boolean => Date.parse(lockedUntil) > now.getTime();

const liveLock = (state: SeatState, now: Date): Locked | null =>
  state.status === 'locked' && isLive(state.lockedUntil, now) ? state : null;

/** What a reader sees at `now`: the read side applies the same expiry rule as `decide`. */
export function seatView(state: SeatState, now: Date): SeatView {
  if (state.status === 'reserved') {
    return { status: 'reserved', holderId: state.userId, holderName: state.username, lockedUntil: null };
  }
  if (state.status === 'blocked') return { status: 'blocked', holderId: null, holderName: null, lockedUntil: null };
  const lock = liveLock(state, now);
  return lock
    ? { status: 'locked', holderId: lock.userId, holderName: lock.username, lockedUntil: lock.lockedUntil }
    : { status: 'available', holderId: null, holderName: null, lockedUntil: null };
}

export function decide(command: SeatCommand, state: SeatState, now: Date): SeatEvent[] {
  switch (command.type) {
    case 'LockSeat':
      return lock(command.data, state, now);
    case 'UnlockSeat':
      return unlock(command.data, state, now);
    case 'ExtendLock':
      return extend(command.data, state, now);
    case 'ExpireLock':
      return expire(command.data, state, now);
    case 'ReserveSeat':
      return reserve(command.data, state, now);
    case 'ReleaseSeat':
      return release(command.data, state, now);
    case 'EndLock':
      return endLock(command.data, state, now);
    case 'BlockSeat':
      return block(command.data, state, now);
    case 'UnblockSeat':
      return state.status === 'blocked' ? [{ type: 'SeatUnblocked', data: { showId: command.data.showId, seatId: command.data.seatId, unblockedAt: now.toISOString() } }] : [];
    default:
      return unreachable(command);
  }
}

function lock(cmd: LockSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  const held = liveLock(state, now);
  // Locking a seat you hold answers with the lock unchanged: a double click must not extend it.
  if (held && held.userId === cmd.userId) return [];
  if (held || state.status === 'reserved') throw new SeatUnavailable(cmd.seatId);
  if (state.status === 'blocked') throw new SeatUnavailable(cmd.seatId, `Seat ${cmd.seatId} is not for sale`);
  if (cmd.heldInShow + 1 > cmd.maxSeatsPerUser) throw new SeatLimitReached(cmd.maxSeatsPerUser);
  return [locked(cmd, cmd.userId, cmd.username, now, addSeconds(now, cmd.lockSeconds))];
}

function unlock(cmd: UnlockSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  const held = liveLock(state, now);
  if (!held || held.userId !== cmd.userId) throw new NotLockOwner(cmd.seatId);
  return [released(cmd, held.userId, 'unlocked', now)];
}

/**
 * More time: the holder's live lock runs until `lockSeconds` from now, capped at `holdMaxSeconds`
 * after it was taken. A lock already at its ceiling changes nothing (the caller says so).
 */
function extend(cmd: ExtendLock['data'], state: SeatState, now: Date): SeatEvent[] {
  const held = liveLock(state, now);
  if (!held || held.userId !== cmd.userId) throw new NotLockOwner(cmd.seatId);
  const ceiling = Date.parse(held.lockedAt) + cmd.holdMaxSeconds * 1000;
  const until = Math.min(now.getTime() + cmd.lockSeconds * 1000, ceiling);
  if (until <= Date.parse(held.lockedUntil)) return [];
  const extended: SeatLockExtended = {
    type: 'SeatLockExtended',
    data: { showId: cmd.showId, seatId: cmd.seatId, userId: held.userId, username: held.username, extendedAt: now.toISOString(), lockedUntil: new Date(until).toISOString() },
  };
  return [extended];
}

/** The sweeper may run on every instance and run late: anything but an expired lock is a no-op. */
function expire(cmd: ExpireLock['data'], state: SeatState, now: Date): SeatEvent[] {
  if (state.status !== 'locked' || isLive(state.lockedUntil, now)) return [];
  return [released(cmd, state.userId, 'expired', now)];
}

function reserve(cmd: ReserveSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  // A retried step of the same reservation (after a crash or a conflict) has nothing left to do.
  if (state.status === 'reserved' && state.reservationId === cmd.reservationId) return [];
  const held = liveLock(state, now);
  if (held && held.userId === cmd.userId) {
    const { showId, seatId, reservationId, seatIds, userId, username } = cmd;
    return [{ type: 'SeatsReserved', data: { showId, seatId, reservationId, seatIds: [...seatIds], userId, username, reservedAt: now.toISOString() } }];
  }
  if (!held && state.status !== 'reserved' && ownLockRanOut(state, cmd.userId, now)) throw new LockExpired(cmd.seatId);
  throw new NotLockOwner(cmd.seatId);
}

const ownLockRanOut = (state: LastLock, userId: string, now: Date): boolean =>
  state.lastLockBy === userId && state.lastLockUntil !== null && !isLive(state.lastLockUntil, now);

function release(cmd: ReleaseSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  if (cmd.reason === 'admin') return adminRelease(cmd, state, now);
  // Only the reservation named may be undone: a late compensation never frees a seat that
  // another reservation took since.
  if (state.status !== 'reserved' || state.reservationId !== cmd.reservationId) return [];
  const events: SeatEvent[] = [released(cmd, state.userId, cmd.reason, now, state.reservationId)];
  // All or nothing (api.md): a failed reservation changes no seat, so the caller gets back the
  // lock it had, until that lock's original end; a lock that has run out meanwhile stays ended.
  const { lastLockBy, lastLockUntil } = state;
  if (cmd.reason === 'reservation-failed' && lastLockBy === state.userId && lastLockUntil && isLive(lastLockUntil, now)) {
    events.push(locked(cmd, state.userId, state.username, now, lastLockUntil));
  }
  return events;
}

/** Only a live lock ends this way (of `userId` when given); a reservation or a free seat is left as it is. */
function endLock(cmd: EndLock['data'], state: SeatState, now: Date): SeatEvent[] {
  const held = liveLock(state, now);
  if (!held || (cmd.userId !== undefined && held.userId !== cmd.userId)) return [];
  return [released(cmd, held.userId, cmd.reason, now)];
}

/** A free seat goes off sale; one already off sale changes nothing; a held or reserved one is refused. */
function block(cmd: BlockSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  if (state.status === 'blocked') return [];
  if (state.status === 'reserved' || liveLock(state, now)) {
    throw new SeatUnavailable(cmd.seatId, `Seat ${cmd.seatId} is held or reserved; release it before taking it off sale`);
  }
  return [{ type: 'SeatBlocked', data: { showId: cmd.showId, seatId: cmd.seatId, reason: cmd.reason, blockedAt: now.toISOString() } }];
}

function adminRelease(cmd: ReleaseSeat['data'], state: SeatState, now: Date): SeatEvent[] {
  if (state.status === 'reserved') return [released(cmd, state.userId, 'admin', now, state.reservationId)];
  const held = liveLock(state, now);
  return held ? [released(cmd, held.userId, 'admin', now)] : [];
}

interface SeatRef {
  showId: string;
  seatId: string;
}

const locked = (seat: SeatRef, userId: string, username: string, now: Date, lockedUntil: string): SeatLocked => ({
  type: 'SeatLocked',
  data: { showId: seat.showId, seatId: seat.seatId, userId, username, lockedAt: now.toISOString(), lockedUntil },
});

const released = (seat: SeatRef, userId: string, reason: ReleaseReason, now: Date, reservationId?: string): SeatReleased => ({
  type: 'SeatReleased',
  data: {
    showId: seat.showId,
    seatId: seat.seatId,
    userId,
    reason,
    // Absent rather than undefined, so the stored JSON and a replayed event compare equal.
    ...(reservationId === undefined ? {} : { reservationId }),
    releasedAt: now.toISOString(),
  },
});

/** An expiry, or a failed reservation handing the seat back, leaves the last lock its holder's. */
const KEEPS_LAST_LOCK: ReadonlySet<ReleaseReason> = new Set<ReleaseReason>(['expired', 'reservation-failed']);

export function evolve(state: SeatState, event: SeatEvent): SeatState {
  switch (event.type) {
    case 'SeatLocked': {
      const { userId, username, lockedAt, lockedUntil } = event.data;
      return { status: 'locked', userId, username, lockedAt, lockedUntil, lastLockBy: userId, lastLockUntil: lockedUntil };
    }
    case 'SeatLockExtended':
      // Only a live lock is extended (decide); a stray event changes nothing.
      return state.status === 'locked' && state.userId === event.data.userId ? { ...state, lockedUntil: event.data.lockedUntil, lastLockUntil: event.data.lockedUntil } : state;
    case 'SeatsReserved': {
      const { reservationId, userId, username } = event.data;
      // The lock it came from is kept, so a failed reservation can hand it back.
      return { status: 'reserved', reservationId, userId, username, lastLockBy: state.lastLockBy, lastLockUntil: state.lastLockUntil };
    }
    case 'SeatReleased': {
      const last = KEEPS_LAST_LOCK.has(event.data.reason) ? { lastLockBy: state.lastLockBy, lastLockUntil: state.lastLockUntil } : NO_LAST_LOCK;
      return { status: 'free', ...last };
    }
    case 'SeatBlocked':
      return { status: 'blocked', reason: event.data.reason, ...NO_LAST_LOCK };
    case 'SeatUnblocked':
      return state.status === 'blocked' ? { status: 'free', ...NO_LAST_LOCK } : state;
    default:
      return unreachable(event);
  }
}

export const seatDecider: Decider<SeatCommand, SeatEvent, SeatState> = { initialState, decide, evolve };
