// Route /events: the shows on sale, soonest first, each linking to its seat map.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatMoney } from '../api/money';
import { problemSentence, toProblem } from '../api/problem';
import { SALE_STATE_WORDS, ShowSummary, ShowsApi, saleState } from '../api/shows-api';

@Component({
  selector: 'app-show-list',
  imports: [DatePipe, RouterLink],
  templateUrl: './show-list.html',
  styleUrls: ['../admin/event-state.css', './show-list.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShowList {
  protected readonly shows = signal<readonly ShowSummary[] | null>(null);
  protected readonly error = signal<string | null>(null);
  /** "Cancelled" or "Sales closed" beside an event not on sale. */
  protected readonly saleState = saleState;
  protected readonly stateWords = SALE_STATE_WORDS;

  /** "From 45.00 EUR": the lowest category price. */
  protected priceFrom(show: ShowSummary): string {
    return formatMoney(show.priceFrom, show.currency);
  }

  constructor() {
    inject(ShowsApi)
      .list()
      .subscribe({
        next: (shows) => this.shows.set(shows),
        error: (error: unknown) => this.error.set(problemSentence(toProblem(error))),
      });
  }
}
