/**
 * The seat grid as a reader sees it after a history of domain events: one document per seat of
 * the layout, its recorded state, and `seatStatus` deciding at read time whether a lock still holds.
 */
import { layoutFromRows, type DomainEvent, type SeatRow, type ShowScheduled } from '@tessera/domain';
import { alice, at, bob, iso, lockedBy, releasedFrom, reservedBy, SHOW } from '@tessera/domain/testing/seat.fixtures';
import type { ProjectedEvent } from './projection';
import { type SeatDoc, seatDocId, seatGridProjection, seatStatus } from './seat-grid.projection';

const ROWS: SeatRow[] = [
  { label: 'A', seats: 2, price: '50.00' },
  { label: 'B', seats: 1, price: '30.00' },
];
const scheduled = (showId = SHOW, rows = ROWS): ShowScheduled => ({
  type: 'ShowScheduled',
  data: { showId, name: 'Hamlet', venue: 'Globe', startsAt: '2027-01-01T19:00:00.000Z', currency: 'EUR', layout: layoutFromRows(rows), scheduledAt: iso(-600) },
});

/** Folds the events as the runner does: each event applied to every document it names. */
function project(events: readonly DomainEvent[]): Map<string, SeatDoc> {
  const docs = new Map<string, SeatDoc>();
  for (const event of events) {
    const projected: ProjectedEvent = { ...event, recordedAt: iso(0) };
    for (const key of seatGridProjection.keys(projected)) {
      const next = seatGridProjection.apply(docs.get(key), projected, key);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}
const seatA1 = (events: readonly DomainEvent[]): SeatDoc | undefined => project(events).get(seatDocId(SHOW, 'A1'));

describe('seat grid projection', () => {
  it('gives one free document per seat of a scheduled show, in layout order', () => {
    const docs = project([scheduled()]);
    expect([...docs.keys()].sort()).toEqual([`${SHOW}/A1`, `${SHOW}/A2`, `${SHOW}/B1`]);
    expect(docs.get(`${SHOW}/A2`)).toEqual({
      showId: SHOW, seatId: 'A2', label: 'A2', section: 'main', row: 'A', number: 2, category: 'c1', accessible: false, index: 1, price: '50.00',
      state: 'free', holderId: null, holderName: null, lockedUntil: null, reservationId: null,
    });
    expect(docs.get(`${SHOW}/B1`)).toMatchObject({ row: 'B', number: 1, index: 2, price: '30.00' });
    expect([...docs.values()].map((d) => seatStatus(d, at(0)))).toEqual(['available', 'available', 'available']);
  });

  it('keeps the seats of two shows apart', () => {
    const docs = project([scheduled(), scheduled('show-2', [{ label: 'A', seats: 1, price: '9.00' }]), lockedBy(alice)]);
    expect(docs.get('show-2/A1')).toMatchObject({ showId: 'show-2', state: 'free', price: '9.00' });
    expect(docs.get(`${SHOW}/A1`)).toMatchObject({ showId: SHOW, state: 'locked' });
  });

  it('records a lock with its holder and end, and reads it locked only before that end', () => {
    const doc = seatA1([scheduled(), lockedBy(alice, 0)])!;
    expect(doc).toMatchObject({ state: 'locked', holderId: alice.userId, holderName: 'alice', lockedUntil: iso(300), reservationId: null });
    expect(seatStatus(doc, at(299))).toBe('locked');
    expect(seatStatus(doc, at(300))).toBe('available');
    expect(seatStatus(doc, at(1000))).toBe('available');
  });

  it('frees the seat and forgets the holder on an unlock', () => {
    const doc = seatA1([scheduled(), lockedBy(alice, 0), releasedFrom(alice, 'unlocked', 10)])!;
    expect(doc).toMatchObject({ state: 'free', holderId: null, holderName: null, lockedUntil: null });
    expect(seatStatus(doc, at(11))).toBe('available');
  });

  it('gives the seat to the next holder after a lock ran out without a recorded expiry', () => {
    const doc = seatA1([scheduled(), lockedBy(alice, 0), lockedBy(bob, 400)])!;
    expect(doc).toMatchObject({ state: 'locked', holderId: bob.userId, holderName: 'bob', lockedUntil: iso(700) });
    expect(seatStatus(doc, at(500))).toBe('locked');
  });

  it('reads a reserved seat reserved at any time, with its reservation and holder', () => {
    const doc = seatA1([scheduled(), lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)])!;
    expect(doc).toMatchObject({ state: 'reserved', holderId: alice.userId, holderName: 'alice', lockedUntil: null, reservationId: 'r-1' });
    expect(seatStatus(doc, at(60))).toBe('reserved');
    expect(seatStatus(doc, at(100_000))).toBe('reserved');
  });

  it('hands the lock back with its original end when a reservation fails', () => {
    const handBack = lockedBy(alice, 90, 'A1', 300);
    const doc = seatA1([scheduled(), lockedBy(alice, 0), reservedBy(alice, 'r-1', 60), releasedFrom(alice, 'reservation-failed', 90, 'r-1'), handBack])!;
    expect(doc).toMatchObject({ state: 'locked', holderId: alice.userId, lockedUntil: iso(300), reservationId: null });
    expect(seatStatus(doc, at(299))).toBe('locked');
    expect(seatStatus(doc, at(300))).toBe('available');
  });

  it('frees a reserved seat on a cancellation and on an admin release', () => {
    const reserved = [scheduled(), lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)];
    for (const release of [releasedFrom(alice, 'cancelled', 100, 'r-1'), releasedFrom(alice, 'admin', 100, 'r-1')]) {
      const doc = seatA1([...reserved, release])!;
      expect(doc).toMatchObject({ state: 'free', holderId: null, reservationId: null });
      expect(seatStatus(doc, at(100))).toBe('available');
    }
  });

  it('makes no document for a seat event of a show it never saw scheduled', () => {
    expect(project([lockedBy(alice, 0), reservedBy(alice)]).size).toBe(0);
  });

  it('touches no seat for events that are not about seats', () => {
    const registered: DomainEvent = {
      type: 'UserRegistered',
      data: { userId: 'u', username: 'u', passwordHash: 'h', roles: ['user'], registeredAt: iso(0) },
    };
    const confirmed: DomainEvent = { type: 'ReservationConfirmed', data: { reservationId: 'r-1', attempt: 1, confirmedAt: iso(0) } };
    expect(seatGridProjection.keys({ ...registered, recordedAt: iso(0) })).toEqual([]);
    expect(seatGridProjection.keys({ ...confirmed, recordedAt: iso(0) })).toEqual([]);
  });
});
