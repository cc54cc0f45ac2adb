// Sentences a person can act on, for what went right or wrong on the seat map.
import { formatMoney } from '../api/money';
import { Problem, ProblemConflict, problemSentence } from '../api/problem';
import { Reservation } from '../api/reservations-api';
import { SaleState } from '../api/shows-api';

/**
 * A refused lock. "Taken by someone else" is said in the app's words (ui.md's example) because
 * the app knows which seat was clicked; every other refusal shows the API's own `detail`.
 */
export function lockFailureMessage(problem: Problem, seatLabel: string): string {
  if (problem.code === 'seat_unavailable') {
    return `${seatLabel} was just taken by someone else.`;
  }
  return problemSentence(problem);
}

export function unlockFailureMessage(problem: Problem, seatLabel: string): string {
  if (problem.code === 'not_lock_owner') {
    return `You no longer hold ${seatLabel}; the map shows it as it is now.`;
  }
  return problemSentence(problem);
}

/**
 * A refused reservation. A 409 lists every seat that stood in the way; the API's `detail` speaks
 * of the first only, so each listed seat gets its own sentence.
 */
export function reserveFailureMessage(problem: Problem): string {
  if (problem.conflicts.length === 0) {
    return problemSentence(problem);
  }
  const sentences = problem.conflicts.map(conflictSentence);
  return `${sentences.join(' ')} Nothing was reserved; pick your seats again and reserve.`;
}

export function conflictSentence(conflict: ProblemConflict): string {
  const label = conflict.label || 'A seat';
  switch (conflict.code) {
    case 'seat_unavailable':
      return `${label} was just taken by someone else.`;
    case 'lock_expired':
      return `Your hold on ${label} has expired.`;
    case 'not_lock_owner':
      return `You no longer hold ${label}.`;
    default:
      return `${label} is no longer available.`;
  }
}

/** "Reservation confirmed: A1, A2, 100.00 EUR"; seats named as the page names them ("Stalls 1-8") where it knows them. */
export function reservationConfirmedMessage(reservation: Reservation, names: ReadonlyMap<string, string> = new Map()): string {
  const seats = reservation.seatIds.map((id, i) => names.get(id) ?? reservation.seats[i]);
  return `Reservation confirmed: ${seats.join(', ')}, ${formatMoney(reservation.totalPrice, reservation.currency)}`;
}

/** Seats found and held: "Held for you: Stalls 1-4, Stalls 1-5." */
export function seatsFoundMessage(names: readonly string[]): string {
  return `Held for you: ${names.join(', ')}.`;
}

/**
 * Best available found nothing (ui.md's example: "No 4 seats together in Premium: try fewer seats
 * or another category"), in the words of what was asked.
 */
export function noSeatsFoundMessage(count: number, categoryName: string | null, wheelchair: boolean): string {
  const seats = `${count} ${count === 1 ? 'seat' : 'seats'}${count === 1 ? '' : ' together'}`;
  const withWheelchair = wheelchair ? ' with a wheelchair space' : '';
  const where = categoryName ? ` in ${categoryName}` : '';
  const tryInstead = categoryName ? 'try fewer seats or another category' : 'try fewer seats';
  return `No ${seats}${withWheelchair}${where}: ${tryInstead}.`;
}

/** More time given: "More time: your seats are held until 20:35." (local time). */
export function moreTimeMessage(until: string): string {
  return `More time: your seats are held until ${until}.`;
}

/** A click on a seat the box office took off sale. */
export function notForSaleMessage(seatLabel: string): string {
  return `${seatLabel} is not for sale. Pick another seat.`;
}

/**
 * What the seat page says about an event that cannot be bought now (ui.md, api.md "Box office"):
 * cancelled for good, or sales closed for a while; null while sales are open.
 */
export function saleStateMessage(state: SaleState): string | null {
  switch (state) {
    case 'cancelled':
      return 'This event was cancelled. Its seats can no longer be held or reserved.';
    case 'closed':
      return 'Sales are closed for this event at the moment: no seats can be held or reserved. Seats already held run out as usual.';
    case 'open':
      return null;
  }
}
