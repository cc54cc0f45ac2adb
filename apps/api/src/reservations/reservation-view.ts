/** A reservation as the HTTP contract shows it (api.md); `cancelledAt` only on cancelled ones. */
import type { ReservationSummary } from '@tessera/domain';
import type { ReservationDoc } from '@tessera/projections';

export interface ReservationView {
  id: string;
  eventId: string;
  eventName: string;
  seatIds: string[];
  seats: string[];
  totalPrice: string;
  currency: string;
  status: 'confirmed' | 'cancelled';
  createdAt: string;
  cancelledAt?: string;
}

export function reservationView(r: ReservationSummary | ReservationDoc): ReservationView {
  const view: ReservationView = {
    id: r.id,
    eventId: r.showId,
    eventName: r.showName,
    seatIds: r.seatIds,
    seats: r.seats,
    totalPrice: r.totalPrice,
    currency: r.currency,
    status: r.status === 'cancelled' ? 'cancelled' : 'confirmed',
    createdAt: r.createdAt,
  };
  if (r.status === 'cancelled' && r.cancelledAt) view.cancelledAt = r.cancelledAt;
  return view;
}
