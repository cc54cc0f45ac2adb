/** Queries on shows ("events" in the HTTP contract): the list with counts, and one show with its layout. */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { rowsOf, toCents, type Category, type SeatRow } from '@tessera/domain';
import { showStatusOf, type ShowDoc } from '@tessera/projections';
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
  /** The lowest category price. */
  priceFrom: string;
  status: 'scheduled' | 'cancelled';
  salesOpen: boolean;
}

/** A row as answered: every field present (firstNumber 1, no aisles, no wheelchair places when the layout gave none). */
export interface RowDetail {
  label: string;
  seats: number;
  firstNumber: number;
  category: string;
  aislesAfter: number[];
  accessible: number[];
}

export interface ShowDetail extends ShowSummary {
  /** Each with the seats bookable now. */
  categories: (Category & { available: number })[];
  sections: { key: string; name: string; rows: RowDetail[] }[];
  /** Simple-form events only: the rows as they were given. */
  rows?: SeatRow[];
}

const lowestPrice = (doc: ShowDoc): string => doc.layout.categories.reduce((low, c) => (toCents(c.price) < toCents(low) ? c.price : low), doc.layout.categories[0].price);

/** A show as listed, with the seats available now, as counted from the seat grid (a lock past its end counts as available). */
export const summarise = (doc: ShowDoc, availableCount: number): ShowSummary => ({
  id: doc.id,
  name: doc.name,
  venue: doc.venue,
  startsAt: doc.startsAt,
  currency: doc.currency,
  seatCount: doc.seatCount,
  availableCount,
  priceFrom: lowestPrice(doc),
  status: showStatusOf(doc).status,
  salesOpen: showStatusOf(doc).salesOpen,
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
    return Promise.all(shows.map(async (doc) => summarise(doc, await this.grid.availableCount(doc.id, now))));
  }
}

export class GetShow {
  constructor(readonly showId: string) {}
}

@QueryHandler(GetShow)
export class GetShowHandler implements IQueryHandler<GetShow, ShowDetail> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly grid: SeatGridCache,
  ) {}

  async execute({ showId }: GetShow): Promise<ShowDetail> {
    const stored = await this.store.get<ShowDoc>('shows', showId);
    if (!stored) throw notFound('There is no event with this id.');
    const { layout } = stored.doc;
    const now = this.clock.now();
    // Counted once: the event's total is the sum of its categories'.
    const available = await this.grid.availableByCategory(showId, now);
    let availableCount = 0;
    for (const n of available.values()) availableCount += n;
    return {
      ...summarise(stored.doc, availableCount),
      categories: layout.categories.map(({ key, name, price }) => ({ key, name, price, available: available.get(key) ?? 0 })),
      sections: layout.sections.map(({ key, name, rows }) => ({
        key,
        name,
        rows: rows.map((r) => ({ label: r.label, seats: r.seats, firstNumber: r.firstNumber ?? 1, category: r.category, aislesAfter: r.aislesAfter ?? [], accessible: r.accessible ?? [] })),
      })),
      ...(layout.form === 'rows' ? { rows: rowsOf(layout) } : {}),
    };
  }
}
