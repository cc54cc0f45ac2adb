// Route /events: the shows on sale, soonest first, each linking to its seat map.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemSentence, toProblem } from '../api/problem';
import { ShowSummary, ShowsApi } from '../api/shows-api';

@Component({
  selector: 'app-show-list',
  imports: [DatePipe, RouterLink],
  templateUrl: './show-list.html',
  styleUrl: './show-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShowList {
  protected readonly shows = signal<readonly ShowSummary[] | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    inject(ShowsApi)
      .list()
      .subscribe({
        next: (shows) => this.shows.set(shows),
        error: (error: unknown) => this.error.set(problemSentence(toProblem(error))),
      });
  }
}
