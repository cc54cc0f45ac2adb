/**
 * The seat grid as one caller sees it: time-dependent status computed at read time, `lockedBy`
 * only for logged-in callers, `mine` for the caller's own seats, and an ETag over exactly that.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { notFound } from '../../http/problem';
import { SeatGridCache, type GridAnswer } from './seat-grid-cache';

export { seatView, type SeatView } from './seat-view';

export class SeatGrid {
  constructor(
    readonly showId: string,
    /** The caller's user id, undefined for anonymous callers. */
    readonly viewerId: string | undefined,
  ) {}
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
