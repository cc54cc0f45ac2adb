// Route /events/:id: the seat map of one show with the side panel of held seats.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, OnInit, afterNextRender, effect, inject, input, viewChild } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { SessionStore } from '../session/session-store';
import { FindSeats } from './find-seats';
import { HeldSeats } from './held-seats';
import { SeatGrid } from './seat-grid';
import { SeatLegend } from './seat-legend';
import { ShowSeatsStore } from './show-seats-store';

@Component({
  selector: 'app-show-seats',
  imports: [DatePipe, SeatGrid, SeatLegend, FindSeats, HeldSeats],
  providers: [ShowSeatsStore],
  templateUrl: './show-seats.html',
  styleUrl: './show-seats.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShowSeats implements OnInit {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly store = inject(ShowSeatsStore);
  protected readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly map = viewChild<SeatGrid>('map');

  /** Opens a section of the overview, or goes back to the overview (null); the focus follows: to "All sections", or back to the section's button. */
  protected openSection(key: string | null): void {
    const from = this.store.openSection();
    this.store.openSection.set(key);
    afterNextRender(
      () => {
        const target = key !== null ? this.host.nativeElement.querySelector<HTMLElement>('.back') : this.host.nativeElement.querySelector<HTMLElement>(`[data-section="${from}"]`);
        target?.focus();
      },
      { injector: this.injector },
    );
  }

  constructor() {
    // Seats found by "Find seats": the map scrolls to them once it shows them.
    effect(() => {
      const found = this.store.found();
      if (found.length) afterNextRender(() => this.map()?.reveal(found[0]), { injector: this.injector });
    });
    const title = inject(Title);
    effect(() => {
      const show = this.store.show();
      if (show) {
        title.setTitle(`${show.name} · Tessera`);
      }
    });
  }

  ngOnInit(): void {
    this.store.start(this.id());
  }
}
