/** Queries on shows ("events" in the HTTP contract): the list with counts, and one show with its rows. */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ShowDoc } from '@tessera/projections';
import { SeatGridCache } from '../seats/seat-grid/seat-grid-cache';
import { CLOCK, type Clock } from '../clock/clock.port';
import { notFound } from '../http/problem';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';

export interface ShowSummary {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  currency: string;
  seatCount: number;
  availableCount: number;
}

/** A show as listed, with the seats available at `now` counted from the seat grid (a lock past its end counts as available). */
export const summarise = async (doc: ShowDoc, grid: SeatGridCache, now: Date): Promise<ShowSummary> => ({
  id: doc.id,
  name: doc.name,
  venue: doc.venue,
  startsAt: doc.startsAt,
  currency: doc.currency,
  seatCount: doc.seatCount,
  availableCount: await grid.availableCount(doc.id, now),
});

export class ListShows {}

@QueryHandler(ListShows)
export class ListShowsHandler implements IQueryHandler<ListShows, ShowSummary[]> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly grid: SeatGridCache,
  ) {}

  async execute(): Promise<ShowSummary[]> {
    const now = this.clock.now();
    const shows = (await this.store.list<ShowDoc>('shows')).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name));
    return Promise.all(shows.map((doc) => summarise(doc, this.grid, now)));
  }
}

export class GetShow {
  constructor(readonly showId: string) {}
}

@QueryHandler(GetShow)
export class GetShowHandler implements IQueryHandler<GetShow, ShowSummary & { rows: ShowDoc['rows'] }> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly grid: SeatGridCache,
  ) {}

  async execute({ showId }: GetShow) {
    const stored = await this.store.get<ShowDoc>('shows', showId);
    if (!stored) throw notFound('There is no event with this id.');
    return { ...(await summarise(stored.doc, this.grid, this.clock.now())), rows: stored.doc.rows };
  }
}
