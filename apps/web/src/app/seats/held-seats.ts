import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { HeldSeatCountdown } from './show-seats-store';

/** The side panel: the seats you hold, each with its countdown, their total, "More time" and "Reserve". */
@Component({
  selector: 'app-held-seats',
  templateUrl: './held-seats.html',
  styleUrl: './held-seats.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HeldSeats {
  readonly seats = input.required<readonly HeldSeatCountdown[]>();
  readonly total = input.required<string>();
  readonly busy = input(false);
  /** A "More time" request is under way. */
  readonly extending = input(false);
  /** Every seat held is at its ceiling: the button says so instead of asking again. */
  readonly atCeiling = input(false);
  readonly reserve = output<void>();
  readonly moreTime = output<void>();
}
