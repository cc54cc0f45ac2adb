import { fold } from '../shared/decider';
import { givenFor } from '../testing/given';
import {
  alice, at, bob, extendedFor, extendLock, HOLD_MAX_SECONDS, iso, LOCK_SECONDS, lockedBy, lockSeat, MAX_SEATS, releasedFrom, releaseSeat, reservedBy, reserveSeat, SHOW, unlockSeat,
} from '../testing/seat.fixtures';
import type { SeatCommand } from './seat.commands';
import type { SeatEvent } from './seat.events';
import { seatDecider, seatView } from './seat.decider';
import { LockExpired, NotLockOwner, SeatLimitReached, SeatUnavailable } from './seat.errors';

const given = givenFor(seatDecider);
const expireLock = { type: 'ExpireLock', data: { showId: SHOW, seatId: 'A1' } } as const;

describe('more time on a lock', () => {
  it('runs the holder\'s live lock again for the lock lifetime from now', () => {
    given([lockedBy(alice, 0)]).when(extendLock(alice), at(200)).then([extendedFor(alice, 200, 200 + LOCK_SECONDS)]);
  });

  it('never runs a lock past the hold ceiling after it was taken', () => {
    given([lockedBy(alice, 0), extendedFor(alice, 500, 800)]).when(extendLock(alice), at(700)).then([extendedFor(alice, 700, HOLD_MAX_SECONDS)]);
  });

  it('changes nothing for a lock at its ceiling', () => {
    given([lockedBy(alice, 0), extendedFor(alice, 700, HOLD_MAX_SECONDS)]).when(extendLock(alice), at(850)).thenNothing();
  });

  it('counts the ceiling from the last lock taken, not from an earlier one of the same person', () => {
    given([lockedBy(alice, 0), releasedFrom(alice, 'unlocked', 100), lockedBy(alice, 800)]).when(extendLock(alice), at(900)).then([extendedFor(alice, 900, 1200)]);
  });

  it('refuses more time on a seat the caller does not hold: another\'s, expired, free or reserved', () => {
    given([lockedBy(bob, 0)]).when(extendLock(alice), at(100)).thenThrows(NotLockOwner);
    given([lockedBy(alice, 0)]).when(extendLock(alice), at(LOCK_SECONDS)).thenThrows(NotLockOwner);
    given([]).when(extendLock(alice), at(100)).thenThrows(NotLockOwner);
    given([lockedBy(alice, 0), reservedBy(alice)]).when(extendLock(alice), at(100)).thenThrows(NotLockOwner);
  });

  it('reads the lock as running until its new end', () => {
    const state = fold(seatDecider, [lockedBy(alice, 0), extendedFor(alice, 200, 500)]);
    expect(seatView(state, at(400))).toMatchObject({ status: 'locked', lockedUntil: iso(500) });
    expect(seatView(state, at(500)).status).toBe('available');
    given([lockedBy(alice, 0), extendedFor(alice, 200, 500)]).when(lockSeat(bob), at(400)).thenThrows(SeatUnavailable);
    given([lockedBy(alice, 0), extendedFor(alice, 200, 500)]).when(expireLock, at(400)).thenNothing();
  });
});

