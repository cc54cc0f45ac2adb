// A seat grid answer (live, or as of an instant) as the seat map's view model, read at the
// answer's own `serverTime`: a lock reads live or ended as it did at that instant.
import { SeatGridSnapshot } from '../api/seats-api';
import { ShowDetail } from '../api/shows-api';
import { GridView, buildGridView } from '../seats/grid-view';

export function snapshotGrid(snapshot: SeatGridSnapshot, show: Pick<ShowDetail, 'rows' | 'currency'>, previous?: GridView): GridView {
  return buildGridView(
    {
      seats: snapshot.seats,
      rowOrder: show.rows.map((row) => row.label),
      currency: show.currency,
      serverNowMs: Date.parse(snapshot.serverTime),
      conflicts: new Set(),
    },
    previous,
  );
}
