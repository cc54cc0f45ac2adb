/** A reservation as the HTTP contract shows it (api.md); `cancelledAt`, `cancelledBy` and `reason` only on cancelled ones. */
import type { CancelledBy, ReservationSummary } from '@tessera/domain';
import type { ReservationDoc, ShowDoc } from '@tessera/projections';
import type { ReadStore } from '../read-store/read-store.port';

export interface ReservationView {
  id: string;
  eventId: string;
  eventName: string;
  /** The event's start and venue as they are now (an admin's change shows), not as when it was reserved. */
  eventStartsAt: string;
  venue: string;
  seatIds: string[];
  seats: string[];
  totalPrice: string;
  currency: string;
  status: 'confirmed' | 'cancelled';
  createdAt: string;
  cancelledAt?: string;
  /** On cancelled ones: who cancelled (the owner, the box office, or the organiser with the event). */
  cancelledBy?: CancelledBy;
  /** The box office's or organiser's reason. */
  reason?: string;
}

type Reservation = ReservationSummary | ReservationDoc;

function reservationView(r: Reservation, show: Pick<ShowDoc, 'name' | 'startsAt' | 'venue'> | undefined): ReservationView {
  const view: ReservationView = {
    id: r.id,
    eventId: r.showId,
    eventName: show?.name ?? r.showName,
    eventStartsAt: show?.startsAt ?? '',
    venue: show?.venue ?? '',
    seatIds: r.seatIds,
    seats: r.seats,
    totalPrice: r.totalPrice,
    currency: r.currency,
    status: r.status === 'cancelled' ? 'cancelled' : 'confirmed',
    createdAt: r.createdAt,
  };
  if (r.status === 'cancelled' && r.cancelledAt) view.cancelledAt = r.cancelledAt;
  if (r.status === 'cancelled') {
    // A reservation projected before the box office existed was cancelled by its owner.
    view.cancelledBy = r.cancelledBy ?? 'owner';
    if (r.reason) view.reason = r.reason;
  }
  return view;
}

/** The views of reservations, each with its event as the event list has it now (one read for all). */
export async function reservationViews(store: ReadStore, reservations: readonly Reservation[]): Promise<ReservationView[]> {
  const shows = await store.getMany<ShowDoc>('shows', [...new Set(reservations.map((r) => r.showId))]);
  return reservations.map((r) => reservationView(r, shows.get(r.showId)?.doc));
}
