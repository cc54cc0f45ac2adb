// Route /admin (role admin): the events (each opens its box office page, /admin/events/:id),
// reservations found and cancelled on a customer's behalf, create events, users and roles, release
// a seat, rebuild the read models.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemSentence, toProblem } from '../api/problem';
import { SALE_STATE_WORDS, ShowSummary, ShowsApi, saleState } from '../api/shows-api';
import { CreateEvent } from './create-event';
import { RebuildPanel } from './rebuild-panel';
import { ReleaseSeat } from './release-seat';
import { ReservationSearch } from './reservation-search';
import { UsersAdmin } from './users-admin';

@Component({
  selector: 'app-admin-page',
  imports: [DatePipe, RouterLink, CreateEvent, UsersAdmin, ReleaseSeat, RebuildPanel, ReservationSearch],
  templateUrl: './admin-page.html',
  styleUrls: ['../layout/tool-page.css', './event-state.css', './admin-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage {
  private readonly showsApi = inject(ShowsApi);

  /** Every event, cancelled ones included; refreshed when an event is created. */
  protected readonly shows = signal<readonly ShowSummary[]>([]);
  protected readonly showsLoaded = signal(false);
  protected readonly showsError = signal<string | null>(null);
  protected readonly saleState = saleState;
  protected readonly stateWords = SALE_STATE_WORDS;

  constructor() {
    this.loadShows();
  }

  protected loadShows(): void {
    this.showsApi.list().subscribe({
      next: (shows) => {
        this.shows.set(shows);
        this.showsLoaded.set(true);
        this.showsError.set(null);
      },
      error: (error: unknown) => this.showsError.set(problemSentence(toProblem(error))),
    });
  }
}
