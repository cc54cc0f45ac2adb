/**
 * The event list: one document per show, as scheduled. How many seats are available is not kept
 * here: it depends on the time (a lock past its end reads available) and is counted at read time
 * from the seat grid (`availableCount` in seat-grid.projection.ts). Keeping per-seat state in this
 * document would make every seat event rewrite a document the size of the whole show.
 */
import { seatCountOf, type Layout } from '@tessera/domain';
import type { Projection } from './projection';

export interface ShowDoc {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  currency: string;
  layout: Layout;
  seatCount: number;
}

export const showsProjection: Projection<ShowDoc> = {
  collection: 'shows',
  keys: (event) => (event.type === 'ShowScheduled' ? [event.data.showId] : []),
  apply(doc, event) {
    if (event.type !== 'ShowScheduled') return doc;
    const { showId, name, venue, startsAt, currency, layout } = event.data;
    return { id: showId, name, venue, startsAt, currency, layout, seatCount: seatCountOf(layout) };
  },
};
