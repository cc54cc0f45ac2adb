/**
 * Best available (api.md "Best available and more time"): the domain chooses the seats from the
 * seat grid as last projected (`chooseBestAvailable`), then each is locked as a lock command would
 * lock it, through the same command loop (per-seat optimistic concurrency). The seats chosen are
 * claimed in this process from the choice until the grid shows them locked, so that calls running
 * here at once choose apart instead of racing. A seat someone else took meanwhile (a plain lock,
 * another process) fails its lock: what this call locked is unlocked again and the choice is made
 * again without that seat, at most MAX_ATTEMPTS times; so an answer never holds another's seat and
 * two callers never share one. All or nothing.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { chooseBestAvailable, DomainError, indexRows, SeatLimitReached, type BestAvailableRequest, type RowIndex } from '@tessera/domain';
import { seatStatus, type SeatDoc, type ShowDoc } from '@tessera/projections';
import { CLOCK, type Clock } from '../../clock/clock.port';
import type { CommandContext } from '../../commands/decide-and-append';
import { CONFIG, type Config } from '../../config/config';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { notFound, Problem, validationProblem, type FieldError } from '../../http/problem';
import { ReadModels } from '../../projections/read-models';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { assertShowSelling } from '../../shows/show-gate';
import { endLocksIfCancelled, liveLocksOf, runSeatCommand } from '../seat-command';
import { SeatGridCache } from '../seat-grid/seat-grid-cache';
import type { SeatView } from '../seat-grid/seat-view';

/** Choices made again after a lost race, at most; each excludes the seats lost before. */
export const MAX_ATTEMPTS = 10;

export class FindBestSeats {
  constructor(
    readonly showId: string,
    readonly request: BestAvailableRequest,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

export interface BestSeatsAnswer {
  seats: SeatView[];
  together: boolean;
  /** Of the last lock appended, for read-your-writes. */
  position: Position | undefined;
  /** Choices made (1 when no race was lost). */
  attempts: number;
}

@CommandHandler(FindBestSeats)
export class FindBestSeatsHandler implements ICommandHandler<FindBestSeats, BestSeatsAnswer> {
  /** A show's rows indexed for choosing, once per show (a layout never changes). */
  private readonly rows = new Map<string, RowIndex[]>();
  /** Per show, seats chosen here that the grid does not show locked yet. */
  private readonly claimed = new Map<string, Set<string>>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly grid: SeatGridCache,
    private readonly readModels: ReadModels,
  ) {}

  async execute({ showId, request, user, context }: FindBestSeats): Promise<BestSeatsAnswer> {
    const rows = await this.rowsOf(showId, request);
    await assertShowSelling(this.events, showId);
    const held = (await liveLocksOf(this.store, showId, user.id, this.clock.now())).length;
    if (held + request.count > this.config.maxSeatsPerUser) {
      const max = this.config.maxSeatsPerUser;
      throw new SeatLimitReached(max, `You hold ${held} ${held === 1 ? 'seat' : 'seats'} in this event; ${request.count} more would pass the limit of ${max}; reserve or release some first.`);
    }
    const lost = new Set<string>();
    let claims = this.claimed.get(showId);
    if (!claims) this.claimed.set(showId, (claims = new Set()));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const seats = await this.grid.seats(showId);
      const now = this.clock.now();
      const isFree = (seatId: string) => {
        if (claims.has(seatId) || lost.has(seatId)) return false;
        const doc = seats?.(seatId);
        return doc !== undefined && seatStatus(doc, now) === 'available';
      };
      // Chosen and claimed in one synchronous step: no other call here can choose these seats now.
      const choice = chooseBestAvailable(rows, isFree, request);
      if (!choice) throw new Problem('not_enough_seats', notEnough(request));
      for (const seatId of choice.seatIds) claims.add(seatId);
      const taken: { doc: SeatDoc; view: SeatView; position: Position | undefined }[] = [];
      try {
        for (const seatId of choice.seatIds) {
          const doc = seats!(seatId)!;
          const answer = await runSeatCommand(this.events, this.clock, doc, {
            type: 'LockSeat',
            data: { showId, seatId, userId: user.id, username: user.username, lockSeconds: this.config.seatLockSeconds, heldInShow: held + taken.length, maxSeatsPerUser: this.config.maxSeatsPerUser },
          }, context);
          taken.push({ doc, view: answer.seat, position: answer.position });
        }
      } catch (error) {
        try {
          await this.unlock(taken.map((t) => t.doc), user, context);
        } finally {
          for (const seatId of choice.seatIds) claims.delete(seatId);
        }
        if (!(error instanceof DomainError && error.code === 'seat_unavailable')) throw error;
        lost.add(choice.seatIds[taken.length]);
        continue;
      }
      try {
        await endLocksIfCancelled(this.events, this.clock, showId, taken.map((t) => t.doc), user.id, context);
      } catch (error) {
        for (const seatId of choice.seatIds) claims.delete(seatId);
        throw error;
      }
      const position = taken[taken.length - 1]?.position;
      // The claims end once the grid shows the locks (or could not be seen to: then at once).
      void this.readModels
        .caughtUpWith(position)
        .catch(() => undefined)
        .then(() => choice.seatIds.forEach((seatId) => claims.delete(seatId)));
      return { seats: taken.map((t) => t.view), together: choice.together, position, attempts: attempt };
    }
    throw new Problem('not_enough_seats', 'Other buyers took the seats chosen for you, again and again; try again.');
  }

