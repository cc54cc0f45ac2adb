import { fold } from '../shared/decider';
import { storedTypeOf, upcast } from '../upcasting';
import { givenFor } from '../testing/given';
import { at, iso } from '../testing/seat.fixtures';
import type { CancelReservation, ConfirmReservation, FailReservation, ReleaseReservationSeat, RequestReservation } from './reservation.commands';
import { reservationDecider, reservationSummary } from './reservation.decider';
import { AlreadyCancelled, IdempotencyKeyReused, ReservationNotFound } from './reservation.errors';
import type {
  ReservationCancelled, ReservationConfirmed, ReservationEvent, ReservationFailed, ReservationRequested, ReservationSeatReleased, SeatConflict,
} from './reservation.events';

const given = givenFor(reservationDecider);
const ID = 'r-1';
const conflict: SeatConflict = { seatId: 'A2', label: 'A2', code: 'seat_unavailable' };

const requestReservation = (overrides: Partial<RequestReservation['data']> = {}): RequestReservation => ({
  type: 'RequestReservation',
  data: {
    reservationId: ID, showId: 'show-1', showName: 'Concert XYZ', userId: 'u-alice', username: 'alice',
    seatIds: ['A1', 'A2'], seats: ['A1', 'A2'], prices: ['50.00', '35.50'], currency: 'EUR',
    requestHash: 'hash-1', idempotencyKey: 'key-1', ...overrides,
  },
});
const requested = (attempt = 1, atSecond = 0, overrides: Partial<RequestReservation['data']> = {}, totalPrice = '85.50'): ReservationRequested => ({
  type: 'ReservationRequested',
  data: { ...requestReservation(overrides).data, totalPrice, attempt, requestedAt: iso(atSecond) },
});
const confirmed = (attempt = 1, atSecond = 1): ReservationConfirmed => ({ type: 'ReservationConfirmed', data: { reservationId: ID, attempt, confirmedAt: iso(atSecond) } });
const failed = (attempt = 1, atSecond = 1): ReservationFailed => ({
  type: 'ReservationFailed',
  data: { reservationId: ID, attempt, conflicts: [conflict], recovered: false, failedAt: iso(atSecond) },
});
const cancelled = (seatIds = ['A1', 'A2'], atSecond = 100): ReservationCancelled => ({
  type: 'ReservationCancelled',
  data: { reservationId: ID, userId: 'u-alice', seatIds, cancelledBy: 'owner', cancelledAt: iso(atSecond) },
});
const seatReleased = (seatId: string, atSecond = 50): ReservationSeatReleased => ({
  type: 'ReservationSeatReleased',
  data: { reservationId: ID, seatId, releasedAt: iso(atSecond) },
});

const confirm = (attempt = 1): ConfirmReservation => ({ type: 'ConfirmReservation', data: { reservationId: ID, attempt } });
const fail = (attempt = 1): FailReservation => ({ type: 'FailReservation', data: { reservationId: ID, attempt, conflicts: [conflict], recovered: false } });
const cancel = (userId = 'u-alice'): CancelReservation => ({ type: 'CancelReservation', data: { reservationId: ID, cancelledBy: 'owner', userId } });
const releaseSeat = (seatId: string): ReleaseReservationSeat => ({ type: 'ReleaseReservationSeat', data: { reservationId: ID, seatId } });

describe('requesting a reservation', () => {
  it('opens the first attempt, totalling its seats\' prices', () => {
    given([]).when(requestReservation(), at(0)).then([requested(1, 0)]);
  });

  it('opens a new attempt after a failed one, with the new request', () => {
    const fewer = { seatIds: ['A1'], seats: ['A1'], prices: ['50.00'] };
    given([requested(1), failed(1)]).when(requestReservation(fewer), at(10)).then([requested(2, 10, fewer, '50.00')]);
  });

  it('records nothing for a retry of the same request that made a reservation', () => {
    given([requested(1), confirmed(1)]).when(requestReservation(), at(10)).thenNothing();
  });

  it('records nothing for a retry of the same request while its attempt is in flight', () => {
    given([requested(1)]).when(requestReservation(), at(10)).thenNothing();
  });

  it('refuses a different request under a key that already made a reservation', () => {
    const error = given([requested(1), confirmed(1)]).when(requestReservation({ requestHash: 'hash-2' }), at(10)).thenThrows(IdempotencyKeyReused);
    expect(error.code).toBe('idempotency_key_reused');
  });
});

