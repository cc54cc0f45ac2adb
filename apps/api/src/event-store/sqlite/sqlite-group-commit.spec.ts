/**
 * Group commit: appends queued in the same tick share one SQLite transaction, yet each succeeds or
 * fails on its own, and the outcomes and the stored history are exactly those of serial appends
 * (checked on random sequences with fast-check).
 */
import fc from 'fast-check';
import { newEvent } from '../event-store.contract';
import { AppendResult, ExpectedRevision, NewEvent, WrongExpectedVersion } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { events, rejection, tempStore } from './sqlite-test-support';

interface Op { stream: string; events: NewEvent[]; expected: ExpectedRevision }
type Outcome = { ok: AppendResult } | { error: string; actual?: unknown };

const outcome = (promise: Promise<AppendResult>): Promise<Outcome> =>
  promise.then(
    (ok) => ({ ok }),
    (e: Error & { actual?: unknown }) => ({ error: e.name, actual: e.actual }),
  );

const history = async (store: SqliteEventStore) =>
  (await store.readAll(undefined, 10_000)).map((e) => [e.position.commit, e.stream, e.revision, e.id, e.type, e.data]);

describe('SqliteEventStore group commit', () => {
  it('commits the appends of one tick in one transaction', async () => {
    const t = tempStore();
    const off = tempStore({ maxBatch: 1 });
    try {
      await Promise.all(Array.from({ length: 32 }, (_, i) => t.store.append(`s${i}`, events(1), 'no_stream')));
      await Promise.all(Array.from({ length: 32 }, (_, i) => off.store.append(`s${i}`, events(1), 'no_stream')));
      expect([t.store.stats, off.store.stats]).toEqual([{ transactions: 1, appends: 32 }, { transactions: 32, appends: 32 }]);
    } finally {
      await Promise.all([t.cleanup(), off.cleanup()]);
    }
  });

  it('a conflict in the batch fails only its own append, and a retry in the same batch is idempotent', async () => {
    const t = tempStore();
    try {
      const retried = events(2);
      const [first, conflict, other, retry] = await Promise.all([
        outcome(t.store.append('s', retried, 'no_stream')),
        rejection(t.store.append('s', events(1), 'no_stream')),
        outcome(t.store.append('t', events(1), 'no_stream')),
        outcome(t.store.append('s', retried, 'no_stream')),
      ]);
      expect(t.store.stats.transactions).toBe(1);
      expect(conflict).toBeInstanceOf(WrongExpectedVersion);
      expect(conflict).toMatchObject({ actual: 1n });
      expect(retry).toEqual(first);
      expect('ok' in other).toBe(true);
      expect((await t.store.readAll(undefined, 10)).map((e) => e.stream)).toEqual(['s', 's', 't']);
    } finally {
      await t.cleanup();
    }
  });

  it('gives the same outcomes and history as serial appends', async () => {
    const opArb = fc.record({
      stream: fc.constantFrom('a', 'b', 'c'),
      expected: fc.constantFrom<ExpectedRevision>('no_stream', 'any', 'exists', 0n, 1n, 2n, 3n),
      count: fc.integer({ min: 0, max: 3 }),
      reuse: fc.option(fc.record({ of: fc.nat(), exact: fc.boolean() }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (drafts) => {
        const ops: Op[] = [];
        drafts.forEach((d, i) => {
          const earlier = d.reuse && i > 0 ? ops[d.reuse.of % i] : undefined;
          const fresh = { stream: d.stream, expected: d.expected, events: Array.from({ length: d.count }, () => newEvent()) };
          ops.push(!earlier ? fresh : d.reuse!.exact ? earlier : { ...fresh, events: earlier.events });
        });
        const batched = tempStore();
        const serial = tempStore({ maxBatch: 1 });
        try {
          const together = await Promise.all(ops.map((op) => outcome(batched.store.append(op.stream, op.events, op.expected))));
          const oneByOne: Outcome[] = [];
          for (const op of ops) oneByOne.push(await outcome(serial.store.append(op.stream, op.events, op.expected)));
          expect(together).toEqual(oneByOne);
          expect(await history(batched.store)).toEqual(await history(serial.store));
          expect(batched.store.stats.transactions).toBe(1);
        } finally {
          await Promise.all([batched.cleanup(), serial.cleanup()]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
