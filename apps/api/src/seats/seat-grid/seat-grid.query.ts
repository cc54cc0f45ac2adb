/**
 * The seat grid as one caller sees it: time-dependent status computed at read time, `lockedBy`
 * only for logged-in callers, `mine` for the caller's own seats, and an ETag over exactly that.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { seatStatus, type SeatDoc, type SeatStatus } from '@tessera/projections';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { notFound } from '../../http/problem';
import { SeatGridCache, type GridAnswer } from './seat-grid-cache';

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

export class SeatGrid {
  constructor(
    readonly showId: string,
    /** The caller's user id, undefined for anonymous callers. */
    readonly viewerId: string | undefined,
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
export class SeatGridHandler implements IQueryHandler<SeatGrid, GridAnswer> {
  constructor(
    private readonly cache: SeatGridCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ showId, viewerId }: SeatGrid): Promise<GridAnswer> {
    const answer = await this.cache.answer(showId, viewerId, this.clock.now());
    if (!answer) throw notFound('There is no event with this id.');
    return answer;
  }
}
