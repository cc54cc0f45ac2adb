/** Cancel one of your reservations; its seats become available. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ReservationSummary } from '@tessera/domain';
import { CLOCK, type Clock } from '../../clock/clock.port';
import type { CommandContext } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { ReservationProcess } from '../reservation-process';

export class CancelReservation {
  constructor(
    readonly reservationId: string,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CancelReservation)
export class CancelReservationHandler implements ICommandHandler<CancelReservation, { reservation: ReservationSummary; position: Position | undefined }> {
  private readonly process: ReservationProcess;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(CLOCK) clock: Clock) {
    this.process = new ReservationProcess(events, clock);
  }

  execute({ reservationId, user, context }: CancelReservation) {
    return this.process.cancel({ reservationId, cancelledBy: 'owner', userId: user.id }, context);
  }
}