describe('locking a seat', () => {
  it('locks a free seat for the lock lifetime', () => {
    given([]).when(lockSeat(alice), at(10)).then([lockedBy(alice, 10)]);
  });

  it('locks a seat whose previous lock was unlocked', () => {
    given([lockedBy(bob), releasedFrom(bob, 'unlocked', 5)]).when(lockSeat(alice), at(10)).then([lockedBy(alice, 10)]);
  });

  it('locks a seat whose holder ran out of time before the expiry is recorded', () => {
    given([lockedBy(bob, 0)]).when(lockSeat(alice), at(400)).then([lockedBy(alice, 400)]);
  });

  it('treats a lock as ended at the very instant of its lockedUntil', () => {
    given([lockedBy(bob, 0)]).when(lockSeat(alice), at(LOCK_SECONDS)).then([lockedBy(alice, LOCK_SECONDS)]);
  });

  it('answers a re-lock by the holder with no event, so the lock keeps its end', () => {
    given([lockedBy(alice, 0)]).when(lockSeat(alice), at(100)).thenNothing();
  });

  it('refuses a lock on a seat another user holds', () => {
    const error = given([lockedBy(bob, 0)]).when(lockSeat(alice), at(100)).thenThrows(SeatUnavailable);
    expect(error.code).toBe('seat_unavailable');
  });

  it('refuses a lock on a reserved seat, even to the user who reserved it', () => {
    given([lockedBy(alice), reservedBy(alice)]).when(lockSeat(alice), at(100)).thenThrows(SeatUnavailable);
  });

  it('refuses a lock that would take the user past the seat limit in the show', () => {
    const error = given([]).when(lockSeat(alice, 'A1', MAX_SEATS), at(10)).thenThrows(SeatLimitReached);
    expect(error.code).toBe('seat_limit_reached');
  });

  it('grants the last lock the seat limit allows', () => {
    given([]).when(lockSeat(alice, 'A1', MAX_SEATS - 1), at(10)).then([lockedBy(alice, 10)]);
  });

  it('never refuses a re-lock of a seat the user already holds for the seat limit', () => {
    given([lockedBy(alice, 0)]).when(lockSeat(alice, 'A1', MAX_SEATS), at(10)).thenNothing();
  });

  it('reports a taken seat before the seat limit', () => {
    given([lockedBy(bob, 0)]).when(lockSeat(alice, 'A1', MAX_SEATS), at(10)).thenThrows(SeatUnavailable);
  });
});

describe('unlocking a seat', () => {
  it('releases the holder\'s live lock as unlocked', () => {
    given([lockedBy(alice, 0)]).when(unlockSeat(alice), at(100)).then([releasedFrom(alice, 'unlocked', 100)]);
  });

  it('refuses an unlock by a user who does not hold the lock', () => {
    const error = given([lockedBy(bob, 0)]).when(unlockSeat(alice), at(100)).thenThrows(NotLockOwner);
    expect(error.code).toBe('not_lock_owner');
  });

  it('refuses an unlock of a free seat', () => {
    given([]).when(unlockSeat(alice), at(100)).thenThrows(NotLockOwner);
  });

  it('refuses an unlock of the user\'s own lock once it has run out', () => {
    given([lockedBy(alice, 0)]).when(unlockSeat(alice), at(LOCK_SECONDS)).thenThrows(NotLockOwner);
  });

  it('refuses an unlock of a reserved seat', () => {
    given([lockedBy(alice), reservedBy(alice)]).when(unlockSeat(alice), at(100)).thenThrows(NotLockOwner);
  });
});

describe('expiring a lock', () => {
  it('records the expiry of a lock whose time has passed, naming its holder', () => {
    given([lockedBy(bob, 0)]).when(expireLock, at(LOCK_SECONDS)).then([releasedFrom(bob, 'expired', LOCK_SECONDS)]);
  });

  it('does nothing while the lock is live', () => {
    given([lockedBy(bob, 0)]).when(expireLock, at(LOCK_SECONDS - 1)).thenNothing();
  });

  it('does nothing once the expiry is recorded, so sweepers on every instance are harmless', () => {
    given([lockedBy(bob, 0), releasedFrom(bob, 'expired', 300)]).when(expireLock, at(400)).thenNothing();
  });

  it('does nothing on a reserved seat', () => {
    given([lockedBy(bob, 0), reservedBy(bob)]).when(expireLock, at(1000)).thenNothing();
  });
});

