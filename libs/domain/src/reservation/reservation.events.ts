/**
 * Facts recorded in a reservation's stream (`reservation-{id}`). The stream is the process
 * manager's log: the outcome (confirmed or failed) is decided by one append with an expected
 * revision, so a crashed attempt and its recovery can never both win (docs/reservations.md).
 */

export interface SeatConflict {
  seatId: string;
  label: string;
  code: 'seat_unavailable' | 'not_lock_owner' | 'lock_expired' | 'not_found';
}

export interface ReservationRequested {
  type: 'ReservationRequested';
  data: {
    reservationId: string;
    showId: string;
    showName: string;
    userId: string;
    username: string;
    seatIds: string[];
    /** Seat labels, in the order of `seatIds`. */
    seats: string[];
    /** Each seat's price, in the order of `seatIds`. */
    prices: string[];
    totalPrice: string;
    currency: string;
    /** Hash of the request body, so a retry with the same Idempotency-Key can be told apart from a reuse. */
    requestHash: string;
    idempotencyKey: string | null;
    /** 1 for the first attempt; a retry after a failed attempt with the same key is attempt 2, ... */
    attempt: number;
    requestedAt: string;
  };
}

export interface ReservationConfirmed {
  type: 'ReservationConfirmed';
  data: { reservationId: string; attempt: number; confirmedAt: string };
}

export interface ReservationFailed {
  type: 'ReservationFailed';
  data: { reservationId: string; attempt: number; conflicts: SeatConflict[]; failedAt: string; recovered: boolean };
}

/** Who cancelled: the reservation's owner, an admin on their behalf, or the organiser (the event was cancelled). */
export type CancelledBy = 'owner' | 'admin' | 'organiser';

/**
 * Stored as `ReservationCancelled.v2` since the box office; release 0.1's `ReservationCancelled`
 * (always the owner's, no reason) is upcast on read with `cancelledBy: "owner"` (upcasting.ts).
 */
export interface ReservationCancelled {
  type: 'ReservationCancelled';
  data: {
    reservationId: string;
    /** The reservation's owner (the actor is in the metadata). */
    userId: string;
    seatIds: string[];
    cancelledBy: CancelledBy;
    /** The admin's or organiser's reason; absent when the owner cancelled. */
    reason?: string;
    cancelledAt: string;
  };
}

/** An admin took one seat out of a confirmed reservation. */
export interface ReservationSeatReleased {
  type: 'ReservationSeatReleased';
  data: { reservationId: string; seatId: string; releasedAt: string };
}

export type ReservationEvent =
  | ReservationRequested
  | ReservationConfirmed
  | ReservationFailed
  | ReservationCancelled
  | ReservationSeatReleased;
