/**
 * The event list: each show's seat counts after a history of seat events, with `availableCount`
 * deciding at read time which locks still hold.
 */
import type { DomainEvent, SeatRow, ShowScheduled } from '@tessera/domain';
import { alice, at, bob, iso, lockedBy, releasedFrom, reservedBy, SHOW } from '@tessera/domain/testing/seat.fixtures';
import type { ProjectedEvent } from './projection';
import { availableCount, type ShowDoc, showsProjection } from './shows.projection';

const ROWS: SeatRow[] = [
  { label: 'A', seats: 3, price: '50.00' },
  { label: 'B', seats: 2, price: '30.00' },
];
const scheduled = (showId = SHOW): ShowScheduled => ({
  type: 'ShowScheduled',
  data: { showId, name: 'Hamlet', venue: 'Globe', startsAt: '2027-01-01T19:00:00.000Z', currency: 'EUR', rows: ROWS, scheduledAt: iso(-600) },
});

/** Folds the events as the runner does: each event applied to every document it names. */
function project(events: readonly DomainEvent[]): Map<string, ShowDoc> {
  const docs = new Map<string, ShowDoc>();
  for (const event of events) {
    const projected: ProjectedEvent = { ...event, recordedAt: iso(0) };
    for (const key of showsProjection.keys(projected)) {
      const next = showsProjection.apply(docs.get(key), projected, key);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}
const show = (...events: DomainEvent[]): ShowDoc => project([scheduled(), ...events]).get(SHOW)!;

/** Alice holds A1 from second 0 to 300 and reserves it at 60 as reservation r-1. */
const aliceReservesA1 = [lockedBy(alice, 0), reservedBy(alice, 'r-1', 60)];

describe('shows projection', () => {
  it('describes a scheduled show with every seat available', () => {
    const doc = show();
    expect(doc).toEqual({
      id: SHOW, name: 'Hamlet', venue: 'Globe', startsAt: '2027-01-01T19:00:00.000Z', currency: 'EUR', rows: ROWS,
      seatCount: 5, reservedCount: 0, locks: {},
    });
    expect(availableCount(doc, at(0))).toBe(5);
  });

  it('counts a lock against availability until the lock ends', () => {
    const doc = show(lockedBy(alice, 0, 'A1'), lockedBy(bob, 100, 'B2'));
    expect(availableCount(doc, at(299))).toBe(3);
    expect(availableCount(doc, at(300))).toBe(4);
    expect(availableCount(doc, at(400))).toBe(5);
    expect(doc.reservedCount).toBe(0);
  });

  it('counts a seat once when it is locked again after a lock ran out unrecorded', () => {
    const doc = show(lockedBy(alice, 0), lockedBy(bob, 400));
    expect(availableCount(doc, at(500))).toBe(4);
    expect(availableCount(doc, at(700))).toBe(5);
  });

  it('gives a seat back on an unlock and on a recorded expiry', () => {
    expect(availableCount(show(lockedBy(alice, 0), releasedFrom(alice, 'unlocked', 10)), at(10))).toBe(5);
    expect(availableCount(show(lockedBy(alice, 0), releasedFrom(alice, 'expired', 300)), at(300))).toBe(5);
  });

  it('turns a locked seat into a reserved one on a reservation', () => {
    const doc = show(...aliceReservesA1);
    expect(doc.reservedCount).toBe(1);
    expect(doc.locks).toEqual({});
    expect(availableCount(doc, at(60))).toBe(4);
    expect(availableCount(doc, at(100_000))).toBe(4);
  });

  it('restores the lock, not the reservation, when a failed reservation hands the seat back', () => {
    const doc = show(...aliceReservesA1, releasedFrom(alice, 'reservation-failed', 90, 'r-1'), lockedBy(alice, 90, 'A1', 300));
    expect(doc.reservedCount).toBe(0);
    expect(doc.locks).toEqual({ A1: iso(300) });
    expect(availableCount(doc, at(299))).toBe(4);
    expect(availableCount(doc, at(300))).toBe(5);
  });

  it('frees the seat when a failed reservation hands it back after its lock ran out', () => {
    const doc = show(...aliceReservesA1, releasedFrom(alice, 'reservation-failed', 400, 'r-1'));
    expect(doc.reservedCount).toBe(0);
    expect(availableCount(doc, at(400))).toBe(5);
  });

  it('gives a reserved seat back on a cancellation', () => {
    const doc = show(...aliceReservesA1, lockedBy(bob, 70, 'A2'), reservedBy(bob, 'r-2', 80, 'A2'), releasedFrom(alice, 'cancelled', 100, 'r-1'));
    expect(doc.reservedCount).toBe(1);
    expect(availableCount(doc, at(100))).toBe(4);
  });

  it('gives a locked seat back on an admin release, leaving the reserved count alone', () => {
    const doc = show(...aliceReservesA1, lockedBy(bob, 70, 'A2'), releasedFrom(bob, 'admin', 80, undefined, 'A2'));
    expect(doc.reservedCount).toBe(1);
    expect(doc.locks).toEqual({});
    expect(availableCount(doc, at(80))).toBe(4);
  });

  it('gives a reserved seat back on an admin release', () => {
    const doc = show(...aliceReservesA1, lockedBy(bob, 70, 'A2'), releasedFrom(alice, 'admin', 80, 'r-1'));
    expect(doc.reservedCount).toBe(0);
    expect(doc.locks).toEqual({ A2: iso(370) });
    expect(availableCount(doc, at(80))).toBe(4);
    expect(availableCount(doc, at(370))).toBe(5);
  });

  it('counts a seat reserved, released and reserved again once', () => {
    const doc = show(...aliceReservesA1, releasedFrom(alice, 'cancelled', 100, 'r-1'), lockedBy(bob, 110), reservedBy(bob, 'r-2', 120));
    expect(doc.reservedCount).toBe(1);
    expect(availableCount(doc, at(120))).toBe(4);
  });

  it('leaves other shows alone', () => {
    const docs = project([scheduled(), scheduled('show-2'), ...aliceReservesA1]);
    expect(docs.get('show-2')).toMatchObject({ reservedCount: 0, locks: {} });
    expect(docs.get(SHOW)).toMatchObject({ reservedCount: 1 });
  });

  it('makes no document for seat events of a show it never saw scheduled', () => {
    expect(project(aliceReservesA1).size).toBe(0);
  });
});
