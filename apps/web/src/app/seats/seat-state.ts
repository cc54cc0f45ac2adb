// What a seat is to the person looking at it, decided on the browser from the API's data and the
// server's current time: a lock whose deadline has passed reads "available" without waiting for a poll.
import { formatMoney } from '../api/money';
import { Seat } from '../api/seats-api';

export type SeatState = 'available' | 'held-by-me' | 'held-by-other' | 'reserved' | 'reserved-by-me' | 'blocked';

/** Milliseconds since the epoch of a lock's deadline; null when the seat has none. */
export function lockDeadline(seat: Seat): number | null {
  if (seat.status !== 'locked' || seat.lockedUntil === null) {
    return null;
  }
  const deadline = Date.parse(seat.lockedUntil);
  return Number.isNaN(deadline) ? null : deadline;
}

export function seatState(seat: Seat, serverNowMs: number): SeatState {
  switch (seat.status) {
    case 'available':
      return 'available';
    case 'reserved':
      return seat.mine ? 'reserved-by-me' : 'reserved';
    case 'blocked':
      return 'blocked';
    case 'locked': {
      const deadline = lockDeadline(seat);
      if (deadline !== null && deadline <= serverNowMs) {
        return 'available';
      }
      return seat.mine ? 'held-by-me' : 'held-by-other';
    }
    default:
      return assertNever(seat.status);
  }
}

/** The `<state>` words of ui.md: "available", "locked by you", "locked by alice", "locked", ..., "not for sale". */
export function stateWords(state: SeatState, lockedBy: string | null): string {
  switch (state) {
    case 'available':
      return 'available';
    case 'held-by-me':
      return 'locked by you';
    case 'held-by-other':
      return lockedBy ? `locked by ${lockedBy}` : 'locked';
    case 'reserved':
      return 'reserved';
    case 'reserved-by-me':
      return 'reserved by you';
    case 'blocked':
      return 'not for sale';
    default:
      return assertNever(state);
  }
}

/**
 * The seat button's aria-label and tooltip: "Row A, seat 1, available, 50.00 EUR", or in a layout
 * event "Stalls, row 1, seat 5, available, 80.00 EUR" with ", wheelchair space" for such a place.
 */
export function seatDescription(seat: Seat, state: SeatState, currency: string, section: string | null = null): string {
  const place = section === null ? `Row ${seat.row}` : `${section}, row ${seat.row}`;
  const words = `${place}, seat ${seat.number}, ${stateWords(state, seat.lockedBy)}, ${formatMoney(seat.price, currency)}`;
  return seat.accessible ? `${words}, wheelchair space` : words;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected seat state: ${String(value)}`);
}
