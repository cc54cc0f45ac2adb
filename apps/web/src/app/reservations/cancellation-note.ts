// Who cancelled a reservation and why, in the customer's words (ui.md "Box office"): a cancellation
// by the box office or the organiser says so with its reason; the owner's own needs no note.
import { Reservation } from '../api/reservations-api';

const BY: Readonly<Record<'admin' | 'organiser', string>> = { admin: 'the box office', organiser: 'the organiser' };

/** "Cancelled by the box office: Double booking", "Cancelled by the organiser: The artist is ill"; null otherwise. */
export function cancellationNote(reservation: Pick<Reservation, 'status' | 'cancelledBy' | 'reason'>): string | null {
  if (reservation.status !== 'cancelled') return null;
  const by = reservation.cancelledBy;
  if (by !== 'admin' && by !== 'organiser') return null;
  const reason = reservation.reason?.trim();
  return reason ? `Cancelled by ${BY[by]}: ${reason}` : `Cancelled by ${BY[by]}.`;
}
