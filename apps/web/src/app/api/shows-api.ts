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
  /** A cancelled event stays listed (api.md "Box office"). */
  readonly status: ShowStatus;
  /** False while the box office has closed sales (and once cancelled). */
  readonly salesOpen: boolean;
}

export type ShowStatus = 'scheduled' | 'cancelled';

/** Whether seats of an event can be bought now: cancelled for good, sales closed for a while, or open. */
export type SaleState = 'open' | 'closed' | 'cancelled';

/** Read defensively: a field missing (a server before the box office) means a scheduled event on sale. */
export function saleState(show: Pick<ShowSummary, 'status' | 'salesOpen'>): SaleState {
  if (show.status === 'cancelled') return 'cancelled';
  return show.salesOpen === false ? 'closed' : 'open';
}

/** The words the event list and the admin pages show for it: "Sales open", "Sales closed", "Cancelled". */
export const SALE_STATE_WORDS: Readonly<Record<SaleState, string>> = { open: 'Sales open', closed: 'Sales closed', cancelled: 'Cancelled' };

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