  /** The show's rows for choosing; 404 for an unknown show, 400 naming a category or section it does not have. */
  private async rowsOf(showId: string, request: BestAvailableRequest): Promise<RowIndex[]> {
    let rows = this.rows.get(showId);
    const show = rows && request.category === undefined && request.section === undefined ? undefined : (await this.store.get<ShowDoc>('shows', showId))?.doc;
    if (!rows) {
      if (!show) throw notFound('There is no event with this id.');
      rows = indexRows(show.layout);
      this.rows.set(showId, rows);
    }
    if (show) {
      const errors: FieldError[] = [];
      if (request.category !== undefined && !show.layout.categories.some((c) => c.key === request.category)) {
        errors.push({ field: 'category', message: `This event has no price category "${request.category}"; it has ${show.layout.categories.map((c) => c.key).join(', ')}.` });
      }
      if (request.section !== undefined && !show.layout.sections.some((s) => s.key === request.section)) {
        errors.push({ field: 'section', message: `This event has no section "${request.section}"; it has ${show.layout.sections.map((s) => s.key).join(', ')}.` });
      }
      if (errors.length) throw validationProblem(errors);
    }
    return rows;
  }


  /** Gives back the seats this call locked before it lost a race (nothing of it stays held). */
  private async unlock(docs: readonly SeatDoc[], user: SessionUser, context: CommandContext): Promise<void> {
    for (const doc of docs) {
      await runSeatCommand(this.events, this.clock, doc, { type: 'UnlockSeat', data: { showId: doc.showId, seatId: doc.seatId, userId: user.id } }, context);
    }
  }
}

function notEnough(request: BestAvailableRequest): string {
  const where = [request.category && `in category ${request.category}`, request.section && `in section ${request.section}`].filter(Boolean).join(' ');
  const wheelchair = request.accessible ? ` with ${request.accessible} wheelchair ${request.accessible === 1 ? 'place' : 'places'}` : '';
  const seats = `${request.count} ${request.count === 1 ? 'seat' : 'seats'}`;
  return request.allowSplit
    ? `There are not ${seats}${wheelchair} free${where ? ` ${where}` : ''}: try fewer seats${where ? ' or another category or section' : ''}.`
    : `No ${seats} together${wheelchair}${where ? ` ${where}` : ''}: try fewer seats${where ? ', another category or section' : ''}, or seats apart (allowSplit).`;
}
