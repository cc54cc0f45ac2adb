/**
 * Records the expiry of locks whose time has passed (SeatReleased, reason "expired"). Reads never
 * wait for it: an expired lock already reads available. Each append carries the expected revision,
 * so a sweeper on every API instance is safe: the decider turns a second expiry into a no-op.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { seatStatus, type SeatDoc } from '@tessera/projections';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { EVENT_STORE, AppendOutcomeUnknown, StoreUnavailable, type EventStore } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { runSeatCommand } from '../seat-command';

export const SWEEP_INTERVAL_MS = 2000;

@Injectable()
export class ExpirySweeper {
  private readonly logger = new Logger('ExpirySweeper');
  private running = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Interval(SWEEP_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      // A store down or an append left unconfirmed: the next run tries again; anything else is a bug to see.
      if (!(error instanceof StoreUnavailable || error instanceof AppendOutcomeUnknown)) this.logger.error(error instanceof Error ? error.stack : String(error));
    } finally {
      this.running = false;
    }
  }

  /** Returns the number of expiries recorded. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const locked = await this.store.findBy<SeatDoc>('seats', 'state', 'locked');
    let recorded = 0;
    for (const seat of locked.filter((s) => seatStatus(s, now) === 'available')) {
      const correlationId = randomUUID();
      const answer = await runSeatCommand(this.events, this.clock, seat, { type: 'ExpireLock', data: { showId: seat.showId, seatId: seat.seatId } }, {
        metadata: { userId: 'system', correlationId, causationId: correlationId },
      });
      if (answer.position) recorded++;
    }
    return recorded;
  }
}
