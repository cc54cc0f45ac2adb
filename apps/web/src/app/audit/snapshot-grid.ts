// A seat grid answer (live, or as of an instant) as the seat map's view model, read at the
// answer's own `serverTime`: a lock reads live or ended as it did at that instant.
import { SeatGridSnapshot } from '../api/seats-api';
import { ShowDetail } from '../api/shows-api';
import { GridView, buildGridView, mapLayoutOf } from '../seats/grid-view';

export function snapshotGrid(snapshot: SeatGridSnapshot, show: Pick<ShowDetail, 'sections' | 'categories' | 'rows' | 'currency'>, previous?: GridView): GridView {
  return buildGridView(
    {
      seats: snapshot.seats,
      layout: mapLayoutOf(show),
      currency: show.currency,
      serverNowMs: Date.parse(snapshot.serverTime),
      conflicts: new Set(),
    },
    previous,
  );
}
