/**
 * The event list: one document per show with its seat counts. Live locks are kept with their end
 * time so that the available count is computed at read time (availableCount).
 */
import { seatsOf, type SeatRow } from '@tessera/domain';
import type { Projection } from './projection';

export interface ShowDoc {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  currency: string;
  rows: SeatRow[];
  seatCount: number;
  reservedCount: number;
  /** seatId -> lockedUntil, for seats whose last recorded state is a lock. */
  locks: Record<string, string>;
}

export const showsProjection: Projection<ShowDoc> = {
  collection: 'shows',
  keys(event) {
    switch (event.type) {
      case 'ShowScheduled':
      case 'SeatLocked':
      case 'SeatReleased':
      case 'SeatsReserved':
        return [event.data.showId];
      default:
        return [];
    }
  },
  apply(doc, event) {
    switch (event.type) {
      case 'ShowScheduled': {
        const { showId, name, venue, startsAt, currency, rows } = event.data;
        return { id: showId, name, venue, startsAt, currency, rows, seatCount: seatsOf(rows).length, reservedCount: 0, locks: {} };
      }
      case 'SeatLocked':
        return doc && { ...doc, locks: { ...doc.locks, [event.data.seatId]: event.data.lockedUntil } };
      case 'SeatReleased': {
        if (!doc) return doc;
        const { [event.data.seatId]: _released, ...locks } = doc.locks;
        const wasReserved = event.data.reservationId !== undefined && _released === undefined;
        return { ...doc, locks, reservedCount: doc.reservedCount - (wasReserved ? 1 : 0) };
      }
      case 'SeatsReserved': {
        if (!doc) return doc;
        const { [event.data.seatId]: _reserved, ...locks } = doc.locks;
        return { ...doc, locks, reservedCount: doc.reservedCount + 1 };
      }
      default:
        return doc;
    }
  },
};

/** Seats neither reserved nor under a live lock at `now`. */
export function availableCount(doc: ShowDoc, now: Date): number {
  const liveLocks = Object.values(doc.locks).filter((until) => Date.parse(until) > now.getTime()).length;
  return doc.seatCount - doc.reservedCount - liveLocks;
}
