import { Problem } from '../api/problem';
import { Reservation } from '../api/reservations-api';
import { lockFailureMessage, notForSaleMessage, reservationConfirmedMessage, reserveFailureMessage, saleStateMessage, unlockFailureMessage } from './seat-messages';

function problem(overrides: Partial<Problem>): Problem {
  return { status: 409, code: 'seat_unavailable', detail: null, conflicts: [], errors: [], ...overrides };
}

describe('seat messages', () => {
  it('says a seat someone else took was just taken by someone else', () => {
    expect(lockFailureMessage(problem({ detail: 'Seat A1 is locked by another user' }), 'A1')).toBe(
      'A1 was just taken by someone else.',
    );
  });

  it('shows the API’s detail for other refusals of a lock', () => {
    const limit = problem({ code: 'seat_limit_reached', detail: 'You already hold 10 seats in this event.' });
    expect(lockFailureMessage(limit, 'A1')).toBe('You already hold 10 seats in this event.');
  });

  it('explains a release of a seat no longer held', () => {
    expect(unlockFailureMessage(problem({ code: 'not_lock_owner' }), 'B4')).toMatch(/^You no longer hold B4/);
  });

  it('names every seat a refused reservation lists, and says nothing was reserved', () => {
    const refused = problem({
      detail: 'Seat A1 is locked by another user',
      conflicts: [
        { seatId: 's1', label: 'A1', code: 'seat_unavailable' },
        { seatId: 's2', label: 'A2', code: 'lock_expired' },
        { seatId: 's3', label: 'A3', code: 'not_lock_owner' },
      ],
    });
    expect(reserveFailureMessage(refused)).toBe(
      'A1 was just taken by someone else. Your hold on A2 has expired. You no longer hold A3. ' +
        'Nothing was reserved; pick your seats again and reserve.',
    );
  });

  it('shows the API’s detail for a refused reservation without conflicts', () => {
    expect(reserveFailureMessage(problem({ status: 503, code: 'unavailable', detail: 'The event store is down.' }))).toBe(
      'The event store is down.',
    );
  });

  it('confirms a reservation with its seats and total', () => {
    const reservation: Reservation = {
      id: 'r1',
      eventId: 'e1',
      eventName: 'Concert XYZ',
      eventStartsAt: '2027-01-15T19:30:00.000Z',
      venue: 'Main Hall',
      seatIds: ['s1', 's2'],
      seats: ['A1', 'A2'],
      totalPrice: '100.00',
      currency: 'EUR',
      status: 'confirmed',
      createdAt: '2026-12-22T10:00:00.000Z',
    };
    expect(reservationConfirmedMessage(reservation)).toBe('Reservation confirmed: A1, A2, 100.00 EUR');
  });

  it('names the seats of a layout event with their section, as the page does', () => {
    const reservation: Reservation = {
      id: 'r2', eventId: 'e2', eventName: 'Hamlet', eventStartsAt: '2027-01-15T19:30:00.000Z', venue: 'Globe Theatre',
      seatIds: ['stalls-1-8', 'balcony-A-101'], seats: ['1-8', 'A-101'], totalPrice: '110.00', currency: 'EUR', status: 'confirmed', createdAt: '2026-12-22T10:00:00.000Z',
    };
    const names = new Map([['stalls-1-8', 'Stalls 1-8'], ['balcony-A-101', 'Balcony A-101']]);
    expect(reservationConfirmedMessage(reservation, names)).toBe('Reservation confirmed: Stalls 1-8, Balcony A-101, 110.00 EUR');
  });
});

describe('the words of an event not on sale', () => {
  it('says a cancelled event can no longer be bought, and closed sales for now', () => {
    expect(saleStateMessage('cancelled')).toBe('This event was cancelled. Its seats can no longer be held or reserved.');
    expect(saleStateMessage('closed')).toBe('Sales are closed for this event at the moment: no seats can be held or reserved. Seats already held run out as usual.');
    expect(saleStateMessage('open')).toBeNull();
  });

  it('says a seat taken off sale is not for sale', () => {
    expect(notForSaleMessage('Stalls 1-5')).toBe('Stalls 1-5 is not for sale. Pick another seat.');
  });

  it('shows the API\'s own sentence for sales closed or an event cancelled', () => {
    const closed = { status: 409, code: 'sales_closed', detail: 'Sales for Concert XYZ are closed.', conflicts: [], errors: [] };
    expect(lockFailureMessage(closed, 'A1')).toBe('Sales for Concert XYZ are closed.');
    expect(reserveFailureMessage({ ...closed, code: 'event_cancelled', detail: 'Concert XYZ was cancelled.' })).toBe('Concert XYZ was cancelled.');
  });
});