describe('ending an attempt', () => {
  it('confirms the open attempt', () => {
    given([requested(1)]).when(confirm(1), at(1)).then([confirmed(1, 1)]);
  });

  it('records nothing for a confirm of an attempt that is not the open one', () => {
    given([requested(1), failed(1), requested(2)]).when(confirm(1), at(20)).thenNothing();
  });

  it('records nothing for a confirm once recovery has failed the attempt', () => {
    given([requested(1), failed(1)]).when(confirm(1), at(20)).thenNothing();
  });

  it('records nothing for a repeated confirm', () => {
    given([requested(1), confirmed(1)]).when(confirm(1), at(20)).thenNothing();
  });

  it('fails the open attempt with the seats that stood in the way', () => {
    given([requested(1)]).when(fail(1), at(1)).then([failed(1, 1)]);
  });

  it('records nothing for a fail once the attempt is confirmed', () => {
    given([requested(1), confirmed(1)]).when(fail(1), at(20)).thenNothing();
  });
});

describe('cancelling a reservation', () => {
  it('cancels the owner\'s confirmed reservation with the seats still in it', () => {
    given([requested(1), confirmed(1), seatReleased('A2', 50)]).when(cancel(), at(100)).then([cancelled(['A1'], 100)]);
  });

  it('refuses to cancel a reservation twice, saying so in a sentence', () => {
    const error = given([requested(1), confirmed(1), cancelled()]).when(cancel(), at(200)).thenThrows(AlreadyCancelled);
    expect(error.code).toBe('already_cancelled');
    expect(error.detail).toBe('Reservation r-1 is already cancelled');
  });

  it('refuses to cancel a reservation an admin has emptied', () => {
    given([requested(1), confirmed(1), seatReleased('A1'), seatReleased('A2')]).when(cancel(), at(200)).thenThrows(AlreadyCancelled);
  });

  it('answers not_found to a user who does not own the reservation', () => {
    const error = given([requested(1), confirmed(1)]).when(cancel('u-bob'), at(100)).thenThrows(ReservationNotFound);
    expect(error.code).toBe('not_found');
  });

  it('answers not_found, not already_cancelled, to another user on a cancelled reservation', () => {
    given([requested(1), confirmed(1), cancelled()]).when(cancel('u-bob'), at(200)).thenThrows(ReservationNotFound);
  });

  it('answers not_found for a reservation that does not exist', () => {
    given([]).when(cancel(), at(100)).thenThrows(ReservationNotFound);
  });

  it('answers not_found for an attempt that failed', () => {
    given([requested(1), failed(1)]).when(cancel(), at(100)).thenThrows(ReservationNotFound);
  });

  const summary = (events: ReservationEvent[]) => reservationSummary(fold(reservationDecider, events));

  it('lets the box office and the organiser cancel anyone\'s confirmed reservation, with their reason', () => {
    const byBoxOffice: CancelReservation = { type: 'CancelReservation', data: { reservationId: ID, cancelledBy: 'admin', reason: 'Double booking' } };
    given([requested(1), confirmed(1)]).when(byBoxOffice, at(100)).then([
      { type: 'ReservationCancelled', data: { reservationId: ID, userId: 'u-alice', seatIds: ['A1', 'A2'], cancelledBy: 'admin', reason: 'Double booking', cancelledAt: iso(100) } },
    ]);
    const byOrganiser: CancelReservation = { type: 'CancelReservation', data: { reservationId: ID, cancelledBy: 'organiser', reason: 'Show cancelled' } };
    expect(summary([requested(1), confirmed(1), ...reservationDecider.decide(byOrganiser, fold(reservationDecider, [requested(1), confirmed(1)]), at(100))])).toMatchObject({
      status: 'cancelled', cancelledBy: 'organiser', reason: 'Show cancelled', cancelledAt: iso(100),
    });
    given([requested(1), confirmed(1), cancelled()]).when(byOrganiser, at(200)).thenThrows(AlreadyCancelled);
    given([requested(1)]).when(byOrganiser, at(200)).thenThrows(ReservationNotFound);
  });

  it('reads a reservation an admin emptied seat by seat as cancelled by the box office, without a reason', () => {
    expect(summary([requested(1), confirmed(1), seatReleased('A1'), seatReleased('A2', 60)])).toMatchObject({ status: 'cancelled', cancelledAt: iso(60), cancelledBy: 'admin', reason: null });
  });
});

