// The box office's bookings (ui.md "Box office"): find reservations by event, username and status,
// newest first, a page at a time ("More"); cancel a confirmed one on the customer's behalf, with a
// reason they will see and a confirmation; and the chosen event's attendee list as a CSV download.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { formatMoney } from '../api/money';
import { problemSentence, toProblem } from '../api/problem';
import { ReservationStatus } from '../api/reservations-api';
import { ShowSummary } from '../api/shows-api';
import { cancellationNote } from '../reservations/cancellation-note';
import { BookedReservation, BoxOfficeApi, ReservationFilter, attendeesUrl } from './box-office-api';
import { ReasonPrompt } from './reason-prompt';

@Component({
  selector: 'app-reservation-search',
  imports: [DatePipe, ReasonPrompt],
  templateUrl: './reservation-search.html',
  styleUrls: ['./admin-forms.css', './reservation-search.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReservationSearch {
  private readonly api = inject(BoxOfficeApi);
  private readonly injector = inject(Injector);
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

  readonly shows = input<readonly ShowSummary[]>([]);

  protected readonly eventId = signal('');
  protected readonly username = signal('');
  protected readonly status = signal<ReservationStatus | ''>('');
  protected readonly attendeesUrl = computed(() => (this.eventId() ? attendeesUrl(this.eventId()) : null));
  protected readonly chosenEventName = computed(() => this.shows().find((show) => show.id === this.eventId())?.name ?? null);

  /** null before the first search. */
  protected readonly results = signal<readonly BookedReservation[] | null>(null);
  private readonly next = signal<string | null>(null);
  protected readonly hasMore = computed(() => this.next() !== null);
  /** The filter of the list shown: "More" goes on with it, whatever the form says since. */
  private searched: ReservationFilter = {};
  protected readonly searching = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly searchError = signal<string | null>(null);
  /** What the list shows, for the live region: "3 reservations found." */
  protected readonly summary = signal<string | null>(null);

  /** The reservation whose "Cancel for customer" prompt is open. */
  protected readonly cancellingId = signal<string | null>(null);
  protected readonly cancelBusy = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly cancellationNote = cancellationNote;

  protected setText(field: 'eventId' | 'username', event: Event): void {
    this[field].set((event.target as HTMLInputElement | HTMLSelectElement).value);
  }

  protected setStatus(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status.set(value === 'confirmed' || value === 'cancelled' ? value : '');
  }

  protected async search(event: Event): Promise<void> {
    event.preventDefault();
    if (this.searching()) return;
    const filter: ReservationFilter = { eventId: this.eventId(), username: this.username(), status: this.status() };
    this.searching.set(true);
    this.searchError.set(null);
    this.notice.set(null);
    this.cancellingId.set(null);
    try {
      const page = await firstValueFrom(this.api.searchReservations(filter));
      this.searched = filter;
      this.results.set(page.reservations);
      this.next.set(page.next);
      this.summary.set(resultsSummary(page.reservations.length, page.next !== null));
    } catch (error: unknown) {
      this.searchError.set(problemSentence(toProblem(error)));
    } finally {
      this.searching.set(false);
    }
  }

  /** The next page, appended; the focus goes to the first reservation it brought. */
  protected async more(): Promise<void> {
    const from = this.next();
    if (from === null || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.searchError.set(null);
    try {
      const page = await firstValueFrom(this.api.searchReservations(this.searched, from));
      const before = this.results() ?? [];
      // A booking made between two pages may push one into both: each is shown once.
      const known = new Set(before.map((r) => r.id));
      const added = page.reservations.filter((r) => !known.has(r.id));
      const all = [...before, ...added];
      this.results.set(all);
      this.next.set(page.next);
      this.summary.set(resultsSummary(all.length, page.next !== null));
      if (added.length) this.focus(`#booking-${added[0].id}-title`);
    } catch (error: unknown) {
      this.searchError.set(problemSentence(toProblem(error)));
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected askToCancel(reservation: BookedReservation): void {
    this.notice.set(null);
    this.cancelError.set(null);
    this.cancellingId.set(reservation.id);
  }

  protected keep(reservation: BookedReservation): void {
    this.cancellingId.set(null);
    this.focus(`#booking-${reservation.id}-cancel`);
  }

  protected async cancel(reservation: BookedReservation, reason: string): Promise<void> {
    if (this.cancelBusy()) return;
    this.cancelBusy.set(true);
    this.cancelError.set(null);
    try {
      const cancelled = await firstValueFrom(this.api.cancelReservation(reservation.id, reason));
      this.replace({ ...reservation, ...cancelled, username: reservation.username });
      this.cancellingId.set(null);
      this.notice.set(`Cancelled ${reservation.username}'s reservation of ${reservation.seats.join(', ')} for ${reservation.eventName}. The seats are on sale again.`);
      this.focus(`#booking-${reservation.id}-title`);
    } catch (error: unknown) {
      const problem = toProblem(error);
      if (problem.code === 'already_cancelled') {
        // Someone (the customer, another admin) was first: the list says so, and the prompt goes.
        this.replace({ ...reservation, status: 'cancelled' });
        this.cancellingId.set(null);
        this.notice.set(problemSentence(problem));
        this.focus(`#booking-${reservation.id}-title`);
      } else {
        this.cancelError.set(problemSentence(problem));
      }
    } finally {
      this.cancelBusy.set(false);
    }
  }

  protected seatList(reservation: BookedReservation): string {
    return reservation.seats.join(', ');
  }

  protected total(reservation: BookedReservation): string {
    return formatMoney(reservation.totalPrice, reservation.currency);
  }

  private replace(updated: BookedReservation): void {
    this.results.update((list) => list?.map((item) => (item.id === updated.id ? updated : item)) ?? null);
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

/** "No reservations match.", "1 reservation found.", "20 reservations shown, newest first; More shows older ones." */
export function resultsSummary(count: number, more: boolean): string {
  if (count === 0) return 'No reservations match.';
  const noun = count === 1 ? 'reservation' : 'reservations';
  return more ? `${count} ${noun} shown, newest first; More shows older ones.` : `${count} ${noun} found.`;
}
