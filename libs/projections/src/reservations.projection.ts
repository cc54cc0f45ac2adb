/**
 * Reservations per user. A reservation reads `confirmed` only after its ReservationConfirmed,
 * which the process manager appends after every seat has recorded it; before that it is
 * `pending` and never listed, so no reader sees half a reservation as confirmed.
 */
import { fromCents, toCents, type CancelledBy } from '@tessera/domain';
import type { Projection } from './projection';

export type ReservationStatus = 'pending' | 'confirmed' | 'failed' | 'cancelled';

export interface ReservationDoc {
  id: string;
  showId: string;
  showName: string;
  userId: string;
  /** The owner's username (the box office searches by it). */
  username: string;
  seatIds: string[];
  seats: string[];
  prices: string[];
  totalPrice: string;
  currency: string;
  status: ReservationStatus;
  createdAt: string;
  cancelledAt: string | null;
  cancelledBy: CancelledBy | null;
  reason: string | null;
  /** Seats and total as first reserved (seatIds and totalPrice shrink when an admin takes seats out): the sales figures' "reserved". */
  bookedSeats: number;
  bookedTotal: string;
  /** Each time seats left the reservation after it was confirmed (a cancellation, an admin's release): the sales figures' "cancelled". */
  refunds: { at: string; seats: number; amount: string }[];
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
          username: d.username,
          seatIds: d.seatIds,
          seats: d.seats,
          prices: d.prices,
          totalPrice: total(d.prices),
          currency: d.currency,
          status: 'pending',
          createdAt: d.requestedAt,
          cancelledAt: null,
          cancelledBy: null,
          reason: null,
          bookedSeats: d.seatIds.length,
          bookedTotal: total(d.prices),
          refunds: [],
        };
      }
      case 'ReservationConfirmed':
        return doc && { ...doc, status: 'confirmed' };
      case 'ReservationFailed':
        return doc && { ...doc, status: 'failed' };
      case 'ReservationCancelled': {
        if (!doc) return doc;
        const { cancelledAt, cancelledBy, reason } = event.data;
        const refund = { at: cancelledAt, seats: doc.seatIds.length, amount: doc.totalPrice };
        return { ...doc, status: 'cancelled', cancelledAt, cancelledBy, reason: reason ?? null, refunds: [...(doc.refunds ?? []), refund] };
      }
      case 'ReservationSeatReleased': {
        if (!doc) return doc;
        const leaving = doc.seatIds.indexOf(event.data.seatId);
        if (leaving < 0) return doc;
        const keep = doc.seatIds.map((id, i) => i).filter((i) => i !== leaving);
        const prices = keep.map((i) => doc.prices[i]);
        const emptied = keep.length === 0 && doc.status !== 'cancelled';
        // Seats of a pending attempt were never sold: only a confirmed reservation's count as refunded.
        const refunds = doc.status === 'confirmed' ? [...(doc.refunds ?? []), { at: event.data.releasedAt, seats: 1, amount: doc.prices[leaving] }] : doc.refunds;
        return {
          ...doc,
          seatIds: keep.map((i) => doc.seatIds[i]),
          seats: keep.map((i) => doc.seats[i]),
          prices,
          totalPrice: total(prices),
          status: emptied ? 'cancelled' : doc.status,
          cancelledAt: emptied ? event.data.releasedAt : doc.cancelledAt,
          cancelledBy: emptied ? 'admin' : doc.cancelledBy,
          refunds,
        };
      }
      default:
        return doc;
    }
  },
};

/** What a user sees in their list: attempts that failed or are still in flight are not reservations. */
export const isVisibleReservation = (doc: ReservationDoc): boolean => doc.status === 'confirmed' || doc.status === 'cancelled';
