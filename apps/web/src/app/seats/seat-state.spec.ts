import { lockedSeat, seat } from '../../testing/seats';
import { seatDescription, seatState, stateWords } from './seat-state';

const now = Date.parse('2026-12-22T10:00:00.000Z');
const inFiveMinutes = '2026-12-22T10:05:00.000Z';
const aSecondAgo = '2026-12-22T09:59:59.000Z';

describe('seat state from the API’s data', () => {
  it('reads an available seat as available', () => {
    expect(seatState(seat('A1'), now)).toBe('available');
  });

  it('reads a live lock of the caller as held by me', () => {
    expect(seatState(lockedSeat('A1', 'alice', inFiveMinutes, true), now)).toBe('held-by-me');
  });

  it('reads a live lock of someone else as held by another', () => {
    expect(seatState(lockedSeat('A1', 'bob', inFiveMinutes), now)).toBe('held-by-other');
  });

  it('reads a lock whose lockedUntil has passed as available, before any poll says so', () => {
    expect(seatState(lockedSeat('A1', 'alice', aSecondAgo, true), now)).toBe('available');
    expect(seatState(lockedSeat('A1', 'bob', aSecondAgo), now)).toBe('available');
  });

  it('reads a lock ending exactly now as available', () => {
    expect(seatState(lockedSeat('A1', 'bob', '2026-12-22T10:00:00.000Z'), now)).toBe('available');
  });

  it('tells reserved seats of the caller from those of others', () => {
    expect(seatState(seat('A1', { status: 'reserved', mine: true }), now)).toBe('reserved-by-me');
    expect(seatState(seat('A1', { status: 'reserved' }), now)).toBe('reserved');
  });
});

describe('seat words', () => {
  it('names the holder of someone else’s lock as the API gives it', () => {
    expect(stateWords('held-by-other', 'alice')).toBe('locked by alice');
  });

  it('says only "locked" when the holder is withheld (anonymous visitors)', () => {
    expect(stateWords('held-by-other', null)).toBe('locked');
  });

  it.each([
    ['available', 'available'],
    ['held-by-me', 'locked by you'],
    ['reserved', 'reserved'],
    ['reserved-by-me', 'reserved by you'],
    ['blocked', 'not for sale'],
  ] as const)('says "%s" as "%s"', (state, words) => {
    expect(stateWords(state, 'someone')).toBe(words);
  });

  it('reads a seat the box office blocked as not for sale, in either form of event', () => {
    const blocked = seat('A1', { status: 'blocked', section: 'stalls', accessible: true });
    expect(seatState(blocked, now)).toBe('blocked');
    expect(seatDescription(blocked, 'blocked', 'EUR', 'Stalls')).toBe('Stalls, row A, seat 1, not for sale, 50.00 EUR, wheelchair space');
  });

  it('describes a seat as "Row A, seat 1, <state>, 50.00 EUR"', () => {
    const held = lockedSeat('A1', 'alice', inFiveMinutes);
    expect(seatDescription(held, seatState(held, now), 'EUR')).toBe('Row A, seat 1, locked by alice, 50.00 EUR');
    const mine = seat('C12', { status: 'reserved', mine: true, price: '75.50' });
    expect(seatDescription(mine, seatState(mine, now), 'EUR')).toBe('Row C, seat 12, reserved by you, 75.50 EUR');
  });
});
