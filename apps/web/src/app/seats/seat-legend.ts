import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { PriceBand } from './grid-view';

/** What the colours and marks on the map mean, and what the rows cost. */
@Component({
  selector: 'app-seat-legend',
  templateUrl: './seat-legend.html',
  styleUrl: './seat-legend.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeatLegend {
  readonly prices = input<readonly PriceBand[]>([]);
  /** The event has wheelchair places. */
  readonly wheelchair = input(false);
  /** Its heading's level: 2 on the seat page, 3 inside the admin page's "Seats" section. */
  readonly headingLevel = input<2 | 3>(2);
}
