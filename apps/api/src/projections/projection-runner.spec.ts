/**
 * The projection runner against the real embedded event store (SQLite on a temp dir) and the
 * memory read store: catch-up then live, read-your-writes, redelivery, restart from a checkpoint,
 * replay, verify and rebuild. Every event appended is one the domain could record.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  layoutFromRows, reservationStream, storedTypeOf, seatStream, showStream, userStream, type DomainEvent, type ReleaseReason, type Role, type SeatRow,
} from '@tessera/domain';
import { ALL_PROJECTIONS, seatDocId, type ReservationDoc, type SeatDoc, type ShowDoc } from '@tessera/projections';
import type { EventStore, Position, RecordedEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { MemoryReadStore } from '../read-store/memory/memory-read-store';
import { sortablePosition, type DocWrite, type ReadStore } from '../read-store/read-store.port';
import { projectBatch } from './project-batch';
import { CHECKPOINT, ProjectionRunner } from './projection-runner';

const ROWS: SeatRow[] = [
  { label: 'A', seats: 3, price: '25.00' },
  { label: 'B', seats: 2, price: '40.00' },
];
const LOCK_MS = 300_000;

interface Person {
  userId: string;
  username: string;
}

/** Domain events of one show, built as the deciders would record them. */
class ShowEvents {
  readonly showId = randomUUID();
  private readonly start = Date.now();
  private tick = 0;

  /** A strictly later instant for each event, so that times read in order. */
  private time(): string {
    this.tick += 1;
    return new Date(this.start + this.tick * 1000).toISOString();
  }
  lockedUntil(): string {
    return new Date(this.start + LOCK_MS).toISOString();
  }

  registered(p: Person, roles: Role[] = ['user']): DomainEvent {
    return { type: 'UserRegistered', data: { ...p, passwordHash: 'scrypt$test', roles, registeredAt: this.time() } };
  }
  scheduled(): DomainEvent {
    const data = { showId: this.showId, name: 'Hamlet', venue: 'Globe', startsAt: '2030-01-01T19:00:00.000Z', currency: 'EUR' };
    return { type: 'ShowScheduled', data: { ...data, layout: layoutFromRows(ROWS), scheduledAt: this.time() } };
  }
  locked(p: Person, seatId: string): DomainEvent {
    return { type: 'SeatLocked', data: { showId: this.showId, seatId, ...p, lockedAt: this.time(), lockedUntil: this.lockedUntil() } };
  }
  released(p: Person, seatId: string, reason: ReleaseReason, reservationId?: string): DomainEvent {
    const data = { showId: this.showId, seatId, userId: p.userId, reason, ...(reservationId ? { reservationId } : {}) };
    return { type: 'SeatReleased', data: { ...data, releasedAt: this.time() } };
  }
  reserved(p: Person, seatId: string, reservationId: string, seatIds: string[]): DomainEvent {
    return { type: 'SeatsReserved', data: { showId: this.showId, seatId, reservationId, seatIds, ...p, reservedAt: this.time() } };
  }
  requested(p: Person, reservationId: string, seatIds: string[], prices: string[]): DomainEvent {
    const data = { reservationId, showId: this.showId, showName: 'Hamlet', ...p, seatIds, seats: seatIds, prices };
    const total = (prices.reduce((sum, price) => sum + Math.round(Number(price) * 100), 0) / 100).toFixed(2);
    return {
      type: 'ReservationRequested',
      data: { ...data, totalPrice: total, currency: 'EUR', requestHash: 'h', idempotencyKey: null, attempt: 1, requestedAt: this.time() },
    };
  }
  confirmed(reservationId: string): DomainEvent {
    return { type: 'ReservationConfirmed', data: { reservationId, attempt: 1, confirmedAt: this.time() } };
  }
  seatTakenOut(reservationId: string, seatId: string): DomainEvent {
    return { type: 'ReservationSeatReleased', data: { reservationId, seatId, releasedAt: this.time() } };
  }
}

const alice: Person = { userId: randomUUID(), username: 'alice' };
const bob: Person = { userId: randomUUID(), username: 'bob' };
const admin: Person = { userId: randomUUID(), username: 'admin' };

/** Appends domain events to one stream, acting as `actor`; answers the position of the last one. */
async function append(events: EventStore, stream: string, actor: Person, ...domain: DomainEvent[]): Promise<Position> {
  const correlationId = randomUUID();
  const result = await events.append(
    stream,
    domain.map((e) => ({ id: randomUUID(), type: storedTypeOf(e.type), data: e.data, metadata: { userId: actor.userId, correlationId, causationId: correlationId } })),
    'any',
  );
  return result.position;
}

