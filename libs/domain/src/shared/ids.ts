/**
 * Stream names, built in exactly one place per aggregate. Call sites never concatenate.
 * "Show" is what the HTTP contract and the UI call an "event"; in code "event" always means a
 * domain event (docs/glossary.md).
 */
export const seatStream = (showId: string, seatId: string): string => `seat-${showId}-${seatId}`;
export const showStream = (showId: string): string => `show-${showId}`;
export const reservationStream = (reservationId: string): string => `reservation-${reservationId}`;
export const userStream = (userId: string): string => `user-${userId}`;
