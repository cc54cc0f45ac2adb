/**
 * More time (api.md "Best available and more time"): every live lock of the caller in the event
 * runs again for SEAT_LOCK_SECONDS from now, never past HOLD_MAX_SECONDS after it was taken. Each
 * lock is extended by the seat's decider through the command loop (a SeatLockExtended on the seat's
 * stream); the answer lists every seat held, extended or already at its ceiling.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@tessera/domain';
import { CLOCK, type Clock } from '../../clock/clock.port';
import type { CommandContext } from '../../commands/decide-and-append';
import { CONFIG, type Config } from '../../config/config';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { notFound, Problem } from '../../http/problem';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { liveLocksOf, runSeatCommand } from '../seat-command';
import type { SeatView } from '../seat-grid/seat-view';

export class ExtendHolds {
  constructor(
    readonly showId: string,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

export interface ExtendedHolds {
  seats: SeatView[];
  /** Of the last extension appended, for read-your-writes. */
  position: Position | undefined;
}

@CommandHandler(ExtendHolds)
export class ExtendHoldsHandler implements ICommandHandler<ExtendHolds, ExtendedHolds> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ showId, user, context }: ExtendHolds): Promise<ExtendedHolds> {
    if (!(await this.store.get('shows', showId))) throw notFound('There is no event with this id.');
    const held = await liveLocksOf(this.store, showId, user.id, this.clock.now());
    if (!held.length) throw new Problem('not_lock_owner', 'You hold no seats in this event; hold some first.');
    const seats: SeatView[] = [];
    let position: Position | undefined;
    for (const doc of held) {
      try {
        const answer = await runSeatCommand(this.events, this.clock, doc, {
          type: 'ExtendLock',
          data: { showId, seatId: doc.seatId, userId: user.id, lockSeconds: this.config.seatLockSeconds, holdMaxSeconds: this.config.holdMaxSeconds },
        }, context);
        seats.push(answer.seat);
        position = answer.position ?? position;
      } catch (error) {
        // The lock ran out (or was released) since it was read: it is not held any more.
        if (!(error instanceof DomainError && error.code === 'not_lock_owner')) throw error;
      }
    }
    if (!seats.length) throw new Problem('not_lock_owner', 'You hold no seats in this event; hold some first.');
    if (position === undefined) {
      const minutes = Math.round(this.config.holdMaxSeconds / 60);
      throw new Problem('hold_cap_reached', `Your seats are held for as long as they can be (${minutes} minutes from when you took them); reserve them before the time runs out.`);
    }
    return { seats, position };
  }
}
