/**
 * Reservations per user. A reservation reads `confirmed` only after its ReservationConfirmed,
 * which the process manager appends after every seat has recorded it; before that it is
 * `pending` and never listed, so no reader sees half a reservation as confirmed.
 */
import { fromCents, toCents } from '@tessera/domain';
import type { Projection } from './projection';

export type ReservationStatus = 'pending' | 'confirmed' | 'failed' | 'cancelled';

export interface ReservationDoc {
  id: string;
  showId: string;
  showName: string;
  userId: string;
  seatIds: string[];
  seats: string[];
  prices: string[];
  totalPrice: string;
  currency: string;
  status: ReservationStatus;
  createdAt: string;
  cancelledAt: string | null;
}

const total = (prices: readonly string[]): string => fromCents(prices.reduce((sum, p) => sum + toCents(p), 0));

export const reservationsProjection: Projection<ReservationDoc> = {
  collection: 'reservations',
  keys(event) {
    switch (event.type) {
      case 'ReservationRequested':
      case 'ReservationConfirmed':
      case 'ReservationFailed':
      case 'ReservationCancelled':
      case 'ReservationSeatReleased':
        return [event.data.reservationId];
      default:
        return [];
    }
  },
  apply(doc, event) {
    switch (event.type) {
      case 'ReservationRequested': {
        const d = event.data;
        return {
          id: d.reservationId,
          showId: d.showId,
          showName: d.showName,
          userId: d.userId,
          seatIds: d.seatIds,
          seats: d.seats,
          prices: d.prices,
          totalPrice: total(d.prices),
          currency: d.currency,
          status: 'pending',
          createdAt: d.requestedAt,
          cancelledAt: null,
        };
      }
      case 'ReservationConfirmed':
        return doc && { ...doc, status: 'confirmed' };
      case 'ReservationFailed':
        return doc && { ...doc, status: 'failed' };
      case 'ReservationCancelled':
        return doc && { ...doc, status: 'cancelled', cancelledAt: event.data.cancelledAt };
      case 'ReservationSeatReleased': {
        if (!doc) return doc;
        const keep = doc.seatIds.map((id, i) => i).filter((i) => doc.seatIds[i] !== event.data.seatId);
        const prices = keep.map((i) => doc.prices[i]);
        const emptied = keep.length === 0;
        return {
          ...doc,
          seatIds: keep.map((i) => doc.seatIds[i]),
          seats: keep.map((i) => doc.seats[i]),
          prices,
          totalPrice: total(prices),
          status: emptied ? 'cancelled' : doc.status,
          cancelledAt: emptied ? event.data.releasedAt : doc.cancelledAt,
        };
      }
      default:
        return doc;
    }
  },
};

/** What a user sees in their list: attempts that failed or are still in flight are not reservations. */
export const isVisibleReservation = (doc: ReservationDoc): boolean => doc.status === 'confirmed' || doc.status === 'cancelled';
