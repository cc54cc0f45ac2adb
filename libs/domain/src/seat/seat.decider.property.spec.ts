/**
 * Random interleavings of every seat command by three users on two seats, with time moving
 * forward, driven through decide + evolve as a command handler would. The oracle reads a seat's
 * status from its last event alone, independently of the decider's state.
 */
import fc from 'fast-check';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { at } from '../testing/seat.fixtures';
import type { ReleaseSeat, SeatCommand } from './seat.commands';
import { seatDecider, type SeatView, seatView } from './seat.decider';
import type { SeatEvent } from './seat.events';

const SEATS = ['A1', 'A2'] as const;
const USERS = ['u1', 'u2', 'u3'] as const;
const RESERVATIONS = ['r-1', 'r-2'] as const;
const LOCK_SECONDS = 300;
const MAX_SEATS = 1;
const HOLD_MAX_SECONDS = 900;

type Seat = (typeof SEATS)[number];
type User = (typeof USERS)[number];
type Action =
  | { kind: 'lock' | 'unlock' | 'extend'; user: User; seat: Seat }
  | { kind: 'expire'; seat: Seat }
  | { kind: 'reserve'; user: User; seat: Seat; reservationId: string }
  | { kind: 'release'; seat: Seat; reason: ReleaseSeat['data']['reason']; reservationId: string | undefined };

const user = fc.constantFrom(...USERS);
const seat = fc.constantFrom(...SEATS);
const reservationId = fc.constantFrom(...RESERVATIONS);
// Weighted towards lock and reserve, so that reservations and their compensations happen often.
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('lock' as const), user, seat }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), user, seat, reservationId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlock' as const), user, seat }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extend' as const), user, seat }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), seat }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      seat,
      reason: fc.constantFrom('reservation-failed' as const, 'cancelled' as const, 'admin' as const),
      reservationId: fc.option(reservationId, { nil: undefined, freq: 5 }),
    }),
  },
);
// Steps of 0 to 120 s against 300 s locks: many commands land on live locks, many on run-out ones.
const steps = fc.array(fc.record({ advance: fc.integer({ min: 0, max: 120 }), action }), { minLength: 10, maxLength: 80, size: 'max' });

/** A seat's status from its last event alone (and, after more time, the lock it extended): the simplest reading of the rules. */
function oracle(history: readonly SeatEvent[], now: Date): SeatView {
  const last = history.at(-1);
  if (last?.type === 'SeatLockExtended') {
    const lock = history.findLast((e) => e.type === 'SeatLocked');
    if (lock?.type === 'SeatLocked' && Date.parse(last.data.lockedUntil) > now.getTime()) {
      return { status: 'locked', holderId: last.data.userId, holderName: lock.data.username, lockedUntil: last.data.lockedUntil };
    }
    return { status: 'available', holderId: null, holderName: null, lockedUntil: null };
  }
  if (last?.type === 'SeatsReserved') return { status: 'reserved', holderId: last.data.userId, holderName: last.data.username, lockedUntil: null };
  if (last?.type === 'SeatLocked' && Date.parse(last.data.lockedUntil) > now.getTime()) {
    return { status: 'locked', holderId: last.data.userId, holderName: last.data.username, lockedUntil: last.data.lockedUntil };
  }
  return { status: 'available', holderId: null, holderName: null, lockedUntil: null };
}

/** What the caller counts for the seat limit: the user's live locks in the show, leaving out `except`. */
const liveLocksOf = (userId: string, streams: Map<Seat, SeatEvent[]>, now: Date, except?: Seat): number =>
  SEATS.filter((s) => s !== except).filter((s) => {
    const view = oracle(streams.get(s) ?? [], now);
    return view.status === 'locked' && view.holderId === userId;
  }).length;

