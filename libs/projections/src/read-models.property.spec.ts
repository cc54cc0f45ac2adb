/**
 * Cross-checks the read models against each other and against the domain, over random histories
 * of one show: seat commands by three users on five seats, decided by the seat decider (so every
 * history is one the system can record), with time moving forward. After every decision, at
 * several reading times: the event list's available count is the number of seats the grid reads
 * available, and each seat reads as the decider's own view of its stream.
 */
import fc from 'fast-check';
import {
  DomainError, fold, layoutFromRows, seatDecider, seatsOf, seatView, type DomainEvent, type ReleaseSeat, type SeatCommand, type SeatEvent, type SeatRow,
} from '@tessera/domain';
import { at, iso } from '@tessera/domain/testing/seat.fixtures';
import type { ProjectedEvent, Projection } from './projection';
import { availableCount, type SeatDoc, seatDocId, seatGridProjection, seatStatus } from './seat-grid.projection';
import { type ShowDoc, showsProjection } from './shows.projection';

const SHOW = 'show-1';
const ROWS: SeatRow[] = [
  { label: 'A', seats: 3, price: '50.00' },
  { label: 'B', seats: 2, price: '30.00' },
];
const SEATS = seatsOf(layoutFromRows(ROWS)).map((s) => s.seatId);
const USERS = ['u1', 'u2', 'u3'] as const;
const RESERVATIONS = ['r-1', 'r-2', 'r-3'] as const;
const LOCK_SECONDS = 300;
const MAX_SEATS = 2;

type Action =
  | { kind: 'lock' | 'unlock' | 'extend'; user: string; seat: string }
  | { kind: 'expire'; seat: string }
  | { kind: 'reserve'; user: string; seat: string; reservationId: string }
  /** `current`: the reservation the seat is in now, so compensations often hit. */
  | { kind: 'release'; seat: string; reason: ReleaseSeat['data']['reason']; reservationId: string | 'current' | undefined };

const user = fc.constantFrom(...USERS);
const seat = fc.constantFrom(...SEATS);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('lock' as const), user, seat }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), user, seat, reservationId: fc.constantFrom(...RESERVATIONS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlock' as const), user, seat }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extend' as const), user, seat }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), seat }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      seat,
      reason: fc.constantFrom('reservation-failed' as const, 'cancelled' as const, 'admin' as const),
      reservationId: fc.constantFrom<string | undefined>('current', 'current', 'r-1', undefined),
    }),
  },
);
// Steps of 0 to 150 s against 300 s locks; each step is also read up to 400 s later.
const steps = fc.array(
  fc.record({ advance: fc.integer({ min: 0, max: 150 }), action, readAfter: fc.integer({ min: 0, max: 400 }) }),
  { minLength: 5, maxLength: 60, size: 'max' },
);

/** Read models kept as the runner keeps them: each event applied to every document it names. */
class Docs<D> {
  readonly byId = new Map<string, D>();
  constructor(private readonly projection: Projection<D>) {}
  apply(event: DomainEvent, recordedAt: string): void {
    const projected: ProjectedEvent = { ...event, recordedAt };
    for (const key of this.projection.keys(projected)) {
      const next = this.projection.apply(this.byId.get(key), projected, key);
      if (next === undefined) this.byId.delete(key);
      else this.byId.set(key, next);
    }
  }
}

interface World {
  streams: Map<string, SeatEvent[]>;
  seats: Docs<SeatDoc>;
  shows: Docs<ShowDoc>;
}

