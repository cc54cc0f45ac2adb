/**
 * The multi-seat reservation: a process manager over single-stream appends (EventStoreDB has no
 * multi-stream transaction). docs/reservations.md explains why no interleaving and no crash point
 * gives a seat two owners or shows half a reservation as confirmed. In short:
 *
 *   1. check every seat (nothing written when one is refused),
 *   2. open an attempt in the reservation stream (ReservationRequested),
 *   3. append SeatsReserved to each seat stream at the revision where the caller's live lock was seen,
 *   4. decide the outcome with one append to the reservation stream: Confirmed when every seat has
 *      it, otherwise Failed, then hand the seats back (SeatReleased "reservation-failed" + the lock).
 *
 * The outcome append carries the expected revision, so the attempt and a recovery (`settle`) can
 * never both decide; whichever loses reads the winner's outcome and follows it.
 */
import {
  DomainError,
  reservationDecider,
  reservationStream,
  reservationSummary,
  seatDecider,
  seatStream,
  ShowCancelledError,
  type CancelReservation,
  type ReservationState,
  type ReservationSummary,
  type SeatConflict,
} from '@tessera/domain';
import type { SeatDoc } from '@tessera/projections';
import type { Clock } from '../clock/clock.port';
import { decideAndAppend, loadStream, type CommandContext } from '../commands/decide-and-append';
import { crashPoint } from '../crash-points/crash-points';
import type { EventStore, Position } from '../event-store/event-store.port';
import { assertShowSelling, cancelledShow, endLocksIfShowCancelled } from '../shows/show-gate';
import { ReservationConflicts } from './reservation-conflicts';

export interface ReserveRequest {
  reservationId: string;
  show: { id: string; name: string; currency: string };
  /** The requested seats, in request order, as the read model knows them (they exist). */
  seats: SeatDoc[];
  user: { id: string; username: string };
  requestHash: string;
  idempotencyKey: string | null;
  context: CommandContext;
}

export interface ReserveOutcome {
  reservation: ReservationSummary;
  /** True when an earlier request with the same Idempotency-Key already made this reservation. */
  replayed: boolean;
  position: Position | undefined;
}

type Seat = Pick<SeatDoc, 'showId' | 'seatId' | 'label'>;

export class ReservationProcess {
  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const stream = reservationStream(request.reservationId);
    let { state } = await loadStream(this.events, stream, reservationDecider);
    if (state.status === 'requested') state = await this.settle(request.reservationId, request.context); // a crashed or concurrent retry
    if (state.status !== 'none' && state.request.requestHash !== request.requestHash) {
      reservationDecider.decide(requestCommand(request), state, this.clock.now()); // throws IdempotencyKeyReused
    }
    if (state.status === 'confirmed' || state.status === 'cancelled') return { reservation: summary(state), replayed: true, position: undefined };

    await assertShowSelling(this.events, request.show.id);
    const refused = await this.check(request);
    if (refused.length) throw new ReservationConflicts(refused);

    const opened = await decideAndAppend(this.events, stream, reservationDecider, requestCommand(request), this.now, request.context);
    if (opened.state.status !== 'requested') return { reservation: summary(opened.state), replayed: true, position: undefined };
    const attempt = opened.state.request.attempt;
    const context = { ...request.context, idempotencyBase: `${request.reservationId}|${attempt}` };

