/** Release a seat you hold. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../clock/clock.port';
import type { CommandContext } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { findSeat, runSeatCommand, type SeatAnswer } from '../seat-command';

export class UnlockSeat {
  constructor(
    readonly showId: string,
    readonly seatId: string,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(UnlockSeat)
export class UnlockSeatHandler implements ICommandHandler<UnlockSeat, SeatAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ showId, seatId, user, context }: UnlockSeat): Promise<SeatAnswer> {
    const seat = await findSeat(this.store, showId, seatId);
    return runSeatCommand(this.events, this.clock, seat, { type: 'UnlockSeat', data: { showId, seatId, userId: user.id } }, context);
  }
}