interface Workload {
  show: ShowEvents;
  reservationId: string;
  /** Events appended. */
  count: number;
  last: Position;
}

/**
 * Two users register, a show is scheduled, alice locks and reserves A1 and A2, bob locks and
 * unlocks B1 and then locks B2, and an admin takes A2 out of alice's reservation.
 */
async function book(events: EventStore): Promise<Workload> {
  const show = new ShowEvents();
  const r = randomUUID();
  const s = show.showId;
  let count = 0;
  const put = (stream: string, actor: Person, ...domain: DomainEvent[]): Promise<Position> => {
    count += domain.length;
    return append(events, stream, actor, ...domain);
  };
  await put(userStream(alice.userId), alice, show.registered(alice));
  await put(userStream(bob.userId), bob, show.registered(bob));
  await put(showStream(s), admin, show.scheduled());
  await put(seatStream(s, 'A1'), alice, show.locked(alice, 'A1'));
  await put(seatStream(s, 'A2'), alice, show.locked(alice, 'A2'));
  await put(reservationStream(r), alice, show.requested(alice, r, ['A1', 'A2'], ['25.00', '25.00']));
  await put(seatStream(s, 'A1'), alice, show.reserved(alice, 'A1', r, ['A1', 'A2']));
  await put(seatStream(s, 'A2'), alice, show.reserved(alice, 'A2', r, ['A1', 'A2']));
  await put(reservationStream(r), alice, show.confirmed(r));
  await put(seatStream(s, 'B1'), bob, show.locked(bob, 'B1'), show.released(bob, 'B1', 'unlocked'));
  await put(seatStream(s, 'B2'), bob, show.locked(bob, 'B2'));
  await put(seatStream(s, 'A2'), admin, show.released(alice, 'A2', 'admin', r));
  const last = await put(reservationStream(r), admin, show.seatTakenOut(r, 'A2'));
  return { show, reservationId: r, count, last };
}

/** What the workload must read as. */
async function expectBooked(store: ReadStore, w: Workload): Promise<void> {
  const seat = async (seatId: string) => (await store.get<SeatDoc>('seats', seatDocId(w.show.showId, seatId)))?.doc;
  expect(await seat('A1')).toMatchObject({ state: 'reserved', holderId: alice.userId, reservationId: w.reservationId });
  expect(await seat('A2')).toMatchObject({ state: 'free', holderId: null, reservationId: null });
  expect(await seat('A3')).toMatchObject({ state: 'free' });
  expect(await seat('B1')).toMatchObject({ state: 'free', holderId: null });
  expect(await seat('B2')).toMatchObject({ state: 'locked', holderId: bob.userId, lockedUntil: w.show.lockedUntil() });
  expect((await store.get<ShowDoc>('shows', w.show.showId))?.doc).toMatchObject({ seatCount: 5 });
  expect((await store.get<ReservationDoc>('reservations', w.reservationId))?.doc).toMatchObject({
    status: 'confirmed',
    seatIds: ['A1'],
    totalPrice: '25.00',
    userId: alice.userId,
  });
  expect((await store.list<{ username: string }>('users')).map((u) => u.username).sort()).toEqual(['alice', 'bob']);
}