function commandFor(a: Action, world: World, now: Date): SeatCommand {
  const ref = { showId: SHOW, seatId: a.seat };
  switch (a.kind) {
    case 'lock': {
      // As the lock handler counts it: the user's live locks on other seats, from the grid.
      const heldInShow = [...world.seats.byId.values()].filter(
        (d) => d.seatId !== a.seat && d.holderId === a.user && seatStatus(d, now) === 'locked',
      ).length;
      return { type: 'LockSeat', data: { ...ref, userId: a.user, username: a.user, lockSeconds: LOCK_SECONDS, heldInShow, maxSeatsPerUser: MAX_SEATS } };
    }
    case 'unlock':
      return { type: 'UnlockSeat', data: { ...ref, userId: a.user } };
    case 'extend':
      return { type: 'ExtendLock', data: { ...ref, userId: a.user, lockSeconds: LOCK_SECONDS, holdMaxSeconds: 900 } };
    case 'expire':
      return { type: 'ExpireLock', data: ref };
    case 'reserve':
      return { type: 'ReserveSeat', data: { ...ref, reservationId: a.reservationId, seatIds: [a.seat], userId: a.user, username: a.user } };
    case 'release': {
      const state = fold(seatDecider, world.streams.get(a.seat) ?? []);
      const reservationId = a.reservationId === 'current' ? (state.status === 'reserved' ? state.reservationId : undefined) : a.reservationId;
      return { type: 'ReleaseSeat', data: { ...ref, reason: a.reason, ...(reservationId === undefined ? {} : { reservationId }) } };
    }
  }
}

/** Runs one history; `check` is called after every decision with the reading times to judge. */
function run(plan: { advance: number; action: Action; readAfter: number }[], check: (world: World, readAt: Date[]) => void): void {
  const world: World = { streams: new Map(SEATS.map((s) => [s, []])), seats: new Docs(seatGridProjection), shows: new Docs(showsProjection) };
  const schedule: DomainEvent = {
    type: 'ShowScheduled',
    data: { showId: SHOW, name: 'Hamlet', venue: 'Globe', startsAt: iso(86_400), currency: 'EUR', layout: layoutFromRows(ROWS), scheduledAt: iso(0) },
  };
  world.seats.apply(schedule, iso(0));
  world.shows.apply(schedule, iso(0));
  let elapsed = 0;
  for (const { advance, action: a, readAfter } of plan) {
    elapsed += advance;
    const now = at(elapsed);
    const history = world.streams.get(a.seat)!;
    let appended: SeatEvent[] = [];
    try {
      appended = seatDecider.decide(commandFor(a, world, now), fold(seatDecider, history), now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // a refusal records nothing
    }
    history.push(...appended);
    for (const event of appended) {
      world.seats.apply(event, now.toISOString());
      world.shows.apply(event, now.toISOString());
    }
    check(world, [now, at(elapsed + readAfter), at(elapsed + LOCK_SECONDS)]);
  }
}

describe('the read models of one show, over any history of seat commands', () => {
  it('count as available exactly the seats the seat decider reads available', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, (world, readAt) => {
          const grid = [...world.seats.byId.values()];
          const fromGrid = readAt.map((now) => availableCount(grid, now));
          const fromDomain = readAt.map((now) => SEATS.filter((seatId) => seatView(fold(seatDecider, world.streams.get(seatId)!), now).status === 'available').length);
          expect(fromGrid).toEqual(fromDomain);
          expect(world.shows.byId.get(SHOW)!.seatCount).toBe(SEATS.length);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('read every seat as the seat decider reads its stream', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, (world, readAt) => {
          const fromGrid = SEATS.flatMap((seatId) => {
            const doc = world.seats.byId.get(seatDocId(SHOW, seatId))!;
            return readAt.map((now) => {
              const status = seatStatus(doc, now);
              return status === 'available' ? { seatId, status, holderId: null, lockedUntil: null }
                : { seatId, status, holderId: doc.holderId, lockedUntil: status === 'locked' ? doc.lockedUntil : null };
            });
          });
          const fromDomain = SEATS.flatMap((seatId) => {
            const state = fold(seatDecider, world.streams.get(seatId)!);
            return readAt.map((now) => {
              const { status, holderId, lockedUntil } = seatView(state, now);
              return { seatId, status, holderId, lockedUntil };
            });
          });
          expect(fromGrid).toEqual(fromDomain);
        }),
      ),
      { numRuns: 300 },
    );
  });
});
