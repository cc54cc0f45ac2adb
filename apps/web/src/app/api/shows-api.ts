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
  /** The lowest category price. */
  readonly priceFrom: string;
}

/** A row of a simple-form event: seats A1 to A12 at one price. */
export interface SeatRowSpec {
  readonly label: string;
  readonly seats: number;
  readonly price: string;
}

export interface CategorySpec {
  readonly key: string;
  readonly name: string;
  readonly price: string;
  /** Seats of the category bookable when the event was read. */
  readonly available: number;
}

export interface LayoutRowSpec {
  readonly label: string;
  readonly seats: number;
  readonly firstNumber: number;
  readonly category: string;
  /** Seat numbers after which an aisle runs. */
  readonly aislesAfter: readonly number[];
  /** Seat numbers that are wheelchair places. */
  readonly accessible: readonly number[];
}

export interface SectionSpec {
  readonly key: string;
  readonly name: string;
  /** Front (nearest the stage) first. */
  readonly rows: readonly LayoutRowSpec[];
}

/** An event with its layout (api.md "Venue layouts"); `rows` only for simple-form events. */
export interface ShowDetail extends ShowSummary {
  readonly categories: readonly CategorySpec[];
  readonly sections: readonly SectionSpec[];
  readonly rows?: readonly SeatRowSpec[];
}

/** A layout event is one described with sections; a simple-form one answers its rows too. */
export const isLayoutEvent = (show: Pick<ShowDetail, 'rows'>): boolean => show.rows === undefined;

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