describe('reserving a seat', () => {
  it('reserves the seat for the holder of the live lock, naming every seat of the reservation', () => {
    given([lockedBy(alice, 0)])
      .when(reserveSeat(alice, 'r-1', 'A1', ['A1', 'A2']), at(60))
      .then([reservedBy(alice, 'r-1', 60, 'A1', ['A1', 'A2'])]);
  });

  it('does nothing when the seat already belongs to the same reservation', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1')]).when(reserveSeat(alice, 'r-1'), at(90)).thenNothing();
  });

  it('refuses a seat the caller never locked', () => {
    given([]).when(reserveSeat(alice), at(60)).thenThrows(NotLockOwner);
  });

  it('refuses a seat another user holds', () => {
    given([lockedBy(bob, 0)]).when(reserveSeat(alice), at(60)).thenThrows(NotLockOwner);
  });

  it('refuses a seat of another reservation, even one of the caller\'s own', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1')]).when(reserveSeat(alice, 'r-2'), at(90)).thenThrows(NotLockOwner);
  });

  it('reports lock_expired when the caller\'s lock ran out and its expiry is not recorded yet', () => {
    const error = given([lockedBy(alice, 0)]).when(reserveSeat(alice), at(LOCK_SECONDS)).thenThrows(LockExpired);
    expect(error.code).toBe('lock_expired');
  });

  it('reports lock_expired when the caller\'s lock ran out and its expiry is recorded', () => {
    given([lockedBy(alice, 0), releasedFrom(alice, 'expired', 310)]).when(reserveSeat(alice), at(320)).thenThrows(LockExpired);
  });

  it('reports not_lock_owner when someone else locked the seat after the caller\'s lock ran out', () => {
    given([lockedBy(alice, 0), lockedBy(bob, 310)]).when(reserveSeat(alice), at(320)).thenThrows(NotLockOwner);
  });

  it('reports not_lock_owner when the last lock, since run out, was someone else\'s', () => {
    given([lockedBy(alice, 0), lockedBy(bob, 310)]).when(reserveSeat(alice), at(700)).thenThrows(NotLockOwner);
  });

  it('reports not_lock_owner after the caller unlocked the seat', () => {
    given([lockedBy(alice, 0), releasedFrom(alice, 'unlocked', 10)]).when(reserveSeat(alice), at(400)).thenThrows(NotLockOwner);
  });

  it('reports not_lock_owner after an admin ended the caller\'s lock', () => {
    given([lockedBy(alice, 0), releasedFrom(alice, 'admin', 10)]).when(reserveSeat(alice), at(400)).thenThrows(NotLockOwner);
  });

  it('reports lock_expired when a failed reservation handed back a lock that has since run out', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1', 60), releasedFrom(alice, 'reservation-failed', 400, 'r-1')])
      .when(reserveSeat(alice, 'r-2'), at(410))
      .thenThrows(LockExpired);
  });
});

describe('releasing a seat from a reservation', () => {
  it('frees the seat of a failed reservation whose lock has run out meanwhile', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)])
      .when(releaseSeat('reservation-failed', 'r-1'), at(LOCK_SECONDS))
      .then([releasedFrom(alice, 'reservation-failed', LOCK_SECONDS, 'r-1')]);
  });

  it('hands the caller\'s lock back, with its original end, when a reservation fails in time', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)])
      .when(releaseSeat('reservation-failed', 'r-1'), at(61))
      .then([releasedFrom(alice, 'reservation-failed', 61, 'r-1'), lockedBy(alice, 61, 'A1', LOCK_SECONDS)]);
  });

  it('frees the seat of a cancelled reservation without handing any lock back', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)])
      .when(releaseSeat('cancelled', 'r-1'), at(120))
      .then([releasedFrom(alice, 'cancelled', 120, 'r-1')]);
  });

  it('ignores a compensation for a reservation the seat does not belong to', () => {
    given([lockedBy(bob, 0), reservedBy(bob, 'r-2')]).when(releaseSeat('reservation-failed', 'r-1'), at(120)).thenNothing();
  });

  it('ignores a compensation on a seat that is only locked', () => {
    given([lockedBy(alice, 0)]).when(releaseSeat('cancelled', 'r-1'), at(120)).thenNothing();
  });

  it('ignores a compensation that names no reservation', () => {
    given([lockedBy(alice, 0), reservedBy(alice, 'r-1')]).when(releaseSeat('cancelled'), at(120)).thenNothing();
  });
});

describe('an admin releasing a seat', () => {
  it('ends a live lock, naming its holder', () => {
    given([lockedBy(bob, 0)]).when(releaseSeat('admin'), at(100)).then([releasedFrom(bob, 'admin', 100)]);
  });

  it('takes a reserved seat out of its reservation', () => {
    given([lockedBy(bob, 0), reservedBy(bob, 'r-7')]).when(releaseSeat('admin'), at(100)).then([releasedFrom(bob, 'admin', 100, 'r-7')]);
  });

  it('records nothing on a free seat', () => {
    given([]).when(releaseSeat('admin'), at(100)).thenNothing();
  });

  it('records nothing on a lock that has run out', () => {
    given([lockedBy(bob, 0)]).when(releaseSeat('admin'), at(LOCK_SECONDS)).thenNothing();
  });
});

