/**
 * Cancelling an event: a process over many streams, like the multi-seat reservation
 * (docs/box-office.md). The decision is recorded first, in the show's stream (ShowCancelled, with
 * the organiser's reason); from that append on, no lock, best available or reservation succeeds
 * (shows/show-gate.ts). Then every seat's stream is read: a live lock is ended (SeatReleased
 * `event-cancelled`), and every reservation found on a seat is settled if a crash left it half
 * made and cancelled by the organiser (its seats freed). ShowCancellationCompleted closes it.
 *
 * Every step is a decision on one stream that a second run finds already made, so the process is
 * idempotent: a crash anywhere leaves a show cancelled without its completion, which recovery
 * (reservation-recovery.ts) carries out again from the start, at start-up and on its timer.
 */
import { showDecider, showStream, seatDecider, seatStream, seatsOf, isLive, upcast, type ShowScheduled } from '@tessera/domain';
import type { Clock } from '../../clock/clock.port';
import { decideAndAppend, loadStream, type CommandContext } from '../../commands/decide-and-append';
import { crashPoint } from '../../crash-points/crash-points';
import type { EventStore, Position } from '../../event-store/event-store.port';
import { ReservationProcess } from '../../reservations/reservation-process';
import { inParallel } from '../../commands/in-parallel';

/** Streams worked on at once: enough for the store's group commit to share fsyncs, few enough to stay fair to buyers. */
const PARALLEL = 32;

export interface CancellationOutcome {
  /** Live locks this run ended. */
  locksEnded: number;
  /** Reservations this run cancelled. */
  reservationsCancelled: number;
  /** Of the last event appended, for read-your-writes. */
  position: Position | undefined;
}

export class ShowCancellation {
  private readonly reservations: ReservationProcess;

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {
    this.reservations = new ReservationProcess(events, clock);
  }

  /** Records the decision (409 `event_cancelled` when it was already taken, 404 for no such show), then carries it out. */
  async cancel(showId: string, reason: string, context: CommandContext): Promise<CancellationOutcome> {
    await decideAndAppend(this.events, showStream(showId), showDecider, { type: 'CancelShow', data: { showId, reason } }, this.now, context);
    crashPoint('cancel-event.recorded'); // test-only: decided, nothing carried out yet
    return this.carryOut(showId, context);
  }

  /** Ends what the show's seats still hold and completes the cancellation; a show not cancelled, or completed, is left alone. */
  async carryOut(showId: string, context: CommandContext): Promise<CancellationOutcome> {
    const { state } = await loadStream(this.events, showStream(showId), showDecider);
    if (state.status !== 'cancelled' || state.cancellationCompleted) return { locksEnded: 0, reservationsCancelled: 0, position: undefined };
    const reason = state.cancelReason ?? '';
    let position: Position | undefined;
    let locksEnded = 0;
    const reservationIds = new Set<string>();
    await inParallel(await this.seatIdsOf(showId), PARALLEL, async (seatId) => {
      const stream = seatStream(showId, seatId);
      const { state: seat } = await loadStream(this.events, stream, seatDecider);
      if (seat.status === 'reserved') reservationIds.add(seat.reservationId);
      if (seat.status !== 'locked' || !isLive(seat.lockedUntil, this.clock.now())) return;
      const ended = await decideAndAppend(this.events, stream, seatDecider, { type: 'EndLock', data: { showId, seatId, reason: 'event-cancelled' } }, this.now, context);
      if (ended.events.length) locksEnded++;
      position = ended.position ?? position;
    });
    let reservationsCancelled = 0;
    await inParallel([...reservationIds], PARALLEL, async (reservationId) => {
      // An attempt a crash left open is finished first (confirmed only if every seat has it, and then cancelled below).
      const settled = await this.reservations.settle(reservationId, context);
      if (settled.status !== 'confirmed') return;
      const cancelled = await this.reservations.cancelForOrganiser(reservationId, reason, context);
      if (cancelled.status === 'cancelled') reservationsCancelled++;
      crashPoint('cancel-event.reservation-cancelled'); // test-only: part of the reservations cancelled
    });
    const completed = await decideAndAppend(this.events, showStream(showId), showDecider, { type: 'CompleteCancellation', data: { showId } }, this.now, context);
    return { locksEnded, reservationsCancelled, position: completed.position ?? position };
  }

  private readonly now = (): Date => this.clock.now();

  /** The show's seats, from its layout as scheduled (the stream, not a read model). */
  private async seatIdsOf(showId: string): Promise<string[]> {
    const [first] = await this.events.readStream(showStream(showId));
    const scheduled = first && (upcast(first.type, first.data) as ShowScheduled);
    return scheduled?.type === 'ShowScheduled' ? seatsOf(scheduled.data.layout).map((s) => s.seatId) : [];
  }
}