function commandFor(a: Action, streams: Map<Seat, SeatEvent[]>, now: Date): SeatCommand {
  const ref = { showId: 'show-1', seatId: a.seat };
  switch (a.kind) {
    case 'lock': {
      const heldInShow = liveLocksOf(a.user, streams, now, a.seat);
      return { type: 'LockSeat', data: { ...ref, userId: a.user, username: a.user, lockSeconds: LOCK_SECONDS, heldInShow, maxSeatsPerUser: MAX_SEATS } };
    }
    case 'unlock':
      return { type: 'UnlockSeat', data: { ...ref, userId: a.user } };
    case 'extend':
      return { type: 'ExtendLock', data: { ...ref, userId: a.user, lockSeconds: LOCK_SECONDS, holdMaxSeconds: HOLD_MAX_SECONDS } };
    case 'expire':
      return { type: 'ExpireLock', data: ref };
    case 'reserve':
      return { type: 'ReserveSeat', data: { ...ref, reservationId: a.reservationId, seatIds: [a.seat], userId: a.user, username: a.user } };
    case 'release':
      return { type: 'ReleaseSeat', data: { ...ref, reason: a.reason, ...(a.reservationId ? { reservationId: a.reservationId } : {}) } };
  }
}

/** Runs one interleaving; `check` is called after every decision with what it needs to judge it. */
function run(
  plan: { advance: number; action: Action }[],
  check: (c: { command: SeatCommand; before: SeatView; appended: SeatEvent[]; history: SeatEvent[]; streams: Map<Seat, SeatEvent[]>; now: Date }) => void,
): void {
  const streams = new Map<Seat, SeatEvent[]>(SEATS.map((s) => [s, []]));
  let elapsed = 0;
  for (const { advance, action: a } of plan) {
    elapsed += advance;
    const now = at(elapsed);
    const history = streams.get(a.seat) ?? [];
    const command = commandFor(a, streams, now);
    const before = oracle(history, now);
    let appended: SeatEvent[] = [];
    try {
      appended = seatDecider.decide(command, fold(seatDecider, history), now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // a refusal is fine; a crash is not
    }
    history.push(...appended);
    check({ command, before, appended, history, streams, now });
  }
}

describe('any interleaving of seat commands', () => {
  it('never gives a seat to a second user while another user\'s live lock or reservation stands', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, ({ before, appended }) => {
          for (const e of appended) {
            if (e.type === 'SeatReleased' || e.type === 'SeatBlocked' || e.type === 'SeatUnblocked') continue;
            if (before.holderId !== null) expect(e.data.userId).toBe(before.holderId);
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('gives more time only to the holder of a live lock, never past the ceiling after it was taken', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, ({ before, appended, history }) => {
          for (const e of appended) {
            if (e.type !== 'SeatLockExtended') continue;
            expect(before).toMatchObject({ status: 'locked', holderId: e.data.userId });
            const lock = history.findLast((x) => x.type === 'SeatLocked');
            expect(lock?.type === 'SeatLocked' && Date.parse(e.data.lockedUntil) <= Date.parse(lock.data.lockedAt) + HOLD_MAX_SECONDS * 1000).toBe(true);
            expect(Date.parse(e.data.lockedUntil)).toBeGreaterThan(Date.parse(before.lockedUntil!));
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('produces a reservation only for the holder of the live lock', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, ({ before, appended }) => {
          for (const e of appended) {
            if (e.type !== 'SeatsReserved') continue;
            expect(before).toMatchObject({ status: 'locked', holderId: e.data.userId });
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('folds every history into the state the last event tells a reader', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, ({ history, now }) => {
          const state = fold(seatDecider, history);
          expect(seatView(state, now)).toStrictEqual(oracle(history, now));
          // A reader who comes later, once every lock has run out, must agree too.
          const later = new Date(now.getTime() + LOCK_SECONDS * 1000);
          expect(seatView(state, later)).toStrictEqual(oracle(history, later));
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('never lets a lock take a user past the seat limit in the show', () => {
    fc.assert(
      fc.property(steps, (plan) =>
        run(plan, ({ command, appended, streams, now }) => {
          if (command.type === 'LockSeat' && appended.length > 0) {
            expect(liveLocksOf(command.data.userId, streams, now)).toBeLessThanOrEqual(MAX_SEATS);
          }
        }),
      ),
      { numRuns: 300 },
    );
  });
});