describe('the seat as a reader sees it', () => {
  const view = (events: SeatEvent[], now: Date) => seatView(fold(seatDecider, events), now);

  it('shows a seat with no history as available', () => {
    expect(view([], at(0))).toEqual({ status: 'available', holderId: null, holderName: null, lockedUntil: null });
  });

  it('shows a live lock with its holder and end', () => {
    expect(view([lockedBy(alice, 0)], at(10))).toEqual({ status: 'locked', holderId: alice.userId, holderName: 'alice', lockedUntil: iso(LOCK_SECONDS) });
  });

  it('shows a lock that has run out as available before its expiry is recorded', () => {
    expect(view([lockedBy(alice, 0)], at(LOCK_SECONDS)).status).toBe('available');
  });

  it('shows a reserved seat with its owner and no lock end', () => {
    expect(view([lockedBy(alice, 0), reservedBy(alice)], at(9999))).toEqual({ status: 'reserved', holderId: alice.userId, holderName: 'alice', lockedUntil: null });
  });
});

describe('the box office blocking and unblocking seats', () => {
  const block = (seatId = 'A1'): SeatCommand => ({ type: 'BlockSeat', data: { showId: SHOW, seatId, reason: 'House seat' } });
  const unblock: SeatCommand = { type: 'UnblockSeat', data: { showId: SHOW, seatId: 'A1' } };
  const blocked: SeatEvent = { type: 'SeatBlocked', data: { showId: SHOW, seatId: 'A1', reason: 'House seat', blockedAt: iso(5) } };

  it('takes a free seat off sale, and one whose lock ran out without a recorded expiry', () => {
    given([]).when(block(), at(5)).then([blocked]);
    given([lockedBy(alice, 0)]).when(block(), at(300)).then([{ ...blocked, data: { ...blocked.data, blockedAt: iso(300) } }]);
  });

  it('refuses a seat under a live lock or in a reservation (409 seat_unavailable), and records nothing twice', () => {
    given([lockedBy(alice, 0)]).when(block(), at(299)).thenThrows(SeatUnavailable);
    given([lockedBy(alice, 0), reservedBy(alice)]).when(block(), at(1000)).thenThrows(SeatUnavailable);
    given([blocked]).when(block(), at(6)).thenNothing();
  });

  it('lets nobody lock or reserve a blocked seat', () => {
    const error = given([blocked]).when(lockSeat(bob), at(6)).thenThrows(SeatUnavailable);
    expect(error.detail).toBe('Seat A1 is not for sale');
    given([lockedBy(alice, 0), blocked]).when(reserveSeat(alice), at(6)).thenThrows(NotLockOwner);
  });

  it('puts a blocked seat back on sale; unblocking any other seat records nothing', () => {
    given([blocked]).when(unblock, at(7)).then([{ type: 'SeatUnblocked', data: { showId: SHOW, seatId: 'A1', unblockedAt: iso(7) } }]);
    given([]).when(unblock, at(7)).thenNothing();
    given([blocked, { type: 'SeatUnblocked', data: { showId: SHOW, seatId: 'A1', unblockedAt: iso(7) } }]).when(lockSeat(bob), at(8)).then([lockedBy(bob, 8)]);
  });
});

describe('ending a lock from outside (event cancelled, account disabled)', () => {
  const endLock = (reason: 'event-cancelled' | 'user-disabled', userId?: string): SeatCommand => ({
    type: 'EndLock',
    data: { showId: SHOW, seatId: 'A1', reason, ...(userId === undefined ? {} : { userId }) },
  });

  it('ends a live lock, whoever holds it', () => {
    given([lockedBy(alice, 0)]).when(endLock('event-cancelled'), at(10)).then([releasedFrom(alice, 'event-cancelled', 10)]);
  });

  it('ends only the named user\'s lock when a user is named', () => {
    given([lockedBy(alice, 0)]).when(endLock('user-disabled', alice.userId), at(10)).then([releasedFrom(alice, 'user-disabled', 10)]);
    given([lockedBy(alice, 0)]).when(endLock('user-disabled', bob.userId), at(10)).thenNothing();
  });

  it('never touches a reservation, a free seat or a lock that ran out', () => {
    given([lockedBy(alice, 0), reservedBy(alice)]).when(endLock('event-cancelled'), at(100)).thenNothing();
    given([]).when(endLock('event-cancelled'), at(100)).thenNothing();
    given([lockedBy(alice, 0)]).when(endLock('event-cancelled'), at(300)).thenNothing();
  });
});
