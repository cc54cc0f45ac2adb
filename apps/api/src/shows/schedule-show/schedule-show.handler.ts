/** Schedules a show: its creation is an event in its own stream; its seats follow from its layout. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { showStream, type Layout, type ShowScheduled } from '@tessera/domain';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { appendTimed, toNewEvents } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventMetadata, type EventStore, type Position } from '../../event-store/event-store.port';

export class ScheduleShow {
  constructor(
    readonly show: { name: string; venue: string; startsAt: string; currency: string; layout: Layout },
    readonly metadata: EventMetadata,
    /** Normally a new random id; fixed for the demo event, so that seeding twice cannot create it twice. */
    readonly showId: string = randomUUID(),
  ) {}
}

@CommandHandler(ScheduleShow)
export class ScheduleShowHandler implements ICommandHandler<ScheduleShow, { showId: string; position: Position }> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ show, metadata, showId }: ScheduleShow) {
    const event: ShowScheduled = { type: 'ShowScheduled', data: { showId, ...show, scheduledAt: this.clock.now().toISOString() } };
    const stream = showStream(showId);
    const { position } = await appendTimed(this.events, stream, toNewEvents(stream, undefined, [event], { metadata }), 'no_stream');
    return { showId, position };
  }
}
