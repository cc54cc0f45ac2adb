// One row of the seat map. Its own OnPush component so that a poll changing a few seats refreshes
// only the rows they sit in: a row whose view object and tab stop did not change is skipped.
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RowView } from './grid-view';
import { SeatButtons } from './seat-buttons';

@Component({
  selector: 'div[app-seat-row]',
  imports: [SeatButtons],
  templateUrl: './seat-row.html',
  styleUrl: './seat-row.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'row',
    role: 'group',
    '[attr.aria-label]': '"Row " + row().label',
    '[attr.data-index]': 'index()',
  },
})
export class SeatRow {
  readonly row = input.required<RowView>();
  /** The row's place in the whole map (GridView.rows), by which the map finds a seat from its button. */
  readonly index = input.required<number>();
  /** The seat of this row that holds the map's tab stop, if it is in this row. */
  readonly activeId = input<string | null>(null);
}
