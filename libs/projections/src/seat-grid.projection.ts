/**
 * The seat grid: one document per seat, as recorded. Whether a lock is still live is decided at
 * read time (seatStatus), so a sweeper that lags never shows a stale lock.
 */
import { seatsOf, type SeatLayoutEntry, type ShowScheduled } from '@tessera/domain';
import type { Projection, ProjectedEvent } from './projection';

export interface SeatDoc {
  showId: string;
  seatId: string;
  label: string;
  /** The section's key (`main` in a simple-form show). */
  section: string;
  row: string;
  number: number;
  /** The price category's key. */
  category: string;
  /** A wheelchair place. */
  accessible: boolean;
  /** Position of the seat in the show's layout, for ordering. */
  index: number;
  price: string;
  state: 'free' | 'locked' | 'reserved' | 'blocked';
  holderId: string | null;
  holderName: string | null;
  lockedUntil: string | null;
  reservationId: string | null;
}

export const seatDocId = (showId: string, seatId: string): string => `${showId}/${seatId}`;

/**
 * The layout of a show by seat document id, computed once per ShowScheduled event (the event is
 * applied to each of its seats: a 100 x 100 show would otherwise cost 10,000 scans of 10,000 seats).
 */
const layouts = new WeakMap<object, Map<string, { seat: SeatLayoutEntry; index: number }>>();
function layoutOf(show: ShowScheduled['data']): Map<string, { seat: SeatLayoutEntry; index: number }> {
  let layout = layouts.get(show);
  if (!layout) {
    layout = new Map(seatsOf(show.layout).map((seat, index) => [seatDocId(show.showId, seat.seatId), { seat, index }]));
    layouts.set(show, layout);
  }
  return layout;
}

export const seatGridProjection: Projection<SeatDoc> = {
  collection: 'seats',
  keys(event: ProjectedEvent): string[] {
    switch (event.type) {
      case 'ShowScheduled':
        return seatsOf(event.data.layout).map((s) => seatDocId(event.data.showId, s.seatId));
      case 'SeatLocked':
      case 'SeatLockExtended':
      case 'SeatReleased':
      case 'SeatsReserved':
      case 'SeatBlocked':
      case 'SeatUnblocked':
        return [seatDocId(event.data.showId, event.data.seatId)];
      default:
        return [];
    }
  },
  apply(doc, event, key) {
    switch (event.type) {
      case 'ShowScheduled': {
        const { seat, index } = layoutOf(event.data).get(key)!;
        return {
          showId: event.data.showId,
          seatId: seat.seatId,
          label: seat.label,
          section: seat.section,
          row: seat.row,
          number: seat.number,
          category: seat.category,
          accessible: seat.accessible,
          index,
          price: seat.price,
          state: 'free',
          holderId: null,
          holderName: null,
          lockedUntil: null,
          reservationId: null,
        };
      }
      case 'SeatLocked':
        return doc && { ...doc, state: 'locked', holderId: event.data.userId, holderName: event.data.username, lockedUntil: event.data.lockedUntil, reservationId: null };
      case 'SeatLockExtended':
        return doc && doc.state === 'locked' && doc.holderId === event.data.userId ? { ...doc, lockedUntil: event.data.lockedUntil } : doc;
      case 'SeatReleased':
        return doc && { ...doc, state: 'free', holderId: null, holderName: null, lockedUntil: null, reservationId: null };
      case 'SeatsReserved':
        return doc && { ...doc, state: 'reserved', holderId: event.data.userId, holderName: event.data.username, lockedUntil: null, reservationId: event.data.reservationId };
      case 'SeatBlocked':
        return doc && { ...doc, state: 'blocked', holderId: null, holderName: null, lockedUntil: null, reservationId: null };
      case 'SeatUnblocked':
        return doc && doc.state === 'blocked' ? { ...doc, state: 'free' } : doc;
      default:
        return doc;
    }
  },
};

export type SeatStatus = 'available' | 'locked' | 'reserved' | 'blocked';

/** The status a reader sees at `now`: a lock whose time has passed reads available. */
export function seatStatus(doc: SeatDoc, now: Date): SeatStatus {
  if (doc.state === 'locked' && doc.lockedUntil !== null && Date.parse(doc.lockedUntil) > now.getTime()) return 'locked';
  return doc.state === 'reserved' || doc.state === 'blocked' ? doc.state : 'available';
}

/** Seats neither reserved, blocked nor under a live lock at `now`. */
export const availableCount = (seats: readonly SeatDoc[], now: Date): number => seats.filter((s) => seatStatus(s, now) === 'available').length;
