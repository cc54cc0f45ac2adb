/**
 * The seat grid as one caller sees it: time-dependent status computed at read time, `lockedBy`
 * only for logged-in callers, `mine` for the caller's own seats, and an ETag over exactly that.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { seatStatus, type SeatDoc, type SeatStatus, type ShowDoc } from '@tessera/projections';
import { createHash } from 'node:crypto';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { notFound } from '../../http/problem';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';

export interface SeatView {
  id: string;
  label: string;
  row: string;
  number: number;
  price: string;
  status: SeatStatus;
  lockedBy: string | null;
  lockedUntil: string | null;
  mine: boolean;
}

export interface SeatGridView {
  eventId: string;
  serverTime: string;
  seats: SeatView[];
  etag: string;
}

export class SeatGrid {
  constructor(
    readonly showId: string,
    /** The caller's user id, undefined for anonymous callers. */
    readonly viewerId: string | undefined,
    /** Overrides the clock: the grid as of an instant (audit). */
    readonly asOf?: Date,
  ) {}
}

export function seatView(doc: SeatDoc, now: Date, viewerId: string | undefined): SeatView {
  const status = seatStatus(doc, now);
  const held = status !== 'available';
  return {
    id: doc.seatId,
    label: doc.label,
    row: doc.row,
    number: doc.number,
    price: doc.price,
    status,
    lockedBy: status === 'locked' && viewerId !== undefined ? doc.holderName : null,
    lockedUntil: status === 'locked' ? doc.lockedUntil : null,
    mine: held && viewerId !== undefined && doc.holderId === viewerId,
  };
}

@QueryHandler(SeatGrid)
export class SeatGridHandler implements IQueryHandler<SeatGrid, SeatGridView> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ showId, viewerId, asOf }: SeatGrid): Promise<SeatGridView> {
    if (!(await this.store.get<ShowDoc>('shows', showId))) throw notFound('There is no event with this id.');
    const now = asOf ?? this.clock.now();
    const docs = await this.store.findBy<SeatDoc>('seats', 'showId', showId);
    const seats = docs.sort((a, b) => a.index - b.index).map((doc) => seatView(doc, now, viewerId));
    const etag = `"${createHash('sha1').update(JSON.stringify(seats)).digest('base64url')}"`;
    return { eventId: showId, serverTime: now.toISOString(), seats, etag };
  }
}
