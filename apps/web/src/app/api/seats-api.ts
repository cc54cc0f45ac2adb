// /api/events/{id}/seats: the seat grid (polled with If-None-Match) and seat locks.
import { HttpClient, HttpErrorResponse, HttpHeaders, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, of, throwError } from 'rxjs';

/** `blocked`: taken off sale by the box office (api.md "Box office"). */
export type SeatStatus = 'available' | 'locked' | 'reserved' | 'blocked';

export interface Seat {
  readonly id: string;
  readonly label: string;
  /** The section's key. */
  readonly section: string;
  readonly row: string;
  readonly number: number;
  /** The price category's key. */
  readonly category: string;
  readonly price: string;
  /** A wheelchair place. */
  readonly accessible: boolean;
  readonly status: SeatStatus;
  readonly lockedBy: string | null;
  readonly lockedUntil: string | null;
  readonly mine: boolean;
}

export interface SeatGridSnapshot {
  readonly eventId: string;
  readonly serverTime: string;
  readonly seats: readonly Seat[];
}

/** One poll's outcome: new seats with their ETag, or "nothing changed" (304). */
export type SeatGridAnswer =
  | { readonly changed: true; readonly snapshot: SeatGridSnapshot; readonly etag: string | null; readonly date: string | null }
  | { readonly changed: false; readonly etag: string | null; readonly date: string | null };

@Injectable({ providedIn: 'root' })
export class SeatsApi {
  private readonly http = inject(HttpClient);

  /**
   * Reads the grid; with `etag` the server may answer 304. HttpClient reports a 304 as an error
   * (it only calls 2xx a success), so it is turned back into an "unchanged" answer here.
   */
  grid(showId: string, etag: string | null): Observable<SeatGridAnswer> {
    const headers = etag ? new HttpHeaders({ 'If-None-Match': etag }) : undefined;
    return this.http
      .get<SeatGridSnapshot>(`${seatsPath(showId)}/`, { headers, observe: 'response' })
      .pipe(
        map((response: HttpResponse<SeatGridSnapshot>): SeatGridAnswer => {
          if (response.status === 304 || response.body === null) {
            return { changed: false, etag: response.headers.get('ETag') ?? etag, date: response.headers.get('Date') };
          }
          return {
            changed: true,
            snapshot: response.body,
            etag: response.headers.get('ETag'),
            date: response.headers.get('Date'),
          };
        }),
        catchError((error: unknown) => {
          if (error instanceof HttpErrorResponse && error.status === 304) {
            return of<SeatGridAnswer>({ changed: false, etag: error.headers.get('ETag') ?? etag, date: error.headers.get('Date') });
          }
          return throwError(() => error);
        }),
      );
  }

  lock(showId: string, seatId: string): Observable<Seat> {
    return this.http
      .post<{ seat: Seat }>(`${seatsPath(showId)}/${encodeURIComponent(seatId)}/lock/`, null)
      .pipe(map((body) => body.seat));
  }

  unlock(showId: string, seatId: string): Observable<Seat> {
    return this.http
      .post<{ seat: Seat }>(`${seatsPath(showId)}/${encodeURIComponent(seatId)}/unlock/`, null)
      .pipe(map((body) => body.seat));
  }
}

/** What a buyer asks best available for (api.md "Best available and more time"). */
export interface BestAvailableRequest {
  readonly count: number;
  readonly category?: string;
  /** How many of the seats are wheelchair places. */
  readonly accessible?: number;
}

@Injectable({ providedIn: 'root' })
export class HoldsApi {
  private readonly http = inject(HttpClient);

  /** The server chooses the seats and holds them for the caller; 409 not_enough_seats when none suit. */
  bestAvailable(showId: string, request: BestAvailableRequest): Observable<{ seats: readonly Seat[]; together: boolean }> {
    return this.http.post<{ seats: Seat[]; together: boolean }>(`${eventPath(showId)}/best-available/`, request);
  }

  /** More time on every seat the caller holds in the event; 409 hold_cap_reached at the ceiling. */
  extend(showId: string): Observable<readonly Seat[]> {
    return this.http.post<{ seats: Seat[] }>(`${eventPath(showId)}/holds/extend/`, null).pipe(map((body) => body.seats));
  }
}

const eventPath = (showId: string): string => `/api/events/${encodeURIComponent(showId)}`;

function seatsPath(showId: string): string {
  return `/api/events/${encodeURIComponent(showId)}/seats`;
}
