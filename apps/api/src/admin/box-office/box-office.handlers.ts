/**
 * The box office's commands on events, seats and reservations (api.md "Box office"): each is a
 * decision on one stream through the command loop, with the admin as actor in the metadata; the
 * event's cancellation is a process over many streams (show-cancellation.ts).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { showDecider, ShowCancelledError, showStream, type ReservationSummary, type ShowCommand } from '@tessera/domain';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { decideAndAppend, type CommandContext } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ReservationProcess } from '../../reservations/reservation-process';
import { findSeat, runSeatCommand, type SeatAnswer } from '../../seats/seat-command';
import { cancelledShow } from '../../shows/show-gate';
import { ShowCancellation, type CancellationOutcome } from './show-cancellation';

/** Details or sales of an event: one decision on its stream. */
export class ChangeShow {
  constructor(
    readonly command: ShowCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeShow)
export class ChangeShowHandler implements ICommandHandler<ChangeShow, Position | undefined> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ command, context }: ChangeShow): Promise<Position | undefined> {
    const decision = await decideAndAppend(this.events, showStream(command.data.showId), showDecider, command, () => this.clock.now(), context);
    return decision.position;
  }
}

export class CancelShow {
  constructor(
    readonly showId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CancelShow)
export class CancelShowHandler implements ICommandHandler<CancelShow, CancellationOutcome> {
  private readonly cancellation: ShowCancellation;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(CLOCK) clock: Clock) {
    this.cancellation = new ShowCancellation(events, clock);
  }

  execute({ showId, reason, context }: CancelShow): Promise<CancellationOutcome> {
    return this.cancellation.cancel(showId, reason, context);
  }
}

/** Takes a seat off sale (`reason` given) or puts it back on sale (`reason` null). */
export class SetSeatBlocked {
  constructor(
    readonly showId: string,
    readonly seatId: string,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SetSeatBlocked)
export class SetSeatBlockedHandler implements ICommandHandler<SetSeatBlocked, SeatAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ showId, seatId, reason, context }: SetSeatBlocked): Promise<SeatAnswer> {
    const seat = await findSeat(this.store, showId, seatId);
    if (await cancelledShow(this.events, showId)) throw new ShowCancelledError(showId);
    const command = reason === null ? { type: 'UnblockSeat' as const, data: { showId, seatId } } : { type: 'BlockSeat' as const, data: { showId, seatId, reason } };
    return runSeatCommand(this.events, this.clock, seat, command, context);
  }
}

/** The box office cancels a customer's reservation for them, with a reason the customer sees. */
export class CancelForCustomer {
  constructor(
    readonly reservationId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CancelForCustomer)
export class CancelForCustomerHandler implements ICommandHandler<CancelForCustomer, { reservation: ReservationSummary; position: Position | undefined }> {
  private readonly process: ReservationProcess;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(CLOCK) clock: Clock) {
    this.process = new ReservationProcess(events, clock);
  }

  execute({ reservationId, reason, context }: CancelForCustomer) {
    return this.process.cancel({ reservationId, cancelledBy: 'admin', reason }, context);
  }
}
