// The box office's part of /api/admin (role admin; api.md "Admin", its Box office part): change,
// close and cancel an event, take seats off sale, its sales figures and attendee list, and find and
// cancel bookings on a customer's behalf. Every call is an event in the history with the admin as actor.
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Reservation, ReservationStatus } from '../api/reservations-api';
import { Seat } from '../api/seats-api';
import { ShowDetail } from '../api/shows-api';

/** Only the fields given change (at least one). */
export interface ChangeEventBody {
  readonly name?: string;
  readonly venue?: string;
  /** ISO-8601 UTC, in the future. */
  readonly startsAt?: string;
}

/** A price category's seats in each state now, and the revenue of its reserved ones. */
export interface CategorySales {
  readonly key: string;
  readonly seats: number;
  readonly available: number;
  readonly locked: number;
  readonly reserved: number;
  readonly blocked: number;
  /** Money, two places. */
  readonly revenue: string;
}

/** One UTC day: seats reserved and cancelled that day, and the money taken net of refunds (may be negative). */
export interface DailySales {
  /** "2026-12-22". */
  readonly date: string;
  readonly reserved: number;
  readonly cancelled: number;
  readonly revenue: string;
}

export interface SalesFigures {
  readonly categories: readonly CategorySales[];
  /** Days without sales are left out. */
  readonly daily: readonly DailySales[];
}

/** A reservation as the box office sees it: with its owner's username. */
export interface BookedReservation extends Reservation {
  readonly username: string;
}

/** Filters, combined; empty ones are left out of the query. */
export interface ReservationFilter {
  readonly eventId?: string;
  readonly username?: string;
  readonly status?: ReservationStatus | '';
}

export interface ReservationPage {
  /** Newest first. */
  readonly reservations: readonly BookedReservation[];
  /** The `from` of the next page; null at the end. */
  readonly next: string | null;
}

/** Reservations per page of the search. */
export const SEARCH_PAGE_SIZE = 20;

const ADMIN = '/api/admin';
const eventPath = (showId: string): string => `${ADMIN}/events/${encodeURIComponent(showId)}`;
const seatPath = (showId: string, seatId: string): string => `${eventPath(showId)}/seats/${encodeURIComponent(seatId)}`;

/** Where the attendee list (CSV) of an event is downloaded from: a plain link, the session cookie goes along. */
export const attendeesUrl = (showId: string): string => `${eventPath(showId)}/attendees.csv`;

@Injectable({ providedIn: 'root' })
export class BoxOfficeApi {
  private readonly http = inject(HttpClient);

  changeEvent(showId: string, body: ChangeEventBody): Observable<ShowDetail> {
    return this.http.patch<{ event: ShowDetail }>(`${eventPath(showId)}/`, body).pipe(map((answer) => answer.event));
  }

  /** `open: false` closes sales (lock, best available and reserve answer 409 sales_closed); true reopens them. */
  setSalesOpen(showId: string, open: boolean): Observable<ShowDetail> {
    return this.http.post<{ event: ShowDetail }>(`${eventPath(showId)}/sales/`, { open }).pipe(map((answer) => answer.event));
  }

  /** For good: every hold ends and every confirmed reservation is cancelled by the organiser, with the reason. */
  cancelEvent(showId: string, reason: string): Observable<ShowDetail> {
    return this.http.post<{ event: ShowDetail }>(`${eventPath(showId)}/cancel/`, { reason }).pipe(map((answer) => answer.event));
  }

  /** Takes a free seat off sale; a held or reserved one: 409 seat_unavailable. */
  blockSeat(showId: string, seatId: string, reason: string): Observable<Seat> {
    return this.http.post<{ seat: Seat }>(`${seatPath(showId, seatId)}/block/`, { reason }).pipe(map((answer) => answer.seat));
  }

  unblockSeat(showId: string, seatId: string): Observable<Seat> {
    return this.http.post<{ seat: Seat }>(`${seatPath(showId, seatId)}/unblock/`, null).pipe(map((answer) => answer.seat));
  }

  sales(showId: string): Observable<SalesFigures> {
    return this.http.get<SalesFigures>(`${eventPath(showId)}/sales/`);
  }

  /** One page of bookings, newest first; `from` is the previous page's `next`. */
  searchReservations(filter: ReservationFilter, from: string | null = null, limit = SEARCH_PAGE_SIZE): Observable<ReservationPage> {
    let params = new HttpParams();
    const username = filter.username?.trim();
    if (filter.eventId) params = params.set('eventId', filter.eventId);
    if (username) params = params.set('username', username);
    if (filter.status) params = params.set('status', filter.status);
    if (from !== null) params = params.set('from', from);
    params = params.set('limit', String(limit));
    return this.http.get<ReservationPage>(`${ADMIN}/reservations/`, { params });
  }

  /** As the owner's cancel, recorded as the box office's (`cancelledBy: "admin"`), with the reason the customer sees. */
  cancelReservation(reservationId: string, reason: string): Observable<Reservation> {
    return this.http
      .post<{ reservation: Reservation }>(`${ADMIN}/reservations/${encodeURIComponent(reservationId)}/cancel/`, { reason })
      .pipe(map((answer) => answer.reservation));
  }
}
