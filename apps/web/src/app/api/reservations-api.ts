// /api/events/{id}/reserve and /api/reservations.
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

export type ReservationStatus = 'confirmed' | 'cancelled';

/** Who cancelled a reservation: its owner, the box office on their behalf, or the organiser with the event. */
export type CancelledBy = 'owner' | 'admin' | 'organiser';

export interface Reservation {
  readonly id: string;
  readonly eventId: string;
  readonly eventName: string;
  /** The event's start and venue as they are now. */
  readonly eventStartsAt: string;
  readonly venue: string;
  readonly seatIds: readonly string[];
  readonly seats: readonly string[];
  readonly totalPrice: string;
  readonly currency: string;
  readonly status: ReservationStatus;
  readonly createdAt: string;
  readonly cancelledAt?: string | null;
  /** On cancelled ones. */
  readonly cancelledBy?: CancelledBy;
  /** The box office's or the organiser's reason, when they cancelled it. */
  readonly reason?: string;
}

interface ReservationBody {
  readonly reservation: Reservation;
}

@Injectable({ providedIn: 'root' })
export class ReservationsApi {
  private readonly http = inject(HttpClient);

  /** `idempotencyKey` is one UUID per attempt, so that a retried request cannot reserve twice. */
  reserve(showId: string, seatIds: readonly string[], idempotencyKey: string): Observable<Reservation> {
    return this.http
      .post<ReservationBody>(
        `/api/events/${encodeURIComponent(showId)}/reserve/`,
        { seatIds },
        { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
      )
      .pipe(map((body) => body.reservation));
  }

  /** The caller's own reservations, newest first, cancelled ones included. */
  list(): Observable<readonly Reservation[]> {
    return this.http.get<{ reservations: Reservation[] }>('/api/reservations/').pipe(map((body) => body.reservations));
  }

  cancel(reservationId: string): Observable<Reservation> {
    return this.http
      .post<ReservationBody>(`/api/reservations/${encodeURIComponent(reservationId)}/cancel/`, null)
      .pipe(map((body) => body.reservation));
  }
}