/** Every document of every read model, by collection and id, in a stable order. */
async function snapshot(store: ReadStore): Promise<Record<string, [string, unknown][]>> {
  const all: Record<string, [string, unknown][]> = {};
  for (const { collection } of ALL_PROJECTIONS) {
    all[collection] = (await store.entries(collection)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return all;
}

/** Polls `condition` every few ms until it holds; fails after `timeoutMs`. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const position = (n: bigint): Position => ({ commit: n, prepare: n });

describe('ProjectionRunner on the SQLite event store and the memory read store', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: MemoryReadStore;
  const runners: ProjectionRunner[] = [];

  const runner = (): ProjectionRunner => {
    const r = new ProjectionRunner(events, store);
    runners.push(r);
    return r;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-runner-'));
    // Small subscription batches, so that catch-up crosses batch boundaries.
    events = SqliteEventStore.open(path.join(dir, 'events.db'), { pollMs: 20, subscriptionBatch: 4 });
    store = new MemoryReadStore();
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('live projection', () => {
    it('catches up on the history when it starts, then follows live appends', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      await expectBooked(store, w);
      expect(await store.checkpoint(CHECKPOINT)).toBe(sortablePosition(w.last));
      await eventually(() => r.caughtUp, 'the subscription to catch up');

      const locked = await append(events, seatStream(w.show.showId, 'A3'), bob, w.show.locked(bob, 'A3'));
      await eventually(async () => (await store.get<SeatDoc>('seats', seatDocId(w.show.showId, 'A3')))?.doc.state === 'locked', 'the live lock');
      expect((await store.findBy<SeatDoc>('seats', 'holderId', bob.userId)).map((s) => s.seatId).sort()).toEqual(['A3', 'B2']);
      await eventually(async () => (await store.checkpoint(CHECKPOINT)) === sortablePosition(locked), 'the checkpoint to follow');
    });

    it('resolves waitFor once the position is projected, so a reader then sees the write', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      expect(await r.waitFor(w.last)).toBe(true);

      // The embedded store numbers positions 1, 2, 3...: the next append lands at head + 1.
      const next = position(w.last.commit + 1n);
      let answer: boolean | undefined;
      const waiting = r.waitFor(sortablePosition(next), 5000).then((reached) => (answer = reached));
      await new Promise((resolve) => setImmediate(resolve));
      expect(answer).toBeUndefined();

      const written = await append(events, seatStream(w.show.showId, 'A3'), bob, w.show.locked(bob, 'A3'));
      expect(written).toEqual(next);
      expect(await waiting).toBe(true);
      expect((await store.get<SeatDoc>('seats', seatDocId(w.show.showId, 'A3')))?.doc).toMatchObject({ state: 'locked', holderId: bob.userId });
    });

    it('resolves waitFor false for a position not reached in time, and pending waits false when it stops', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      const far = position(w.last.commit + 1000n);
      expect(await r.waitFor(far, 30)).toBe(false);
      const pending = r.waitFor(far, Number.POSITIVE_INFINITY);
      await r.stop();
      expect(await pending).toBe(false);
    });

    it('measures the lag from recording to projection', async () => {
      const clock = { now: new Date() };
      const w = await book(events);
      const r = new ProjectionRunner(events, store, () => clock.now);
      runners.push(r);
      const [lastEvent] = (await events.readAll(position(w.last.commit - 1n), 1)) as RecordedEvent[];
      clock.now = new Date(lastEvent.recordedAt.getTime() + 1234);
      await r.start();
      expect(r.lagMs).toBe(1234);
    });
  });

  describe('redelivery and restart', () => {
    it('leaves the documents unchanged when the same batch is delivered twice', async () => {
      const w = await book(events);
      const batch = await events.readAll(undefined, 100);
      const commitOnce = async (): Promise<DocWrite[]> => {
        const writes = await projectBatch(store, batch);
        await store.commit(writes, { name: CHECKPOINT, position: sortablePosition(batch[batch.length - 1].position) });
        return writes;
      };
      const firstWrites = await commitOnce();
      const first = await snapshot(store);
      await expectBooked(store, w);

      // Projected again, the batch writes nothing; the first writes committed again change nothing.
      expect(await commitOnce()).toEqual([]);
      await store.commit(firstWrites, { name: CHECKPOINT, position: sortablePosition(w.last) });
      expect(await snapshot(store)).toEqual(first);
    });

    it('gives the same documents from overlapping batches as from one pass', async () => {
      await book(events);
      const all = await events.readAll(undefined, 100);
      const once = new MemoryReadStore();
      await once.commit(await projectBatch(once, all), { name: CHECKPOINT, position: sortablePosition(all[all.length - 1].position) });

      // Batches [0, 8), [4, 12), [10, end): every boundary is crossed by a redelivery.
      for (const [from, to] of [[0, 8], [4, 12], [10, all.length]]) {
        const batch = all.slice(from, to);
        await store.commit(await projectBatch(store, batch), { name: CHECKPOINT, position: sortablePosition(batch[batch.length - 1].position) });
      }
      expect(await snapshot(store)).toEqual(await snapshot(once));
      expect(await store.checkpoint(CHECKPOINT)).toBe(await once.checkpoint(CHECKPOINT));
    });

    it('rebuilds read models kept in an older shape (a checkpoint under an older name) from the history before it serves', async () => {
      const w = await book(events);
      // As release 0.1 left a MongoDB read store: the show with its rows, every seat projected, the checkpoint at the head.
      const old = { id: w.show.showId, name: 'Hamlet', venue: 'Globe', startsAt: '2030-01-01T19:00:00.000Z', currency: 'EUR', rows: ROWS, seatCount: 5 };
      await store.commit([{ collection: 'shows', id: w.show.showId, doc: old, position: sortablePosition(w.last) }], { name: 'read-models', position: sortablePosition(w.last) });
      await runner().start();
      expect(await store.checkpoint(CHECKPOINT)).toBe(sortablePosition(w.last));
      expect(await store.checkpoint('read-models')).toBeUndefined();
      const replayed = new MemoryReadStore();
      await runner().replayInto(replayed);
      expect(await snapshot(store)).toEqual(await snapshot(replayed));
      expect((await store.get<{ layout: unknown }>('shows', w.show.showId))?.doc.layout).toEqual(layoutFromRows(ROWS));
    });

    it('restarted from its stored checkpoint, projects only the events after it', async () => {
      const w = await book(events);
      const first = runner();
      await first.start();
      await first.stop();
      const checkpoint = await store.checkpoint(CHECKPOINT);
      expect(checkpoint).toBe(sortablePosition(w.last));

      await append(events, seatStream(w.show.showId, 'A3'), bob, w.show.locked(bob, 'A3'));
      const last = await append(events, seatStream(w.show.showId, 'B2'), bob, w.show.released(bob, 'B2', 'unlocked'));
      const after = await events.readAll(w.last, 100);

      const delivered: string[] = [];
      const subscribe = events.subscribeToAll.bind(events);
      jest.spyOn(events, 'subscribeToAll').mockImplementation((options) =>
        subscribe({ ...options, onEvents: (batch) => (delivered.push(...batch.map((e) => e.id)), options.onEvents(batch)) }),
      );
      const commit = jest.spyOn(store, 'commit');

      const second = runner();
      await second.start();
      expect(delivered).toEqual(after.map((e) => e.id));
      const written = commit.mock.calls.flatMap(([writes]) => writes.map((wr) => wr.position));
      expect(written.length).toBeGreaterThan(0);
      expect(written.every((p) => p > checkpoint!)).toBe(true);
      expect(await store.checkpoint(CHECKPOINT)).toBe(sortablePosition(last));

      const replayed = new MemoryReadStore();
      await second.replayInto(replayed);
      expect(await snapshot(store)).toEqual(await snapshot(replayed));
    });
  });

  describe('documents it wrote last (document-cache.ts): a shortcut, never the truth', () => {
    it('folds live batches over the documents it wrote, without reading them back from the store', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      const getMany = jest.spyOn(store, 'getMany');

      await append(events, seatStream(w.show.showId, 'A3'), bob, w.show.locked(bob, 'A3'));
      const last = await append(events, seatStream(w.show.showId, 'B2'), bob, w.show.released(bob, 'B2', 'unlocked'));
      expect(await r.waitFor(last)).toBe(true);
      expect(getMany).not.toHaveBeenCalled();
      const replayed = new MemoryReadStore();
      await r.replayInto(replayed);
      expect(await snapshot(store)).toEqual(await snapshot(replayed));
    });

    it('two runners on one store (two projectors), each folding over what it wrote, leave the documents of one pass', async () => {
      const w = await book(events);
      const [one, two] = [runner(), runner()];
      await one.start();
      await two.start(); // from the shared checkpoint: it has written nothing yet, so it reads what `one` wrote
      const s = w.show.showId;
      const appended = await Promise.all([
        append(events, seatStream(s, 'A3'), bob, w.show.locked(bob, 'A3'), w.show.released(bob, 'A3', 'unlocked'), w.show.locked(bob, 'A3')),
        append(events, seatStream(s, 'B2'), bob, w.show.released(bob, 'B2', 'unlocked')),
        append(events, seatStream(s, 'B1'), alice, w.show.locked(alice, 'B1')),
      ]);
      for (const p of appended) expect(await Promise.all([one.waitFor(p), two.waitFor(p)])).toEqual([true, true]);
      const replayed = new MemoryReadStore();
      await one.replayInto(replayed);
      expect(await snapshot(store)).toEqual(await snapshot(replayed));
    });

    it('goes on correctly after another runner (another process) swapped a rebuild in under it', async () => {
      const w = await book(events);
      const live = runner();
      await live.start();
      const s = w.show.showId;
      await live.waitFor(await append(events, seatStream(s, 'A3'), bob, w.show.locked(bob, 'A3')));

      await runner().rebuild(); // the live runner's cached documents now describe collections that are gone
      const last = await append(events, seatStream(s, 'A3'), bob, w.show.released(bob, 'A3', 'unlocked'), w.show.locked(bob, 'A3'));
      await append(events, seatStream(s, 'B2'), bob, w.show.released(bob, 'B2', 'unlocked'));
      const after = await append(events, seatStream(s, 'B2'), alice, w.show.locked(alice, 'B2'));
      expect(await live.waitFor(last)).toBe(true);
      expect(await live.waitFor(after)).toBe(true);
      expect((await store.get<SeatDoc>('seats', seatDocId(s, 'B2')))?.doc).toMatchObject({ state: 'locked', holderId: alice.userId });
      expect(await live.verify()).toMatchObject({ consistent: true, mismatches: [] });
    });
  });

  describe('replay, verify and rebuild', () => {
    it('replays the whole history into an empty store, giving the documents and checkpoint of the live one', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();

      const fresh = new MemoryReadStore();
      const progress: number[] = [];
      expect(await r.replayInto(fresh, (n) => progress.push(n))).toBe(w.count);
      expect(progress).toEqual([w.count]);
      await expectBooked(fresh, w);
      expect(await snapshot(fresh)).toEqual(await snapshot(store));
      expect(await fresh.checkpoint(CHECKPOINT)).toBe(await store.checkpoint(CHECKPOINT));
    });

    it('verify finds the live read models consistent with a replay after a workload', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      expect(await r.verify()).toEqual({ consistent: true, eventsReplayed: w.count, mismatches: [] });
    });

    it('verify reports a live document that was tampered with, and one the history never made', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      const id = seatDocId(w.show.showId, 'A1');
      const original = (await store.get<SeatDoc>('seats', id))!.doc;
      const tampered: SeatDoc = { ...original, state: 'free', holderId: null, holderName: null, reservationId: null };
      const later = sortablePosition(position(w.last.commit + 1_000_000n));
      await store.commit(
        [
          { collection: 'seats', id, doc: tampered, position: later },
          { collection: 'shows', id: 'ghost', doc: { id: 'ghost' }, position: later },
        ],
        { name: 'tampering', position: later },
      );

      const report = await r.verify();
      expect(report.consistent).toBe(false);
      expect(report.mismatches.sort((a, b) => (a.collection < b.collection ? -1 : 1))).toEqual([
        { collection: 'seats', id, expected: original, actual: tampered },
        { collection: 'shows', id: 'ghost', expected: null, actual: { id: 'ghost' } },
      ]);
      // Verify only reports: the live read model is left as it was.
      expect((await store.get<SeatDoc>('seats', id))?.doc).toEqual(tampered);
    });

    it('rebuild swaps in equal documents while appends go on, and live projection carries on after it', async () => {
      const w = await book(events);
      const r = runner();
      await r.start();
      const s = w.show.showId;

      // Appends land while the rebuild replays: one awaited after its first page, one left in flight.
      const scratchOf = store.scratch.bind(store);
      const duringRebuild: Promise<Position>[] = [];
      let servedOldDocs = true;
      jest.spyOn(store, 'scratch').mockImplementation(async () => {
        const scratch = await scratchOf();
        const commit = scratch.commit.bind(scratch);
        scratch.commit = async (writes, checkpoint) => {
          await commit(writes, checkpoint);
          servedOldDocs &&= (await store.get('shows', s)) !== undefined;
          if (duringRebuild.length === 0) {
            duringRebuild.push(append(events, seatStream(s, 'A3'), bob, w.show.locked(bob, 'A3')));
            await duringRebuild[0];
          } else if (duringRebuild.length === 1) {
            duringRebuild.push(append(events, seatStream(s, 'B2'), bob, w.show.released(bob, 'B2', 'unlocked')));
          }
        };
        return scratch;
      });
      const swapIn = jest.spyOn(store, 'swapIn');

      const replayed = await r.rebuild();
      const [, inFlight] = await Promise.all(duringRebuild);
      expect(duringRebuild).toHaveLength(2);
      expect(swapIn).toHaveBeenCalledTimes(1);
      expect(servedOldDocs).toBe(true);
      expect(replayed).toBeGreaterThanOrEqual(w.count + 1);
      expect(replayed).toBeLessThanOrEqual(w.count + 2);

      const after = await append(events, seatStream(s, 'B1'), alice, w.show.locked(alice, 'B1'));
      expect(await r.waitFor(inFlight)).toBe(true);
      expect(await r.waitFor(after)).toBe(true);

      const seat = async (seatId: string) => (await store.get<SeatDoc>('seats', seatDocId(s, seatId)))?.doc;
      expect(await seat('A3')).toMatchObject({ state: 'locked', holderId: bob.userId });
      expect(await seat('B2')).toMatchObject({ state: 'free' });
      expect(await seat('B1')).toMatchObject({ state: 'locked', holderId: alice.userId });
      const fresh = new MemoryReadStore();
      expect(await r.replayInto(fresh)).toBe(w.count + 3);
      expect(await snapshot(store)).toEqual(await snapshot(fresh));
      expect(await store.checkpoint(CHECKPOINT)).toBe(sortablePosition(after));
      expect(await r.verify()).toMatchObject({ consistent: true, mismatches: [] });
    });
  });
});
