// A seat map that only shows, built from the seat page's presentational pieces (the grid view
// model, SeatRow, the arrow-key moves of SeatGrid): the admin's preview and seat picker, and the
// auditor's grid as of an instant. Picking a seat (click, Enter or Space) only reports its id;
// nothing here locks anything.
import { ChangeDetectionStrategy, Component, ElementRef, computed, input, output, signal, viewChild } from '@angular/core';
import { GridView, SeatView } from '../seats/grid-view';
import { nextSeat } from '../seats/seat-grid';
import { SeatRow } from '../seats/seat-row';

let nextId = 0;

@Component({
  selector: 'app-seat-map-view',
  imports: [SeatRow],
  templateUrl: './seat-map-view.html',
  styleUrl: './seat-map-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeatMapView {
  readonly grid = input.required<GridView>();
  /** The map's accessible name. */
  readonly label = input('Seat map');
  /** What Enter or Space does, for the hint ("shows its timeline"); null: the map is only looked at. */
  readonly pickAction = input<string | null>(null);
  /** A seat was picked: its id. */
  readonly pick = output<string>();

  protected readonly hintId = `seat-map-view-hint-${nextId++}`;
  private readonly map = viewChild.required<ElementRef<HTMLElement>>('map');
  private readonly chosen = signal<string | null>(null);

  /** The seat holding the map's single tab stop, when seats can be picked. */
  protected readonly activeSeat = computed<SeatView | null>(() => {
    if (this.pickAction() === null) {
      return null;
    }
    const grid = this.grid();
    const chosen = this.chosen();
    return (chosen !== null ? grid.byId.get(chosen) : undefined) ?? grid.rows[0]?.seats[0] ?? null;
  });

  protected onClick(event: MouseEvent): void {
    const seat = this.seatOf(event.target);
    if (seat && this.pickAction() !== null) {
      this.chosen.set(seat.id);
      this.pick.emit(seat.id);
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
    if (!from || this.pickAction() === null) {
      return;
    }
    const to = nextSeat(this.grid(), from, event.key, event.ctrlKey || event.metaKey);
    if (to === null || to === from) {
      if (to === from) {
        event.preventDefault();
      }
      return;
    }
    event.preventDefault();
    this.chosen.set(to.id);
    const button = this.map().nativeElement.children.item(to.rowIndex)?.querySelector('.row-seats')?.children.item(to.seatIndex);
    if (button instanceof HTMLElement) {
      button.focus();
    }
  }

  /** The seat behind a button, by its position (rows and seats are rendered in the view model's order). */
  private seatOf(target: EventTarget | null): SeatView | null {
    const map = this.map().nativeElement;
    const button = target instanceof Element ? target.closest('button') : null;
    const seats = button?.parentElement;
    const row = seats?.parentElement;
    if (!button || !seats || !row || row.parentElement !== map) {
      return null;
    }
    const rowIndex = Array.prototype.indexOf.call(map.children, row);
    const seatIndex = Array.prototype.indexOf.call(seats.children, button);
    return this.grid().rows[rowIndex]?.seats[seatIndex] ?? null;
  }
}