    const conflicts = await this.takeSeats(request, context);
    const outcome = conflicts.length
      ? await this.fail(request.reservationId, attempt, conflicts, false, request.seats, context)
      : await this.confirm(request.reservationId, attempt, request.seats, context);
    if (outcome.state.status !== 'confirmed') {
      // The event was cancelled while this reservation was being made: that is what stood in the way.
      if (outcome.state.status === 'cancelled' || (await cancelledShow(this.events, request.show.id))) throw new ShowCancelledError(request.show.id);
      throw new ReservationConflicts(conflicts.length ? conflicts : request.seats.map((s) => conflict(s, 'seat_unavailable')));
    }
    crashPoint('reserve.confirmed'); // test-only: recorded, not yet projected nor answered
    return { reservation: summary(outcome.state), replayed: false, position: outcome.position };
  }

  /**
   * Brings a reservation to a final state (recovery after a crash, or a retry meeting an attempt in
   * flight): an open attempt is confirmed if every seat has it, failed otherwise; the seats of a
   * failed or cancelled reservation that still hold it are handed back.
   */
  async settle(reservationId: string, context: CommandContext): Promise<ReservationState> {
    const { state } = await loadStream(this.events, reservationStream(reservationId), reservationDecider);
    if (state.status === 'none' || state.status === 'confirmed') return state;
    const seats = state.request.seatIds.map((seatId, i) => ({ showId: state.request.showId, seatId, label: state.request.seats[i] }));
    const ctx = { ...context, idempotencyBase: `${reservationId}|${state.request.attempt}|settle` };
    if (state.status === 'requested') {
      const missing = await this.seatsWithout(reservationId, seats);
      const outcome = missing.length
        ? await this.fail(reservationId, state.request.attempt, missing.map((s) => conflict(s, 'seat_unavailable')), true, seats, ctx)
        : await this.confirm(reservationId, state.request.attempt, seats, ctx);
      return outcome.state;
    }
    await this.handBack(reservationId, seats, state.status === 'cancelled' ? 'cancelled' : 'reservation-failed', ctx);
    return state;
  }

  /**
   * Cancels a reservation (its owner's call, the box office's on their behalf, or the organiser's
   * cancellation of the event) and frees its seats.
   */
  async cancel(command: CancelReservation['data'], context: CommandContext): Promise<{ reservation: ReservationSummary; position: Position | undefined }> {
    const { reservationId } = command;
    const stream = reservationStream(reservationId);
    const decision = await decideAndAppend(this.events, stream, reservationDecider, { type: 'CancelReservation', data: command }, this.now, context);
    const state = decision.state;
    if (state.status === 'none') throw new Error('unreachable: a cancelled reservation has a stream');
    crashPoint('cancel.cancelled'); // test-only: cancelled, no seat released yet
    const seats = state.request.seatIds.map((seatId, i) => ({ showId: state.request.showId, seatId, label: state.request.seats[i] }));
    const position = (await this.handBack(reservationId, seats, 'cancelled', context)) ?? decision.position;
    return { reservation: summary(state), position };
  }

  private readonly now = (): Date => this.clock.now();

  /** Step 1: what the decider would say for each seat, without writing. */
  private async check({ seats, reservationId, user }: ReserveRequest): Promise<SeatConflict[]> {
    const now = this.clock.now();
    const states = await Promise.all(seats.map((s) => loadStream(this.events, seatStream(s.showId, s.seatId), seatDecider)));
    return seats.flatMap((seat, i) => {
      try {
        seatDecider.decide(reserveCommand(seat, reservationId, seats, user), states[i].state, now);
        return [];
      } catch (error) {
        return [conflict(seat, codeOf(error))];
      }
    });
  }

  /** Step 3, seat by seat; stops at the first refusal. */
  private async takeSeats(request: ReserveRequest, context: CommandContext): Promise<SeatConflict[]> {
    for (const seat of request.seats) {
      try {
        await decideAndAppend(this.events, seatStream(seat.showId, seat.seatId), seatDecider, reserveCommand(seat, request.reservationId, request.seats, request.user), this.now, context);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return [conflict(seat, codeOf(error))];
      }
      crashPoint('reserve.seat-reserved'); // test-only: between the seat appends
    }
    return [];
  }

  private async confirm(reservationId: string, attempt: number, seats: readonly Seat[], context: CommandContext) {
    const decision = await decideAndAppend(this.events, reservationStream(reservationId), reservationDecider, { type: 'ConfirmReservation', data: { reservationId, attempt } }, this.now, context);
    // Someone else (a recovery) decided first and failed the attempt: follow it.
    if (decision.state.status === 'failed') await this.handBack(reservationId, seats, 'reservation-failed', context);
    if (decision.state.status !== 'confirmed' || seats.length === 0) return decision;
    // A cancellation of the event recorded while this reservation was made: it is the organiser's to cancel.
    const cancelled = await cancelledShow(this.events, seats[0].showId);
    if (!cancelled) return decision;
    return { ...decision, state: await this.cancelForOrganiser(reservationId, cancelled.cancelReason ?? '', context) };
  }

  /** The organiser's cancellation of one reservation of a cancelled event; one already cancelled is left as it is. */
  async cancelForOrganiser(reservationId: string, reason: string, context: CommandContext): Promise<ReservationState> {
    try {
      await this.cancel({ reservationId, cancelledBy: 'organiser', reason }, context);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'already_cancelled')) throw error;
    }
    return (await loadStream(this.events, reservationStream(reservationId), reservationDecider)).state;
  }

  private async fail(reservationId: string, attempt: number, conflicts: SeatConflict[], recovered: boolean, seats: readonly Seat[], context: CommandContext) {
    const decision = await decideAndAppend(this.events, reservationStream(reservationId), reservationDecider, { type: 'FailReservation', data: { reservationId, attempt, conflicts, recovered } }, this.now, context);
    if (decision.events.length) crashPoint('reserve.failed'); // test-only: failed, seats not handed back yet
    if (decision.state.status === 'failed') await this.handBack(reservationId, seats, 'reservation-failed', context);
    return decision;
  }

  /** Frees every seat still held by this reservation; returns the position of the last release. */
  private async handBack(reservationId: string, seats: readonly Seat[], reason: 'reservation-failed' | 'cancelled', context: CommandContext): Promise<Position | undefined> {
    let last: Position | undefined;
    for (const seat of seats) {
      const decision = await decideAndAppend(this.events, seatStream(seat.showId, seat.seatId), seatDecider, { type: 'ReleaseSeat', data: { showId: seat.showId, seatId: seat.seatId, reason, reservationId } }, this.now, context);
      last = decision.position ?? last;
      crashPoint(reason === 'cancelled' ? 'cancel.seat-released' : 'reserve.seat-handed-back'); // test-only: part of the seats freed
    }
    // A failed reservation hands its seats back as the locks they were, and those locks must not
    // outlive a cancellation of the event. Read after the hand-back: a cancellation recorded before
    // this read is seen here and the locks are ended; one recorded after it is carried out by a
    // process that reads the seats after that, and finds the handed-back locks itself.
    if (reason === 'reservation-failed' && seats.length) {
      const ended = await endLocksIfShowCancelled(this.events, this.now, seats[0].showId, seats.map((s) => s.seatId), context);
      last = ended.position ?? last;
    }
    return last;
  }

  private async seatsWithout(reservationId: string, seats: readonly Seat[]): Promise<Seat[]> {
    const states = await Promise.all(seats.map((s) => loadStream(this.events, seatStream(s.showId, s.seatId), seatDecider)));
    return seats.filter((_, i) => {
      const s = states[i].state;
      return !(s.status === 'reserved' && s.reservationId === reservationId);
    });
  }
}

