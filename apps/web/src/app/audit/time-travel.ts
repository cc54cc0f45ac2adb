// The seat grid over time: an event's history (or one seat's) gives the slider's stops, and each
// stop shows the grid exactly as it stood then, replayed by the server (GET …/seats/?asOf=).
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Observable, Subject, catchError, firstValueFrom, map, of, switchMap } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { SeatGridSnapshot, SeatsApi } from '../api/seats-api';
import { ShowDetail, ShowSummary, ShowsApi } from '../api/shows-api';
import { GridView } from '../seats/grid-view';
import { AuditApi, AuditEntry, AuditPage, MAX_PAGE } from './audit-api';
import { entryShowId, formatInstant } from './audit-entries';
import { HistoryStep, historySteps } from './history-steps';
import { SeatRef } from './seat-timeline';
import { SeatMapView } from './seat-map-view';
import { seatIdFor } from './seat-lookup';
import { snapshotGrid } from './snapshot-grid';

type Replay = { readonly snapshot: SeatGridSnapshot } | { readonly error: string };

@Component({
  selector: 'app-time-travel',
  imports: [SeatMapView],
  templateUrl: './time-travel.html',
  styleUrls: ['../admin/admin-forms.css', './time-travel.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeTravel {
  private readonly api = inject(AuditApi);
  private readonly showsApi = inject(ShowsApi);
  private readonly seatsApi = inject(SeatsApi);
  private destroyed = false;
  /** Each load gets a number; pages of an older load that arrive late are dropped. */
  private loadNumber = 0;

  readonly shows = input<readonly ShowSummary[]>([]);
  /** A seat was picked on the map: for its timeline. */
  readonly seatPicked = output<SeatRef>();

  protected readonly showId = signal('');
  protected readonly seat = signal('');
  protected readonly loading = signal(false);
  protected readonly entriesRead = signal(0);
  protected readonly loadError = signal<string | null>(null);

  protected readonly show = signal<ShowDetail | null>(null);
  protected readonly steps = signal<readonly HistoryStep[]>([]);
  protected readonly index = signal(0);
  protected readonly step = computed<HistoryStep | null>(() => this.steps()[this.index()] ?? null);
  protected readonly valueText = computed(() => {
    const step = this.step();
    return step ? formatInstant(step.instant) : '';
  });

  protected readonly grid = signal<GridView | null>(null);
  /** The instant the grid on screen stands at. */
  protected readonly gridInstant = signal<string | null>(null);
  protected readonly replaying = signal(false);
  protected readonly replayError = signal<string | null>(null);
  protected readonly formatInstant = formatInstant;

  /** The instants to replay; null cancels the replay under way (another event is being loaded). */
  private readonly asOf = new Subject<{ readonly showId: string; readonly instant: string } | null>();

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
    // The latest stop wins: moving the slider on cancels the replay still under way.
    this.asOf
      .pipe(
        switchMap((request) =>
          request === null
            ? EMPTY
            : this.api.seatsAsOf(request.showId, request.instant).pipe(
                map((snapshot): Replay => ({ snapshot })),
                catchError((error: unknown): Observable<Replay> => of({ error: problemSentence(toProblem(error)) })),
              ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((replay) => this.showReplay(replay));
  }

  protected set(field: 'showId' | 'seat', event: Event): void {
    this[field].set((event.target as HTMLInputElement | HTMLSelectElement).value);
  }

  protected async load(event: Event): Promise<void> {
    event.preventDefault();
    const showId = this.showId();
    if (!showId) {
      this.loadError.set('Choose an event first.');
      return;
    }
    const load = ++this.loadNumber;
    const current = () => load === this.loadNumber && !this.destroyed;
    this.loading.set(true);
    this.loadError.set(null);
    this.entriesRead.set(0);
    this.steps.set([]);
    this.grid.set(null);
    this.gridInstant.set(null);
    this.replaying.set(false);
    this.replayError.set(null);
    this.asOf.next(null);
    try {
      const typed = this.seat().trim();
      const [show, steps] = await Promise.all([
        firstValueFrom(this.showsApi.get(showId)),
        typed ? this.seatSteps(showId, typed) : this.showSteps(showId, current),
      ]);
      if (!current()) {
        return;
      }
      this.show.set(show);
      this.steps.set(steps);
      if (steps.length === 0) {
        this.loadError.set('There is nothing in the history for this yet.');
        return;
      }
      this.moveTo(0);
    } catch (error: unknown) {
      if (current()) {
        this.loadError.set(problemSentence(toProblem(error)));
      }
    } finally {
      if (current()) {
        this.loading.set(false);
      }
    }
  }

  protected onSlide(event: Event): void {
    this.moveTo(Number((event.target as HTMLInputElement).value));
  }

  protected moveTo(index: number): void {
    const steps = this.steps();
    const step = steps[index];
    if (!step) {
      return;
    }
    this.index.set(index);
    this.replaying.set(true);
    this.asOf.next({ showId: this.showId(), instant: step.instant });
  }

  protected pick(seatId: string): void {
    this.seatPicked.emit({ showId: this.showId(), seatId });
  }

  private showReplay(replay: Replay): void {
    this.replaying.set(false);
    const show = this.show();
    if ('error' in replay) {
      this.replayError.set(replay.error);
      return;
    }
    this.replayError.set(null);
    this.gridInstant.set(replay.snapshot.serverTime);
    this.grid.set(show ? snapshotGrid(replay.snapshot, show, this.grid() ?? undefined) : null);
  }

  /** One seat's stream: cheap, and the slider starts just before its first entry. */
  private async seatSteps(showId: string, typed: string): Promise<HistoryStep[]> {
    const answer = await firstValueFrom(this.seatsApi.grid(showId, null));
    const seatId = seatIdFor(answer.changed ? answer.snapshot.seats : [], typed);
    const entries = await firstValueFrom(this.api.seatHistory(showId, seatId));
    this.entriesRead.set(entries.length);
    return historySteps(entries, true);
  }

  /**
   * The event's entries, from the whole log: the log cannot be asked for one event, so every page
   * is read (1000 entries each) and the entries naming this event are kept.
   */
  private async showSteps(showId: string, current: () => boolean): Promise<HistoryStep[]> {
    const kept: AuditEntry[] = [];
    let from: string | null = null;
    let read = 0;
    do {
      const page: AuditPage = await firstValueFrom(this.api.log(from, MAX_PAGE));
      if (!current()) {
        return [];
      }
      read += page.entries.length;
      this.entriesRead.set(read);
      kept.push(...page.entries.filter((entry) => entryShowId(entry) === showId));
      from = page.next;
    } while (from !== null);
    return historySteps(kept);
  }
}
