/**
 * Reservations per user after a history of reservation events: pending until confirmed, shrinking
 * when an admin takes seats out, cancelled once emptied. Cross-checked against the domain's own
 * reading of the same stream (reservationSummary), which the HTTP answers use.
 */
import fc from 'fast-check';
import { fold, reservationDecider, reservationSummary, type DomainEvent, type ReservationEvent, type ReservationRequested } from '@tessera/domain';
import { at, iso } from '@tessera/domain/testing/seat.fixtures';
import type { ProjectedEvent } from './projection';
import { isVisibleReservation, type ReservationDoc, reservationsProjection } from './reservations.projection';

const R = 'r-1';
const requested = (over: Partial<ReservationRequested['data']> = {}): ReservationRequested => ({
  type: 'ReservationRequested',
  data: {
    reservationId: R, showId: 'show-1', showName: 'Hamlet', userId: 'u-alice', username: 'alice',
    seatIds: ['A1', 'A2', 'B1'], seats: ['A1', 'A2', 'B1'], prices: ['0.10', '0.20', '30.00'], totalPrice: '30.30',
    currency: 'EUR', requestHash: 'hash', idempotencyKey: null, attempt: 1, requestedAt: iso(60), ...over,
  },
});
const confirmed = (attempt = 1): ReservationEvent => ({ type: 'ReservationConfirmed', data: { reservationId: R, attempt, confirmedAt: iso(61) } });
const failed = (attempt = 1): ReservationEvent => ({
  type: 'ReservationFailed',
  data: { reservationId: R, attempt, conflicts: [{ seatId: 'A2', label: 'A2', code: 'seat_unavailable' }], failedAt: iso(61), recovered: false },
});
const cancelled = (at = 100): ReservationEvent => ({
  type: 'ReservationCancelled',
  data: { reservationId: R, userId: 'u-alice', seatIds: ['A1', 'A2', 'B1'], cancelledBy: 'owner', cancelledAt: iso(at) },
});
const seatReleased = (seatId: string, at = 100): ReservationEvent => ({ type: 'ReservationSeatReleased', data: { reservationId: R, seatId, releasedAt: iso(at) } });

/** Folds the events as the runner does: each event applied to every document it names. */
function project(events: readonly DomainEvent[]): Map<string, ReservationDoc> {
  const docs = new Map<string, ReservationDoc>();
  for (const event of events) {
    const projected: ProjectedEvent = { ...event, recordedAt: iso(0) };
    for (const key of reservationsProjection.keys(projected)) {
      const next = reservationsProjection.apply(docs.get(key), projected, key);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}
const reservation = (...events: DomainEvent[]): ReservationDoc | undefined => project(events).get(R);

describe('reservations projection', () => {
  it('records a requested reservation as pending, with its seats and an exact total, and does not list it', () => {
    const doc = reservation(requested())!;
    expect(doc).toEqual({
      id: R, showId: 'show-1', showName: 'Hamlet', userId: 'u-alice', username: 'alice', seatIds: ['A1', 'A2', 'B1'], seats: ['A1', 'A2', 'B1'],
      prices: ['0.10', '0.20', '30.00'], totalPrice: '30.30', currency: 'EUR', status: 'pending', createdAt: iso(60), cancelledAt: null,
      cancelledBy: null, reason: null, bookedSeats: 3, bookedTotal: '30.30', refunds: [],
    });
    expect(isVisibleReservation(doc)).toBe(false);
  });

  it('stays pending while its seats are reserved, and reads confirmed only after ReservationConfirmed', () => {
    const seatsReserved: DomainEvent = {
      type: 'SeatsReserved',
      data: { showId: 'show-1', seatId: 'A1', reservationId: R, seatIds: ['A1', 'A2', 'B1'], userId: 'u-alice', username: 'alice', reservedAt: iso(60) },
    };
    expect(reservation(requested(), seatsReserved)?.status).toBe('pending');
    const doc = reservation(requested(), seatsReserved, confirmed())!;
    expect(doc.status).toBe('confirmed');
    expect(isVisibleReservation(doc)).toBe(true);
  });

  it('reads failed, and is not listed, after ReservationFailed', () => {
    const doc = reservation(requested(), failed())!;
    expect(doc.status).toBe('failed');
    expect(isVisibleReservation(doc)).toBe(false);
  });

  it('reads pending again when a failed attempt is retried', () => {
    const doc = reservation(requested(), failed(), requested({ attempt: 2, requestedAt: iso(70) }))!;
    expect(doc).toMatchObject({ status: 'pending', createdAt: iso(70) });
    expect(reservation(requested(), failed(), requested({ attempt: 2 }), confirmed(2))?.status).toBe('confirmed');
  });

  it('reads cancelled, with the time, after ReservationCancelled', () => {
    const doc = reservation(requested(), confirmed(), cancelled(100))!;
    expect(doc).toMatchObject({ status: 'cancelled', cancelledAt: iso(100), seatIds: ['A1', 'A2', 'B1'], totalPrice: '30.30' });
    expect(isVisibleReservation(doc)).toBe(true);
  });

  it('shrinks the seats, labels, prices and total when an admin releases a seat, and stays confirmed', () => {
    const doc = reservation(requested(), confirmed(), seatReleased('A2'))!;
    expect(doc).toMatchObject({
      status: 'confirmed', seatIds: ['A1', 'B1'], seats: ['A1', 'B1'], prices: ['0.10', '30.00'], totalPrice: '30.10', cancelledAt: null,
    });
  });

  it('reads cancelled from the moment an admin releases its last seat', () => {
    const doc = reservation(requested(), confirmed(), seatReleased('A2', 100), seatReleased('A1', 110), seatReleased('B1', 120))!;
    expect(doc).toMatchObject({ status: 'cancelled', cancelledAt: iso(120), seatIds: [], seats: [], prices: [], totalPrice: '0.00' });
    expect(isVisibleReservation(doc)).toBe(true);
  });

  it('changes nothing when the released seat is not in the reservation', () => {
    const before = reservation(requested(), confirmed())!;
    expect(reservation(requested(), confirmed(), seatReleased('Z9'))).toEqual(before);
  });

  it('makes no document from outcomes whose request it never saw', () => {
    expect(project([confirmed(), failed(), cancelled(), seatReleased('A1')]).size).toBe(0);
  });

  it('agrees with the domain on any series of admin releases of a confirmed reservation', () => {
    const SEATS = ['A1', 'A2', 'B1'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SEATS, 'Z9'), { maxLength: 6 }), fc.boolean(), (releases, cancelFirst) => {
        const events: ReservationEvent[] = [requested(), confirmed()];
        if (cancelFirst) events.push(cancelled(90));
        releases.forEach((seatId, i) => {
          // Only what the decider would record: a live reservation losing a seat it still holds.
          const state = fold(reservationDecider, events);
          const cmd = { type: 'ReleaseReservationSeat' as const, data: { reservationId: R, seatId } };
          events.push(...reservationDecider.decide(cmd, state, at(100 + i)));
        });
        // The summary is what the HTTP answers show: everything but the owner and the per-seat prices.
        const { userId: _userId, prices: _prices, bookedSeats: _seats, bookedTotal: _total, refunds: _refunds, ...shown } = reservation(...events)!;
        expect(shown).toEqual(reservationSummary(fold(reservationDecider, events)));
      }),
      { numRuns: 200 },
    );
  });
});