function requestCommand(r: ReserveRequest) {
  return {
    type: 'RequestReservation' as const,
    data: {
      reservationId: r.reservationId,
      showId: r.show.id,
      showName: r.show.name,
      userId: r.user.id,
      username: r.user.username,
      seatIds: r.seats.map((s) => s.seatId),
      seats: r.seats.map((s) => s.label),
      prices: r.seats.map((s) => s.price),
      currency: r.show.currency,
      requestHash: r.requestHash,
      idempotencyKey: r.idempotencyKey,
    },
  };
}

const reserveCommand = (seat: Seat, reservationId: string, seats: readonly Seat[], user: { id: string; username: string }) => ({
  type: 'ReserveSeat' as const,
  data: { showId: seat.showId, seatId: seat.seatId, reservationId, seatIds: seats.map((s) => s.seatId), userId: user.id, username: user.username },
});

const conflict = (seat: Seat, code: SeatConflict['code']): SeatConflict => ({ seatId: seat.seatId, label: seat.label, code });

function codeOf(error: unknown): SeatConflict['code'] {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === 'seat_unavailable' || error.code === 'not_lock_owner' || error.code === 'lock_expired') return error.code;
  throw error;
}

function summary(state: ReservationState): ReservationSummary {
  const s = reservationSummary(state);
  if (!s) throw new Error('unreachable: a settled reservation has a summary');
  return s;
}