describe('an admin taking a seat out of a reservation', () => {
  it('records the seat leaving a confirmed reservation', () => {
    given([requested(1), confirmed(1)]).when(releaseSeat('A2'), at(50)).then([seatReleased('A2', 50)]);
  });

  it('records nothing for a seat that is no longer in the reservation', () => {
    given([requested(1), confirmed(1), seatReleased('A2')]).when(releaseSeat('A2'), at(60)).thenNothing();
  });

  it('records nothing on a cancelled reservation', () => {
    given([requested(1), confirmed(1), cancelled()]).when(releaseSeat('A1'), at(200)).thenNothing();
  });
});

describe('the reservation as the HTTP answer shows it', () => {
  const summary = (events: ReservationEvent[]) => reservationSummary(fold(reservationDecider, events));

  it('shows nothing for a stream with no request', () => {
    expect(summary([])).toBeNull();
  });

  it('shows an attempt in flight as pending', () => {
    expect(summary([requested(1)])).toStrictEqual({
      id: ID, showId: 'show-1', showName: 'Concert XYZ', username: 'alice', seatIds: ['A1', 'A2'], seats: ['A1', 'A2'],
      totalPrice: '85.50', currency: 'EUR', status: 'pending', createdAt: iso(0), cancelledAt: null, cancelledBy: null, reason: null,
    });
  });

  it('shows a failed attempt as failed', () => {
    expect(summary([requested(1), failed(1)])?.status).toBe('failed');
  });

  it('shows the latest attempt after a retry', () => {
    expect(summary([requested(1), failed(1), requested(2, 30), confirmed(2, 31)])).toMatchObject({ status: 'confirmed', createdAt: iso(30) });
  });

  it('recomputes the total from the seats an admin left in it', () => {
    expect(summary([requested(1), confirmed(1), seatReleased('A1')])).toMatchObject({ status: 'confirmed', seatIds: ['A2'], seats: ['A2'], totalPrice: '35.50' });
  });

  it('shows a cancelled reservation with the time it was cancelled', () => {
    expect(summary([requested(1), confirmed(1), cancelled(['A1', 'A2'], 100)])).toMatchObject({ status: 'cancelled', cancelledAt: iso(100) });
  });

  it('reads cancelled, from the last seat\'s release, once an admin has taken out every seat', () => {
    expect(summary([requested(1), confirmed(1), seatReleased('A1', 40), seatReleased('A2', 50)])).toMatchObject({
      status: 'cancelled', seatIds: [], totalPrice: '0.00', cancelledAt: iso(50),
    });
  });
});

describe('upcasting ReservationCancelled', () => {
  it('reads a cancellation recorded by release 0.1 as the owner\'s, and records new ones as ReservationCancelled.v2', () => {
    const v1 = { reservationId: ID, userId: 'u-alice', seatIds: ['A1'], cancelledAt: iso(100) };
    expect(upcast('ReservationCancelled', v1)).toEqual({ type: 'ReservationCancelled', data: { ...v1, cancelledBy: 'owner' } });
    expect(storedTypeOf('ReservationCancelled')).toBe('ReservationCancelled.v2');
    const v2 = { ...v1, cancelledBy: 'organiser', reason: 'Show cancelled' };
    expect(upcast('ReservationCancelled.v2', v2)).toEqual({ type: 'ReservationCancelled', data: v2 });
    expect(reservationSummary(fold(reservationDecider, [requested(1), confirmed(1), upcast('ReservationCancelled', v1) as ReservationEvent]))).toMatchObject({ cancelledBy: 'owner', reason: null });
  });
});
