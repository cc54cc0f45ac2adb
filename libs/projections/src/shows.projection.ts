/**
 * The event list: one document per show, as scheduled and as the box office changed it since
 * (details, sales, cancellation). How many seats are available is not kept here: it depends on the
 * time (a lock past its end reads available) and is counted at read time from the seat grid
 * (`availableCount` in seat-grid.projection.ts). Keeping per-seat state in this document would
 * make every seat event rewrite a document the size of the whole show.
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
  status: 'scheduled' | 'cancelled';
  salesOpen: boolean;
  /** The organiser's reason, once cancelled. */
  cancelReason: string | null;
}

/**
 * A document projected before the box office existed has neither status nor sales state: it reads
 * as a scheduled show with sales open, which is what it was (the embedded store is rebuilt at
 * start-up anyway; a MongoDB read model may hold such documents until its next rebuild).
 */
export const showStatusOf = (doc: ShowDoc): Pick<ShowDoc, 'status' | 'salesOpen' | 'cancelReason'> => ({
  status: doc.status ?? 'scheduled',
  salesOpen: doc.salesOpen ?? true,
  cancelReason: doc.cancelReason ?? null,
});

export const showsProjection: Projection<ShowDoc> = {
  collection: 'shows',
  keys(event) {
    switch (event.type) {
      case 'ShowScheduled':
      case 'ShowDetailsChanged':
      case 'ShowSalesClosed':
      case 'ShowSalesOpened':
      case 'ShowCancelled':
        return [event.data.showId];
      default:
        return [];
    }
  },
  apply(doc, event) {
    switch (event.type) {
      case 'ShowScheduled': {
        const { showId, name, venue, startsAt, currency, layout } = event.data;
        return { id: showId, name, venue, startsAt, currency, layout, seatCount: seatCountOf(layout), status: 'scheduled', salesOpen: true, cancelReason: null };
      }
      case 'ShowDetailsChanged': {
        if (!doc) return doc;
        const { name = doc.name, venue = doc.venue, startsAt = doc.startsAt } = event.data;
        return { ...doc, name, venue, startsAt };
      }
      case 'ShowSalesClosed':
        return doc && { ...doc, salesOpen: false };
      case 'ShowSalesOpened':
        return doc && { ...doc, salesOpen: true };
      case 'ShowCancelled':
        return doc && { ...doc, status: 'cancelled', salesOpen: false, cancelReason: event.data.reason };
      default:
        return doc;
    }
  },
};
