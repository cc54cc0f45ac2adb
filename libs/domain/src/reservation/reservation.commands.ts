/** What a reservation stream (`reservation-{id}`) can be asked to do; the process manager sends most of them. */
import type { ReservationRequested, SeatConflict } from './reservation.events';

/**
 * Opens an attempt. `prices` are the seats' prices in the order of `seatIds`; the total is
 * computed from them by the decider, so it can never disagree with the seats.
 */
export interface RequestReservation {
  type: 'RequestReservation';
  data: Omit<ReservationRequested['data'], 'attempt' | 'totalPrice' | 'requestedAt'>;
}

/** Every seat of the attempt recorded its SeatsReserved. */
export interface ConfirmReservation {
  type: 'ConfirmReservation';
  data: { reservationId: string; attempt: number };
}

/** A seat stood in the way (or recovery found the attempt half done); its seats are being released. */
export interface FailReservation {
  type: 'FailReservation';
  data: { reservationId: string; attempt: number; conflicts: SeatConflict[]; recovered: boolean };
}

/**
 * The owner cancels (`userId` is the session's, never the body's: another user's reservation is
 * not found), or the box office does for them, or the organiser's cancellation of the event does.
 */
export interface CancelReservation {
  type: 'CancelReservation';
  data: { reservationId: string } & ({ cancelledBy: 'owner'; userId: string } | { cancelledBy: 'admin' | 'organiser'; reason: string });
}

/** An admin released one of the reservation's seats (its seat stream already says so). */
export interface ReleaseReservationSeat {
  type: 'ReleaseReservationSeat';
  data: { reservationId: string; seatId: string };
}

export type ReservationCommand =
  | RequestReservation
  | ConfirmReservation
  | FailReservation
  | CancelReservation
  | ReleaseReservationSeat;
