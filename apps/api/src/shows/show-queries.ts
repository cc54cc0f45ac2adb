/** Queries on shows ("events" in the HTTP contract): the list with counts, and one show with its rows. */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { availableCount, type ShowDoc } from '@tessera/projections';
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

export const summarise = (doc: ShowDoc, now: Date): ShowSummary => ({
  id: doc.id,
  name: doc.name,
  venue: doc.venue,
  startsAt: doc.startsAt,
  currency: doc.currency,
  seatCount: doc.seatCount,
  availableCount: availableCount(doc, now),
});

export class ListShows {}

@QueryHandler(ListShows)
export class ListShowsHandler implements IQueryHandler<ListShows, ShowSummary[]> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<ShowSummary[]> {
    const now = this.clock.now();
    const shows = await this.store.list<ShowDoc>('shows');
    return shows
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name))
      .map((doc) => summarise(doc, now));
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
  ) {}

  async execute({ showId }: GetShow) {
    const stored = await this.store.get<ShowDoc>('shows', showId);
    if (!stored) throw notFound('There is no event with this id.');
    return { ...summarise(stored.doc, this.clock.now()), rows: stored.doc.rows };
  }
}
