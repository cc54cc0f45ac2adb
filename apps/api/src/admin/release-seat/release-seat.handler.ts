/**
 * An admin ends a lock or takes a reserved seat out of its reservation (reason "admin"). The seat
 * stream decides first (it is the truth of who owns the seat); the reservation then records that
 * it lost the seat. Recovery finishes the second step if a crash cuts in between.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { reservationDecider, reservationStream } from '@tessera/domain';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { decideAndAppend, type CommandContext } from '../../commands/decide-and-append';
import { crashPoint } from '../../crash-points/crash-points';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { findSeat, runSeatCommand, type SeatAnswer } from '../../seats/seat-command';

export class AdminReleaseSeat {
  constructor(
    readonly showId: string,
    readonly seatId: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(AdminReleaseSeat)
export class AdminReleaseSeatHandler implements ICommandHandler<AdminReleaseSeat, SeatAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ showId, seatId, context }: AdminReleaseSeat): Promise<SeatAnswer> {
    const seat = await findSeat(this.store, showId, seatId);
    const answer = await runSeatCommand(this.events, this.clock, seat, { type: 'ReleaseSeat', data: { showId, seatId, reason: 'admin' } }, context);
    const released = answer.released;
    if (!released?.reservationId) return answer;
    crashPoint('admin-release.seat-released'); // test-only: the seat is free, the reservation not yet told
    const reservation = await releaseFromReservation(this.events, this.clock, released.reservationId, seatId, context);
    return { ...answer, position: reservation ?? answer.position };
  }
}

/** Records that a reservation lost a seat; returns the position written, if any. */
export async function releaseFromReservation(events: EventStore, clock: Clock, reservationId: string, seatId: string, context: CommandContext) {
  const decision = await decideAndAppend(events, reservationStream(reservationId), reservationDecider, { type: 'ReleaseReservationSeat', data: { reservationId, seatId } }, () => clock.now(), context);
  return decision.position;
}
