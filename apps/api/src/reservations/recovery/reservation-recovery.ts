/**
 * Finishes reservations a crash left half done: at start-up (before the API takes requests) and
 * on a timer. An open attempt is confirmed when every seat has it and failed otherwise; seats of a
 * failed or cancelled reservation that still hold it are handed back. Safe on every instance and
 * at any time, because every step is an append with an expected revision (docs/reservations.md).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { seatDecider, seatStream } from '@tessera/domain';
import { seatDocId, showStatusOf, type ReservationDoc, type SeatDoc, type ShowDoc } from '@tessera/projections';
import { ShowCancellation } from '../../admin/box-office/show-cancellation';
import { releaseFromReservation } from '../../admin/release-seat/release-seat.handler';
import { loadStream } from '../../commands/decide-and-append';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { EVENT_STORE, AppendOutcomeUnknown, StoreUnavailable, type EventStore } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ReservationProcess } from '../reservation-process';

/** An attempt younger than this may still be running in some instance; the timer leaves it alone. */
export const IN_FLIGHT_GRACE_MS = 30_000;
export const RECOVERY_INTERVAL_MS = 15_000;

@Injectable()
export class ReservationRecovery {
  private readonly logger = new Logger('ReservationRecovery');
  private readonly process: ReservationProcess;
  private readonly cancellations: ShowCancellation;
  private running = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.process = new ReservationProcess(events, clock);
    this.cancellations = new ShowCancellation(events, clock);
  }

  @Interval(RECOVERY_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.recover(IN_FLIGHT_GRACE_MS);
    } catch (error) {
      // A store down or an append left unconfirmed: the next run tries again; anything else is a bug to see.
      if (!(error instanceof StoreUnavailable || error instanceof AppendOutcomeUnknown)) this.logger.error(error instanceof Error ? error.stack : String(error));
    } finally {
      this.running = false;
    }
  }

  /** Settles every unfinished reservation older than `graceMs`; returns how many it touched. */
  async recover(graceMs: number): Promise<number> {
    const ids = await this.unfinished(graceMs);
    for (const id of ids) {
      const correlationId = randomUUID();
      await this.process.settle(id, { metadata: { userId: 'system', correlationId, causationId: correlationId } });
    }
    const healed = await this.finishAdminReleases();
    const cancelled = await this.finishCancellations();
    if (ids.length + healed + cancelled) {
      this.logger.log(`settled ${ids.length} unfinished reservation(s), ${healed} unfinished admin release(s), ${cancelled} unfinished event cancellation(s)`);
    }
    return ids.length + healed + cancelled;
  }

  /**
   * An event's cancellation is recorded first and carried out after: a cancelled show whose stream
   * has no ShowCancellationCompleted was cut short, and is carried out again (each step is a no-op
   * where it was done). The read model picks the candidates; the show's stream decides.
   */
  private async finishCancellations(): Promise<number> {
    const cancelled = (await this.store.list<ShowDoc>('shows')).filter((s) => showStatusOf(s).status === 'cancelled');
    let finished = 0;
    for (const show of cancelled) {
      const correlationId = randomUUID();
      const outcome = await this.cancellations.carryOut(show.id, { metadata: { userId: 'system', correlationId, causationId: correlationId } });
      if (outcome.position) finished++;
    }
    return finished;
  }

  /**
   * An admin release frees the seat first and then records it in the reservation: a confirmed
   * reservation that lists a seat whose stream no longer says it is reserved by it lost that seat
   * to an admin release that a crash cut short. The read model only picks candidates; the seat
   * stream decides.
   */
  private async finishAdminReleases(): Promise<number> {
    const reservations = (await this.store.list<ReservationDoc>('reservations')).filter((r) => r.status === 'confirmed');
    let healed = 0;
    for (const r of reservations) {
      const seats = await this.store.getMany<SeatDoc>('seats', r.seatIds.map((id) => seatDocId(r.showId, id)));
      for (const seatId of r.seatIds) {
        if (seats.get(seatDocId(r.showId, seatId))?.doc.reservationId === r.id) continue;
        const { state } = await loadStream(this.events, seatStream(r.showId, seatId), seatDecider);
        if (state.status === 'reserved' && state.reservationId === r.id) continue;
        const correlationId = randomUUID();
        await releaseFromReservation(this.events, this.clock, r.id, seatId, { metadata: { userId: 'system', correlationId, causationId: correlationId } });
        healed++;
      }
    }
    return healed;
  }

  private async unfinished(graceMs: number): Promise<string[]> {
    const cutoff = this.clock.now().getTime() - graceMs;
    const reservations = await this.store.list<ReservationDoc>('reservations');
    const byId = new Map(reservations.map((r) => [r.id, r]));
    const pending = reservations.filter((r) => r.status === 'pending' && Date.parse(r.createdAt) <= cutoff).map((r) => r.id);
    // Seats still held by a reservation that failed or was cancelled: a crash cut its hand-back short.
    const reserved = await this.store.findBy<SeatDoc>('seats', 'state', 'reserved');
    const stranded = reserved
      .map((s) => s.reservationId)
      .filter((id): id is string => id !== null && ['failed', 'cancelled'].includes(byId.get(id)?.status ?? ''));
    return [...new Set([...pending, ...stranded])];
  }
}
