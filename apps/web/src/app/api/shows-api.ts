// /api/events: the shows on sale. In TypeScript a show is a `Show`; "event" stays the word of
// the HTTP paths and of the UI, as in the API contract.
import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

export interface ShowSummary {
  readonly id: string;
  readonly name: string;
  readonly venue: string;
  readonly startsAt: string;
  readonly currency: string;
  readonly seatCount: number;
  readonly availableCount: number;
}

export interface SeatRowSpec {
  readonly label: string;
  readonly seats: number;
  readonly price: string;
}

export interface ShowDetail extends ShowSummary {
  readonly rows: readonly SeatRowSpec[];
}

@Injectable({ providedIn: 'root' })
export class ShowsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<readonly ShowSummary[]> {
    return this.http.get<{ events: ShowSummary[] }>('/api/events/').pipe(map((body) => body.events));
  }

  get(showId: string): Observable<ShowDetail> {
    return this.http
      .get<{ event: ShowDetail }>(`/api/events/${encodeURIComponent(showId)}/`)
      .pipe(map((body) => body.event));
  }
}
