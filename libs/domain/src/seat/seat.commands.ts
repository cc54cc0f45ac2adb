/** What a seat can be asked to do. `now` is passed to `decide`, never read from a clock here. */

export interface LockSeat {
  type: 'LockSeat';
  data: {
    showId: string;
    seatId: string;
    userId: string;
    username: string;
    lockSeconds: number;
    /**
     * Live locks this user holds in the show on OTHER seats. A seat's stream cannot see its
     * neighbours, so the caller counts them (from the read model) and the decider applies the rule.
     */
    heldInShow: number;
    /** MAX_SEATS_PER_USER: live locks allowed per user per show (reserved seats do not count). */
    maxSeatsPerUser: number;
  };
}

export interface UnlockSeat {
  type: 'UnlockSeat';
  data: { showId: string; seatId: string; userId: string };
}

/**
 * More time on a lock the user holds: it runs again for `lockSeconds` from now, but never past
 * `holdMaxSeconds` after the lock was taken.
 */
export interface ExtendLock {
  type: 'ExtendLock';
  data: { showId: string; seatId: string; userId: string; lockSeconds: number; holdMaxSeconds: number };
}

/** The sweeper's command: records the expiry of a lock whose time has passed. */
export interface ExpireLock {
  type: 'ExpireLock';
  data: { showId: string; seatId: string };
}

/** One step of the reservation process manager: this seat joins reservation `reservationId`. */
export interface ReserveSeat {
  type: 'ReserveSeat';
  data: { showId: string; seatId: string; reservationId: string; seatIds: string[]; userId: string; username: string };
}

/**
 * Takes the seat out of a reservation or ends a lock: compensation after a failed reservation,
 * a cancellation, or an admin. For `reservation-failed` and `cancelled` the reservation id must
 * match, so a late compensation can never free a seat that another reservation took since.
 */
export interface ReleaseSeat {
  type: 'ReleaseSeat';
  data: { showId: string; seatId: string; reason: 'reservation-failed' | 'cancelled' | 'admin'; reservationId?: string };
}

/**
 * Ends a live lock for a reason outside its holder: the show was cancelled, or (with `userId`) the
 * holder's account was disabled, in which case only that user's lock ends. A reservation is never
 * touched: it is cancelled through its own stream.
 */
export interface EndLock {
  type: 'EndLock';
  data: { showId: string; seatId: string; reason: 'event-cancelled' | 'user-disabled'; userId?: string };
}

/** The box office takes a free seat off sale; refused while someone holds or owns it. */
export interface BlockSeat {
  type: 'BlockSeat';
  data: { showId: string; seatId: string; reason: string };
}

export interface UnblockSeat {
  type: 'UnblockSeat';
  data: { showId: string; seatId: string };
}

export type SeatCommand = LockSeat | UnlockSeat | ExtendLock | ExpireLock | ReserveSeat | ReleaseSeat | EndLock | BlockSeat | UnblockSeat;
