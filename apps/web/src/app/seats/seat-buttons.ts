// A row's seat buttons, kept as cheap as elements can be: a row is written into the DOM as one
// string of markup (the browser's parser builds its buttons), not button by button through the
// template, which under a phone's CPU made the 10,000-seat map's rendering the page's longest work
// (docs/performance.md, issue 15). A later view of the row changes only the buttons of seats whose
// view object changed, and the tab stop moves by two attribute writes.
import { Directive, ElementRef, OnChanges, inject, input } from '@angular/core';
import { SeatView } from './grid-view';

@Directive({ selector: '[appSeatButtons]' })
export class SeatButtons implements OnChanges {
  readonly seats = input.required<readonly SeatView[]>({ alias: 'appSeatButtons' });
  /** The seat of this row that holds the map's tab stop, if it is in this row. */
  readonly activeId = input<string | null>(null);

  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;
  private shown: readonly SeatView[] = [];
  private shownActive: string | null = null;

  ngOnChanges(): void {
    const seats = this.seats();
    const active = this.activeId();
    if (seats !== this.shown) {
      if (!sameSeats(seats, this.shown)) {
        this.host.innerHTML = seats.map((seat) => buttonHtml(seat, seat.id === active)).join('');
        this.shown = seats;
        this.shownActive = active;
        return;
      }
      const buttons = this.host.children;
      seats.forEach((seat, i) => {
        if (seat !== this.shown[i]) updateButton(buttons[i] as HTMLButtonElement, seat);
      });
      this.shown = seats;
    }
    if (active !== this.shownActive) {
      this.buttonOf(this.shownActive)?.setAttribute('tabindex', '-1');
      this.buttonOf(active)?.setAttribute('tabindex', '0');
      this.shownActive = active;
    }
  }

  private buttonOf(id: string | null): Element | null {
    if (id === null) return null;
    const index = this.shown.findIndex((seat) => seat.id === id);
    return index < 0 ? null : this.host.children.item(index);
  }
}

/** The same seats in the same places (their states may differ): the buttons can be updated in place. */
function sameSeats(a: readonly SeatView[], b: readonly SeatView[]): boolean {
  return a.length === b.length && a.every((seat, i) => seat.id === b[i].id && seat.number === b[i].number);
}

function buttonHtml(seat: SeatView, active: boolean): string {
  const description = escapeHtml(seat.description);
  return `<button type="button" class="${seat.classes}" aria-label="${description}" title="${description}" tabindex="${active ? 0 : -1}">${escapeHtml(String(seat.number))}</button>`;
}

function updateButton(button: HTMLButtonElement, seat: SeatView): void {
  if (button.className !== seat.classes) button.className = seat.classes;
  if (button.getAttribute('aria-label') !== seat.description) {
    button.setAttribute('aria-label', seat.description);
    button.title = seat.description;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an attribute or element of the markup: section names come from an admin's layout. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
