/** Facts recorded in a seat's stream (`seat-{showId}-{seatId}`). Times are ISO-8601 UTC strings. */

/**
 * `event-cancelled`: the show was cancelled (a lock ended by the cancellation's process);
 * `user-disabled`: the holder's account was disabled. Both end a live lock, never a reservation.
 */
export type ReleaseReason = 'unlocked' | 'expired' | 'reservation-failed' | 'cancelled' | 'admin' | 'event-cancelled' | 'user-disabled';

export interface SeatLocked {
  type: 'SeatLocked';
  data: { showId: string; seatId: string; userId: string; username: string; lockedAt: string; lockedUntil: string };
}

/**
 * A live lock given more time by its holder ("More time" in the app): it now runs until
 * `lockedUntil`, never more than the hold's ceiling after the lock was taken.
 */
export interface SeatLockExtended {
  type: 'SeatLockExtended';
  data: { showId: string; seatId: string; userId: string; username: string; extendedAt: string; lockedUntil: string };
}

export interface SeatReleased {
  type: 'SeatReleased';
  data: {
    showId: string;
    seatId: string;
    /** The user whose lock or reservation ended (not the actor: the actor is in the metadata). */
    userId: string;
    reason: ReleaseReason;
    /** Set when the seat leaves a reservation (reservation-failed, cancelled, admin on a reserved seat). */
    reservationId?: string;
    releasedAt: string;
  };
}

export interface SeatsReserved {
  type: 'SeatsReserved';
  data: {
    showId: string;
    seatId: string;
    reservationId: string;
    /** Every seat of the reservation, so one seat's history tells the whole reservation. */
    seatIds: string[];
    userId: string;
    username: string;
    reservedAt: string;
  };
}

/** The box office took a free seat off sale (house seats, a broken seat) until it is unblocked. */
export interface SeatBlocked {
  type: 'SeatBlocked';
  data: { showId: string; seatId: string; reason: string; blockedAt: string };
}

export interface SeatUnblocked {
  type: 'SeatUnblocked';
  data: { showId: string; seatId: string; unblockedAt: string };
}

export type SeatEvent = SeatLocked | SeatLockExtended | SeatReleased | SeatsReserved | SeatBlocked | SeatUnblocked;
