/**
 * The SQLite event store: the port's contract suite, then what only this adapter promises or does
 * (settings, exact positions, idempotency with any, refused duplicate ids, durability, a second
 * instance on the same file standing in for another process).
 */
import Database from 'better-sqlite3';
import { eventStoreContract, newEvent, waitFor } from '../event-store.contract';
import { RecordedEvent, StoreUnavailable, WrongExpectedVersion } from '../event-store.port';
import { DuplicateEventId, SqliteEventStore } from './sqlite-event-store';
import { events, rejection, tempDir, tempStore } from './sqlite-test-support';

eventStoreContract('sqlite', async () => tempStore());

describe('SqliteEventStore', () => {
  let t: ReturnType<typeof tempStore>;
  beforeEach(() => (t = tempStore()));
  afterEach(() => t.cleanup());

  it('opens the file in WAL mode with synchronous=FULL and a busy timeout', async () => {
    const temp = tempDir();
    let db!: Database.Database;
    const store = SqliteEventStore.open(`${temp.dir}/nested/dir/events.db`, { openDatabase: (f) => (db = new Database(f)) });
    expect([db.pragma('journal_mode', { simple: true }), db.pragma('synchronous', { simple: true }), db.pragma('busy_timeout', { simple: true })])
      .toEqual(['wal', 2, 5000]);
    await store.close();
    temp.remove();
  });

  it('numbers positions 1, 2, 3... with commit = prepare, and has no head when empty', async () => {
    expect(await t.store.headPosition()).toBeUndefined();
    await t.store.append('s', events(2), 'no_stream');
    await t.store.append('t', events(1), 'no_stream');
    expect((await t.store.readAll(undefined, 10)).map((e) => e.position)).toEqual([1n, 2n, 3n].map((n) => ({ commit: n, prepare: n })));
    expect(await t.store.headPosition()).toEqual({ commit: 3n, prepare: 3n });
  });

  it('answers an empty append to a missing stream with revision -1 and position 0', async () => {
    expect(await t.store.append('none', [], 'any')).toEqual({ nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } });
  });

  it('treats a retry with any or exists as idempotent where the first id already is', async () => {
    const first = events(2);
    const original = await t.store.append('s', first, 'any');
    await t.store.append('s', events(1), 'any');
    expect(await t.store.append('s', first, 'any')).toEqual(original);
    expect(await t.store.append('s', first, 'exists')).toEqual(original);
    const partial = await rejection(t.store.append('s', [first[0], newEvent()], 'any'));
    expect(partial).toBeInstanceOf(WrongExpectedVersion);
    expect(partial).toMatchObject({ expected: 'any', actual: 2n });
    expect(await t.store.readStream('s')).toHaveLength(3);
  });

  it('refuses an id already stored elsewhere with DuplicateEventId and writes nothing', async () => {
    const [a] = events(1);
    await t.store.append('s', [a], 'no_stream');
    const inOther = await rejection(t.store.append('t', [newEvent(), a], 'no_stream'));
    expect(inOther).toBeInstanceOf(DuplicateEventId);
    expect(inOther).toMatchObject({ stream: 't', id: a.id, existing: 's@0' });
    expect(await rejection(t.store.append('s', [a], 0n))).toBeInstanceOf(DuplicateEventId);
    const twice = newEvent();
    expect(await rejection(t.store.append('u', [twice, twice], 'any'))).toBeInstanceOf(DuplicateEventId);
    expect((await t.store.readAll(undefined, 10)).map((e) => e.id)).toEqual([a.id]);
  });

  it('requires UUID event ids and stores them in lower case, as EventStoreDB does', async () => {
    await expect(t.store.append('s', [{ ...newEvent(), id: 'not-a-uuid' }], 'any')).rejects.toBeInstanceOf(TypeError);
    const upper = newEvent();
    await t.store.append('s', [{ ...upper, id: upper.id.toUpperCase() }], 'no_stream');
    expect((await t.store.readStream('s'))[0].id).toBe(upper.id);
    expect((await t.store.append('s', [upper], 'no_stream')).nextExpectedRevision).toBe(0n);
  });

  it('keeps acknowledged and queued appends across close and reopen', async () => {
    await t.store.append('s', events(2, { kept: true }), 'no_stream');
    const queued = t.store.append('s', events(1), 1n);
    await t.store.close();
    await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 2n });
    await expect(t.store.append('s', events(1), 'any')).rejects.toBeInstanceOf(StoreUnavailable);
    expect(() => t.store.subscribeToAll({ onEvents: () => undefined })).toThrow(StoreUnavailable);
    const reopened = new SqliteEventStore(t.file);
    const read = await reopened.readStream('s');
    expect(read.map((e) => [e.revision, e.data])).toEqual([[0n, { kept: true }], [1n, { kept: true }], [2n, {}]]);
    await reopened.close();
  });

  it('catches up in batches of subscriptionBatch, then signals caught-up once', async () => {
    const small = tempStore({ subscriptionBatch: 7 });
    try {
      await small.store.append('s', events(30), 'no_stream');
      const sizes: number[] = [];
      let caughtUpAfter = -1;
      const sub = small.store.subscribeToAll({
        onEvents: (batch) => void sizes.push(batch.length),
        onCaughtUp: () => (caughtUpAfter = sizes.reduce((a, b) => a + b, 0)),
      });
      await waitFor(() => caughtUpAfter >= 0);
      expect([sizes, caughtUpAfter]).toEqual([[7, 7, 7, 7, 2], 30]);
      await sub.close();
    } finally {
      await small.cleanup();
    }
  });

  it('close waits for a running handler and stops the subscriptions', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let [entered, finished] = [false, false];
    t.store.subscribeToAll({ onEvents: async () => void ((entered = true), await gate, (finished = true)) });
    await t.store.append('s', events(1), 'no_stream');
    await waitFor(() => entered);
    const closing = t.store.close();
    setImmediate(release);
    await closing;
    expect(finished).toBe(true);
  });

  describe('a second instance on the same file (another process)', () => {
    it('sees its appends through polling, without in-process notification', async () => {
      const other = new SqliteEventStore(t.file, { pollMs: 20 });
      const received: RecordedEvent[] = [];
      const sub = t.store.subscribeToAll({ onEvents: (batch) => void received.push(...batch) });
      try {
        for (let i = 0; i < 5; i++) await other.append('s', events(2), 'any');
        await waitFor(() => received.length >= 10, 5000, 'polled events');
        expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i)));
        expect(t.store.stats.transactions).toBe(0);
      } finally {
        await sub.close();
        await other.close();
      }
    });

    it('shares the expected-revision check: of two racing appends one wins', async () => {
      const other = new SqliteEventStore(t.file);
      try {
        const outcomes = await Promise.allSettled([t.store.append('s', events(1), 'no_stream'), other.append('s', events(1), 'no_stream')]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(await other.readStream('s')).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  });
});
