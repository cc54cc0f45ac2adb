// The seat map: one <button> per seat, one tab stop for the whole map (roving tabindex), arrow keys
// between seats. Clicks and keys are handled once on the map, not on each of up to 10,000 buttons.
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, DestroyRef, ElementRef, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { GridView, SeatView } from './grid-view';
import { SeatRow } from './seat-row';

@Component({
  selector: 'app-seat-grid',
  imports: [SeatRow],
  templateUrl: './seat-grid.html',
  styleUrl: './seat-grid.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeatGrid {
  readonly grid = input.required<GridView, GridView | null>({ transform: (grid) => grid ?? LOADING });
  /** The seats have not arrived yet: the map keeps its place and says so. */
  protected readonly loading = computed(() => this.grid() === LOADING);
  /** The map's height from the start (a CSS length), so that it does not grow while its rows render. */
  readonly minHeight = input<string | null>(null);
  /** What a click, Enter or Space does, for the hint: the buyer's map holds; the box office's blocks (admin mode). */
  readonly action = input('holds or releases the seat');
  /** A seat was activated (click, Enter or Space): its id. */
  readonly toggle = output<string>();

  private readonly map = viewChild.required<ElementRef<HTMLElement>>('map');
  private readonly chosen = signal<string | null>(null);

  /**
   * How many rows (in map order) are rendered. A big map is rendered a step per task, each sized
   * to about STEP_MS of work, so that no task holds a phone's main thread for long (docs/performance.md, issue 15): the first
   * rows show at once, the rest follow within a second or two, and a poll meanwhile only changes
   * the rows already there. Every seat is in the DOM once the map has grown to its end.
   */
  protected readonly shownRows = signal(0);
  private growTimer: ReturnType<typeof setTimeout> | undefined;
  /** Seats per step, adapted after each step so that one takes about STEP_MS on this device. */
  private stepSeats = FIRST_STEP_SEATS;
  private readonly changes = inject(ChangeDetectorRef);

  constructor() {
    effect(() => {
      const total = this.grid().rows.length;
      if (untracked(this.shownRows) < total && this.growTimer === undefined) this.grow();
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.growTimer));
  }

  /**
   * Renders the next rows (about `stepSeats` seats, at least one row) at once, times it, sizes the
   * next step from it, and schedules that step as a new task. The first step runs with the rest of
   * the page's first render; later ones each render this component on their own.
   */
  private grow(): void {
    this.growTimer = undefined;
    const rows = this.grid().rows;
    let shown = this.shownRows();
    const first = shown === 0;
    let seats = 0;
    while (shown < rows.length && (seats === 0 || seats + rows[shown].seats.length <= this.stepSeats)) seats += rows[shown++].seats.length;
    const started = performance.now();
    this.shownRows.set(shown);
    if (!first) {
      this.changes.detectChanges();
      const took = Math.max(1, performance.now() - started);
      this.stepSeats = Math.min(MAX_STEP_SEATS, Math.max(MIN_STEP_SEATS, Math.round((seats * STEP_MS) / took)));
    }
    if (shown < rows.length) this.growTimer = setTimeout(() => this.grow(), 0);
  }

  /**
   * Brings a seat into view (rendering its row first if the map has not grown to it yet) and gives
   * it the map's tab stop, so that Tab from the form reaches the seats just found.
   */
  reveal(seatId: string): void {
    const seat = this.grid().byId.get(seatId);
    if (!seat) return;
    if (seat.rowIndex >= this.shownRows()) {
      this.shownRows.set(seat.rowIndex + 1);
      this.changes.detectChanges();
    }
    this.chosen.set(seat.id);
    this.buttonAt(seat)?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }

  /** Reveals a seat and puts the focus on it: back on the seat a prompt was opened for, once it closes. */
  focusSeat(seatId: string): void {
    this.reveal(seatId);
    const seat = this.grid().byId.get(seatId);
    if (seat) this.buttonAt(seat)?.focus();
  }

  /** The seat that holds the map's single tab stop: the last one focused, else the first. */
  protected readonly activeSeat = computed<SeatView | null>(() => {
    const grid = this.grid();
    const chosen = this.chosen();
    return (chosen !== null ? grid.byId.get(chosen) : undefined) ?? grid.rows[0]?.seats[0] ?? null;
  });

  protected onClick(event: MouseEvent): void {
    const seat = this.seatOf(event.target);
    if (seat) {
      this.toggle.emit(seat.id);
    }
  }

  protected onFocusIn(event: FocusEvent): void {
    const seat = this.seatOf(event.target);
    if (seat && seat.id !== this.chosen()) {
      this.chosen.set(seat.id);
    }
  }

  protected onKeydown(event: KeyboardEvent): void {
    const from = this.seatOf(event.target);
    if (!from) {
      return;
    }
    const to = nextSeat(this.grid(), from, event.key, event.ctrlKey || event.metaKey);
    if (to === null) {
      return;
    }
    event.preventDefault();
    if (to !== from) {
      this.chosen.set(to.id);
      this.buttonAt(to)?.focus();
    }
  }

  /**
   * The seat behind a DOM node: its row by the row's index attribute, the seat by its position in
   * the row (the buttons are rendered in the view model's order, which spares 10,000 id attributes).
   */
  private seatOf(target: EventTarget | null): SeatView | null {
    const button = target instanceof Element ? target.closest('button') : null;
    const seats = button?.parentElement;
    const row = seats?.parentElement;
    if (!button || !seats || !row || !row.hasAttribute('data-index') || !this.map().nativeElement.contains(row)) {
      return null;
    }
    const rowIndex = Number(row.getAttribute('data-index'));
    const seatIndex = Array.prototype.indexOf.call(seats.children, button);
    return this.grid().rows[rowIndex]?.seats[seatIndex] ?? null;
  }

  private buttonAt(seat: SeatView): HTMLElement | null {
    const row = this.map().nativeElement.querySelector(`[data-index="${seat.rowIndex}"] .row-seats`);
    const button = row?.children.item(seat.seatIndex);
    return button instanceof HTMLElement ? button : null;
  }
}

/** The map before its seats arrive. */
const LOADING: GridView = { rows: [], sections: [], byId: new Map() };

/**
 * A growing map's steps: each aims at STEP_MS of rendering on the device at hand (so that a phone
 * 4x slower than a laptop still stays under the 50 ms of a long task), starting from a guess.
 */
const STEP_MS = 4;
const FIRST_STEP_SEATS = 100;
const MIN_STEP_SEATS = 25;
const MAX_STEP_SEATS = 2000;

/** Where a key moves the focus; null for keys the map does not handle. */
export function nextSeat(grid: GridView, from: SeatView, key: string, toEdgeOfMap = false): SeatView | null {
  const rows = grid.rows;
  const row = rows[from.rowIndex].seats;
  const at = (rowIndex: number, seatIndex: number): SeatView => {
    const seats = rows[rowIndex].seats;
    return seats[Math.min(seatIndex, seats.length - 1)];
  };
  switch (key) {
    case 'ArrowRight':
      return row[from.seatIndex + 1] ?? from;
    case 'ArrowLeft':
      return row[from.seatIndex - 1] ?? from;
    case 'ArrowDown':
      return from.rowIndex + 1 < rows.length ? at(from.rowIndex + 1, from.seatIndex) : from;
    case 'ArrowUp':
      return from.rowIndex > 0 ? at(from.rowIndex - 1, from.seatIndex) : from;
    case 'Home':
      return toEdgeOfMap ? rows[0].seats[0] : row[0];
    case 'End':
      return toEdgeOfMap ? at(rows.length - 1, Number.MAX_SAFE_INTEGER) : row[row.length - 1];
    default:
      return null;
  }
}
