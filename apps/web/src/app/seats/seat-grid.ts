// The seat map: one <button> per seat, one tab stop for the whole map (roving tabindex), arrow keys
// between seats. Clicks and keys are handled once on the map, not on each of up to 10,000 buttons.
import { ChangeDetectionStrategy, Component, ElementRef, computed, input, output, signal, viewChild } from '@angular/core';
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
  readonly grid = input.required<GridView>();
  /** A seat was activated (click, Enter or Space): its id. */
  readonly toggle = output<string>();

  private readonly map = viewChild.required<ElementRef<HTMLElement>>('map');
  private readonly chosen = signal<string | null>(null);

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
