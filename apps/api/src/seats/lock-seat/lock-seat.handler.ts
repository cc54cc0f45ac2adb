/** Lock a seat for SEAT_LOCK_SECONDS, within MAX_SEATS_PER_USER live locks per show. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../clock/clock.port';
import type { CommandContext } from '../../commands/decide-and-append';
import { crashPoint } from '../../crash-points/crash-points';
import { CONFIG, type Config } from '../../config/config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { assertShowSelling } from '../../shows/show-gate';
import { endLocksIfCancelled, findSeat, liveLocksOf, runSeatCommand, type SeatAnswer } from '../seat-command';

export class LockSeat {
  constructor(
    readonly showId: string,
    readonly seatId: string,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(LockSeat)
export class LockSeatHandler implements ICommandHandler<LockSeat, SeatAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ showId, seatId, user, context }: LockSeat): Promise<SeatAnswer> {
    const seat = await findSeat(this.store, showId, seatId);
    await assertShowSelling(this.events, showId);
    // Live locks on other seats of the show (a lock again of one's own seat is not one more).
    const heldInShow = (await liveLocksOf(this.store, showId, user.id, this.clock.now())).filter((s) => s.seatId !== seatId).length;
    const answer = await runSeatCommand(this.events, this.clock, seat, {
      type: 'LockSeat',
      data: { showId, seatId, userId: user.id, username: user.username, lockSeconds: this.config.seatLockSeconds, heldInShow, maxSeatsPerUser: this.config.maxSeatsPerUser },
    }, context);
    if (answer.position) {
      crashPoint('lock.appended'); // test-only: recorded, not yet projected nor answered
      await endLocksIfCancelled(this.events, this.clock, showId, [seat], user.id, context);
    }
    return answer;
  }

}
