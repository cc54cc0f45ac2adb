// Seats off sale, on the seat map in admin mode (ui.md "Box office"): the buyer's map component,
// where a click (Enter or Space) on a free seat asks for a reason and blocks it, and one on a seat
// not for sale unblocks it. Held and reserved seats are refused here with a sentence (the server
// would answer 409 seat_unavailable); the admin's "Release a seat" frees them first.
import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, effect, inject, input, linkedSignal, output, signal, untracked, viewChild } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { Problem, problemSentence, toProblem } from '../../api/problem';
import { Seat, SeatGridSnapshot, SeatsApi } from '../../api/seats-api';
import { ShowDetail, isLayoutEvent } from '../../api/shows-api';
import { snapshotGrid } from '../../audit/snapshot-grid';
import { GridView, PriceBand, categoryBands, priceBands } from '../../seats/grid-view';
import { SeatGrid } from '../../seats/seat-grid';
import { SeatLegend } from '../../seats/seat-legend';
import { SeatState, stateWords } from '../../seats/seat-state';
import { BoxOfficeApi } from '../box-office-api';
import { ReasonPrompt } from '../reason-prompt';

@Component({
  selector: 'app-seat-blocking',
  imports: [SeatGrid, SeatLegend, ReasonPrompt],
  templateUrl: './seat-blocking.html',
  styleUrl: './seat-blocking.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeatBlocking {
  private readonly api = inject(BoxOfficeApi);
  private readonly seatsApi = inject(SeatsApi);
  private readonly injector = inject(Injector);
  private readonly map = viewChild<SeatGrid>('map');

  readonly show = input.required<ShowDetail>();
  /** A seat was blocked or unblocked: the sales figures changed. */
  readonly changed = output<void>();
  /** The server refused (the page reads the event again on `event_cancelled`). */
  readonly refused = output<Problem>();

  private readonly snapshot = signal<SeatGridSnapshot | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The seat asked about: the reason prompt is open for it. */
  protected readonly prompt = signal<{ readonly seatId: string; readonly name: string } | null>(null);
  protected readonly promptError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  /** The map's view model; seats a change did not touch keep their objects (and buttons). */
  protected readonly grid = linkedSignal<{ snapshot: SeatGridSnapshot | null; show: ShowDetail }, GridView | null>({
    source: () => ({ snapshot: this.snapshot(), show: this.show() }),
    computation: ({ snapshot, show }, previous) => (snapshot ? snapshotGrid(snapshot, show, previous?.value ?? undefined) : null),
  });
  protected readonly bands = computed<readonly PriceBand[]>(() => {
    const show = this.show();
    return show.rows ? priceBands(show.rows, show.currency) : categoryBands(show);
  });
  protected readonly wheelchair = computed(() => this.show().sections.some((s) => s.rows.some((r) => r.accessible.length > 0)));

  private readonly showId = computed(() => this.show().id);

  constructor() {
    effect(() => {
      const showId = this.showId();
      untracked(() => void this.load(showId));
    });
  }

  /** A click, Enter or Space on a seat of the map. */
  protected onToggle(seatId: string): void {
    const view = this.grid()?.byId.get(seatId);
    const seat = this.snapshot()?.seats.find((candidate) => candidate.id === seatId);
    if (!view || !seat || this.busy()) return;
    const name = seatName(this.show(), seat);
    this.notice.set(null);
    this.error.set(null);
    switch (blockAction(view.state)) {
      case 'block':
        this.promptError.set(null);
        this.prompt.set({ seatId, name });
        return;
      case 'unblock':
        this.prompt.set(null);
        void this.unblock(seat, name);
        return;
      case 'refuse':
        this.prompt.set(null);
        this.error.set(cannotBlockMessage(name, view.state, seat.lockedBy));
        return;
    }
  }

  protected async block(reason: string): Promise<void> {
    const asked = this.prompt();
    if (!asked || this.busy()) return;
    this.busy.set(true);
    this.promptError.set(null);
    try {
      const seat = await firstValueFrom(this.api.blockSeat(this.show().id, asked.seatId, reason));
      this.replaceSeat(seat);
      this.prompt.set(null);
      this.notice.set(`${asked.name} blocked: not for sale until you unblock it.`);
      this.focusSeat(asked.seatId);
      this.changed.emit();
      void this.load(this.show().id);
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.promptError.set(problemSentence(problem));
      this.refused.emit(problem);
    } finally {
      this.busy.set(false);
    }
  }

  protected dismissPrompt(): void {
    const asked = this.prompt();
    this.prompt.set(null);
    if (asked) this.focusSeat(asked.seatId);
  }

  protected reload(): void {
    this.notice.set(null);
    this.error.set(null);
    void this.load(this.show().id);
  }

  private async unblock(seat: Seat, name: string): Promise<void> {
    this.busy.set(true);
    try {
      this.replaceSeat(await firstValueFrom(this.api.unblockSeat(this.show().id, seat.id)));
      this.notice.set(`${name} is on sale again.`);
      this.changed.emit();
      void this.load(this.show().id);
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.error.set(problemSentence(problem));
      this.refused.emit(problem);
    } finally {
      this.busy.set(false);
    }
  }

  /** The map as the server has it now; the old map stays until the new one is in (the focus stays on its seat). */
  private async load(showId: string): Promise<void> {
    try {
      const answer = await firstValueFrom(this.seatsApi.grid(showId, null));
      if (this.show().id !== showId || !answer.changed) return;
      this.loadError.set(null);
      this.snapshot.set(answer.snapshot);
    } catch (error: unknown) {
      if (this.show().id === showId) this.loadError.set(problemSentence(toProblem(error)));
    }
  }

  private replaceSeat(updated: Seat): void {
    this.snapshot.update((snapshot) => snapshot && { ...snapshot, seats: snapshot.seats.map((seat) => (seat.id === updated.id ? updated : seat)) });
  }

  /** Back to the seat on the map, once the prompt is gone. */
  private focusSeat(seatId: string): void {
    afterNextRender(() => this.map()?.focusSeat(seatId), { injector: this.injector });
  }
}

export type BlockAction = 'block' | 'unblock' | 'refuse';

/** What a click on a seat does on the box office's map: only a free seat can be blocked. */
export function blockAction(state: SeatState): BlockAction {
  switch (state) {
    case 'available':
      return 'block';
    case 'blocked':
      return 'unblock';
    default:
      return 'refuse';
  }
}

/** "A3 is locked by bob: only a free seat can be taken off sale. …" */
export function cannotBlockMessage(name: string, state: SeatState, lockedBy: string | null): string {
  return `${name} is ${stateWords(state, lockedBy)}: only a free seat can be taken off sale. Free it first with "Release a seat" on the admin page.`;
}

/** How messages name a seat: "Stalls 1-5" in a layout event (where "1-5" may be in several sections), "A1" in a simple-form one. */
export function seatName(show: Pick<ShowDetail, 'rows' | 'sections'>, seat: Pick<Seat, 'section' | 'label'>): string {
  if (!isLayoutEvent(show)) return seat.label;
  return `${show.sections.find((s) => s.key === seat.section)?.name ?? seat.section} ${seat.label}`;
}
