// Route /admin/events/:id (role admin): the box office's page of one event (ui.md "Box office"):
// its details, its sales open or closed, seats off sale on its map, its sales chart and attendee
// list, and cancelling it for good. Once cancelled, only what still applies is left: the figures
// and the attendee list.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, OnInit, afterNextRender, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { Problem, problemSentence, toProblem } from '../../api/problem';
import { SALE_STATE_WORDS, ShowDetail, ShowsApi, saleState } from '../../api/shows-api';
import { BoxOfficeApi, attendeesUrl } from '../box-office-api';
import { ReasonPrompt } from '../reason-prompt';
import { EventDetailsForm } from './event-details-form';
import { SalesChart } from './sales-chart';
import { SeatBlocking } from './seat-blocking';

@Component({
  selector: 'app-admin-event-page',
  imports: [DatePipe, RouterLink, EventDetailsForm, SeatBlocking, SalesChart, ReasonPrompt],
  templateUrl: './admin-event-page.html',
  styleUrls: ['../../layout/tool-page.css', '../event-state.css', './admin-event-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminEventPage implements OnInit {
  private readonly showsApi = inject(ShowsApi);
  private readonly api = inject(BoxOfficeApi);
  private readonly injector = inject(Injector);
  private readonly stateLine = viewChild<ElementRef<HTMLElement>>('stateLine');
  private readonly cancelButton = viewChild<ElementRef<HTMLButtonElement>>('cancelButton');

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly show = signal<ShowDetail | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly state = computed(() => {
    const show = this.show();
    return show ? saleState(show) : null;
  });
  protected readonly stateWords = SALE_STATE_WORDS;
  protected readonly attendeesUrl = computed(() => attendeesUrl(this.id()));
  /** This page's path, for its in-page links (plain fragment links, as the admin and audit pages have). */
  protected readonly here = computed(() => `/admin/events/${encodeURIComponent(this.id())}`);

  /** What the last change of the event itself did (details, sales, cancel): the page's live region. */
  protected readonly notice = signal<string | null>(null);
  protected readonly salesBusy = signal(false);
  protected readonly salesError = signal<string | null>(null);
  protected readonly cancelling = signal(false);
  protected readonly cancelBusy = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  /** Bumped when something changed that the sales figures count. */
  protected readonly figuresVersion = signal(0);

  constructor() {
    const title = inject(Title);
    effect(() => {
      const show = this.show();
      if (show) title.setTitle(`${show.name} · Admin · Tessera`);
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  protected detailsSaved(show: ShowDetail): void {
    this.show.set(show);
    this.notice.set(null);
  }

  /** Any refusal: a cancellation made meanwhile (by another admin) shows at once. */
  protected refused(problem: Problem): void {
    if (problem.code === 'event_cancelled') void this.load();
  }

  protected seatsChanged(): void {
    this.figuresVersion.update((n) => n + 1);
  }

  protected async setSalesOpen(open: boolean): Promise<void> {
    if (this.salesBusy()) return;
    this.salesBusy.set(true);
    this.salesError.set(null);
    this.notice.set(null);
    try {
      this.show.set(await firstValueFrom(this.api.setSalesOpen(this.id(), open)));
      this.notice.set(open ? 'Sales reopened: people can hold and reserve seats again.' : 'Sales closed: nobody can hold or reserve seats until you reopen them. Seats already held run out as usual.');
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.salesError.set(problemSentence(problem));
      this.refused(problem);
    } finally {
      this.salesBusy.set(false);
    }
  }

  protected askToCancel(): void {
    this.cancelError.set(null);
    this.notice.set(null);
    this.cancelling.set(true);
  }

  protected keepEvent(): void {
    this.cancelling.set(false);
    afterNextRender(() => this.cancelButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async cancelEvent(reason: string): Promise<void> {
    if (this.cancelBusy()) return;
    this.cancelBusy.set(true);
    this.cancelError.set(null);
    try {
      const show = await firstValueFrom(this.api.cancelEvent(this.id(), reason));
      this.show.set(show);
      this.cancelling.set(false);
      this.notice.set(`${show.name} is cancelled. Every hold ended and every booking was cancelled; customers see your reason.`);
      this.figuresVersion.update((n) => n + 1);
      // The section the focus was in is gone: the focus goes to the event's state, which now reads "Cancelled".
      afterNextRender(() => this.stateLine()?.nativeElement.focus(), { injector: this.injector });
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.cancelError.set(problemSentence(problem));
      this.refused(problem);
    } finally {
      this.cancelBusy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.show.set(await firstValueFrom(this.showsApi.get(this.id())));
      this.loadError.set(null);
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.loadError.set(problem.code === 'not_found' ? 'This event does not exist (any more).' : problemSentence(problem));
    }
  }
}
