// Route /audit (role auditor or admin): the log, a seat's timeline, the grid over time, verify.
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { ShowSummary, ShowsApi } from '../api/shows-api';
import { LogBrowser } from './log-browser';
import { SeatRef, SeatTimeline } from './seat-timeline';
import { TimeTravel } from './time-travel';
import { VerifyPanel } from './verify-panel';

@Component({
  selector: 'app-audit-page',
  imports: [LogBrowser, SeatTimeline, TimeTravel, VerifyPanel],
  templateUrl: './audit-page.html',
  styleUrl: '../layout/tool-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  protected readonly shows = signal<readonly ShowSummary[]>([]);
  protected readonly showsError = signal(false);
  /** A seat picked on the time slider's map, shown in the timeline. */
  protected readonly timelineSeat = signal<SeatRef | null>(null);
  private readonly timelineHeading = viewChild.required<ElementRef<HTMLElement>>('timelineHeading');

  constructor() {
    inject(ShowsApi)
      .list()
      .subscribe({ next: (shows) => this.shows.set(shows), error: () => this.showsError.set(true) });
  }

  protected showTimeline(seat: SeatRef): void {
    this.timelineSeat.set({ ...seat });
    // Like following a link: the person (mouse or keyboard) is taken to the timeline.
    this.timelineHeading().nativeElement.focus();
  }
}
