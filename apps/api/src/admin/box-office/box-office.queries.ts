/**
 * The box office's reads (api.md "Box office"): the reservations search, the attendee list as CSV
 * and the sales figures, all from read models (the reservations and the seat grid), never by
 * reading the history.
 */
import { Inject, Injectable } from '@nestjs/common';
import { toCents, fromCents } from '@tessera/domain';
import { isVisibleReservation, seatStatus, type ReservationDoc, type ShowDoc } from '@tessera/projections';
import { stringify } from 'csv-stringify/sync';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { notFound, validationProblem } from '../../http/problem';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { reservationViews, type ReservationView } from '../../reservations/reservation-view';
import { SeatGridCache } from '../../seats/seat-grid/seat-grid-cache';
import { userIdOf } from '../../users/user-accounts';

export const SEARCH_DEFAULT_LIMIT = 100;
export const SEARCH_MAX_LIMIT = 1000;

export interface ReservationSearch {
  eventId?: string;
  username?: string;
  status?: 'confirmed' | 'cancelled';
  /** A previous page's `next`. */
  from?: string;
  limit: number;
}

export type BookedReservation = ReservationView & { username: string };

export interface SalesFigures {
  categories: { key: string; seats: number; available: number; locked: number; reserved: number; blocked: number; revenue: string }[];
  daily: { date: string; reserved: number; cancelled: number; revenue: string }[];
}

/** The attendee list's columns (api.md), in order. */
export const ATTENDEE_COLUMNS = ['reservationId', 'username', 'seats', 'totalPrice', 'currency', 'status', 'createdAt', 'cancelledAt'] as const;

/**
 * RFC 4180 by csv-stringify: a header row, CRLF after every record, and a field quoted (its quotes
 * doubled) when it holds a comma, a quote or a line break (a bare CR or LF included).
 */
export const attendeeCsv = (rows: readonly (readonly string[])[]): string =>
  stringify(rows as string[][], { header: true, columns: [...ATTENDEE_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ });

/** Money that may be negative (a day with more refunds than sales). */
const signedMoney = (cents: number): string => (cents < 0 ? `-${fromCents(-cents)}` : fromCents(cents));

/** A page cursor: where the last page ended (its createdAt and id), opaque to clients. */
const cursorOf = (doc: ReservationDoc): string => Buffer.from(JSON.stringify([doc.createdAt, doc.id])).toString('base64url');

function parseCursor(from: string): { value: string; id: string } {
  try {
    const [value, id] = JSON.parse(Buffer.from(from, 'base64url').toString('utf8')) as unknown[];
    if (typeof value === 'string' && typeof id === 'string') return { value, id };
  } catch {
    // answered below
  }
  throw validationProblem([{ field: 'from', message: 'from must be the "next" of an earlier answer.' }]);
}

@Injectable()
export class BoxOfficeQueries {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly grid: SeatGridCache,
  ) {}

  /** Newest first, filters combined; a username matches whatever its case (user ids derive from the lower-cased name). */
  async search({ eventId, username, status, from, limit }: ReservationSearch): Promise<{ reservations: BookedReservation[]; next: string | null }> {
    const where: Record<string, string | readonly string[]> = { status: status ?? ['confirmed', 'cancelled'] };
    if (eventId !== undefined) where.showId = eventId;
    if (username !== undefined) where.userId = userIdOf(username);
    const after = from === undefined ? undefined : parseCursor(from);
    const found = (await this.store.page<ReservationDoc>('reservations', { where, orderBy: 'createdAt', after, limit: limit + 1 })).map(([, doc]) => doc);
    const page = found.slice(0, limit);
    const views = await reservationViews(this.store, page);
    return {
      reservations: views.map((view, i) => ({ ...view, username: page[i].username })),
      next: found.length > limit ? cursorOf(page[page.length - 1]) : null,
    };
  }

  /** Every reservation of the event, oldest first, as RFC 4180 CSV with a header row (CRLF; quotes, commas and line breaks quoted). */
  async attendees(eventId: string): Promise<string> {
    await this.show(eventId);
    const reservations = (await this.store.findBy<ReservationDoc>('reservations', 'showId', eventId))
      .filter(isVisibleReservation)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return attendeeCsv(reservations.map((r) => [r.id, r.username, r.seats.join(' '), r.totalPrice, r.currency, r.status, r.createdAt, r.cancelledAt ?? '']));
  }

  /**
   * Per category: the seats in each state now and the revenue of the reserved ones, from the seat
   * grid. Per day (UTC): seats reserved and revenue taken on reservations made that day, minus
   * seats cancelled and money given back that day (a cancellation, an admin's release of a seat).
   */
  async sales(eventId: string): Promise<SalesFigures> {
    const show = await this.show(eventId);
    const now = this.clock.now();
    const categories = new Map(show.layout.categories.map((c) => [c.key, { key: c.key, seats: 0, available: 0, locked: 0, reserved: 0, blocked: 0, cents: 0 }]));
    for (const doc of await this.grid.docs(eventId)) {
      const category = categories.get(doc.category);
      if (!category) continue;
      const status = seatStatus(doc, now);
      category.seats++;
      category[status]++;
      if (status === 'reserved') category.cents += toCents(doc.price);
    }
    const days = new Map<string, { date: string; reserved: number; cancelled: number; cents: number }>();
    const day = (at: string) => {
      const date = at.slice(0, 10);
      let entry = days.get(date);
      if (!entry) days.set(date, (entry = { date, reserved: 0, cancelled: 0, cents: 0 }));
      return entry;
    };
    for (const r of (await this.store.findBy<ReservationDoc>('reservations', 'showId', eventId)).filter(isVisibleReservation)) {
      const booked = day(r.createdAt);
      booked.reserved += r.bookedSeats ?? r.seatIds.length;
      booked.cents += toCents(r.bookedTotal ?? r.totalPrice);
      for (const refund of r.refunds ?? []) {
        const back = day(refund.at);
        back.cancelled += refund.seats;
        back.cents -= toCents(refund.amount);
      }
    }
    return {
      categories: [...categories.values()].map(({ cents, ...c }) => ({ ...c, revenue: fromCents(cents) })),
      daily: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)).map(({ cents, ...d }) => ({ ...d, revenue: signedMoney(cents) })),
    };
  }

  private async show(eventId: string): Promise<ShowDoc> {
    const stored = await this.store.get<ShowDoc>('shows', eventId);
    if (!stored) throw notFound('There is no event with this id.');
    return stored.doc;
  }
}

