/**
 * The event store contract: every guarantee of the EventStore port, written only against the port
 * so that each adapter (SQLite here, EventStoreDB in CI) runs the same suite from its own spec:
 *
 *   eventStoreContract('sqlite', async () => ({ store, cleanup }));
 *
 * It never assumes an empty or private store (a shared EventStoreDB server holds other tests' and
 * system events): each test uses fresh stream names, starts reading at the head position it saw
 * first, and looks only at its own streams.
 */
import { randomUUID } from 'node:crypto';
import {
  comparePositions, EventStore, NewEvent, Position, RecordedEvent, WrongExpectedVersion,
} from './event-store.port';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

export const newEvent = (type = 'ContractTested', data: unknown = { n: 0 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { userId: 'contract', correlationId: randomUUID(), causationId: randomUUID() },
});

const events = (n: number): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent('ContractTested', { n: i }));

/** Polls `condition` every few ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

const expectIncreasing = (positions: Position[]): void => {
  positions.slice(1).forEach((p, i) => expect(comparePositions(positions[i], p)).toBe(-1));
};

export function eventStoreContract(name: string, make: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let prefix: string;
    const stream = (label: string): string => `${prefix}${label}-${randomUUID().slice(0, 8)}`;
    const mine = (list: RecordedEvent[]): RecordedEvent[] => list.filter((e) => e.stream.startsWith(prefix));

    beforeEach(async () => {
      ({ store, cleanup } = await make());
      prefix = `contract${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
    });
    afterEach(async () => cleanup());

    /** Expects a WrongExpectedVersion and returns it. */
    const wrongVersion = async (promise: Promise<unknown>): Promise<WrongExpectedVersion> => {
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      return error as WrongExpectedVersion;
    };

    /** Everything after `from` in global order, read in pages, only this test's streams. */
    const readMineAfter = async (from: Position | undefined): Promise<RecordedEvent[]> => {
      const all: RecordedEvent[] = [];
      for (let page = await store.readAll(from, 100); page.length > 0; page = await store.readAll(page[page.length - 1].position, 100)) {
        all.push(...page);
      }
      return mine(all);
    };

    describe('expected revision', () => {
      it('no_stream creates a stream and numbers its events from 0', async () => {
        const s = stream('new');
        const result = await store.append(s, events(2), 'no_stream');
        expect(result.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0n, 1n]);
      });

      it('no_stream fails on an existing stream, with its actual revision', async () => {
        const s = stream('existing');
        await store.append(s, events(3), 'no_stream');
        const error = await wrongVersion(store.append(s, events(1), 'no_stream'));
        expect([error.stream, error.expected, error.actual]).toEqual([s, 'no_stream', 2n]);
      });

      it('exists fails on a missing stream with actual no_stream, and appends to an existing one', async () => {
        const s = stream('exists');
        const error = await wrongVersion(store.append(s, events(1), 'exists'));
        expect([error.expected, error.actual]).toEqual(['exists', 'no_stream']);
        await store.append(s, events(1), 'no_stream');
        expect((await store.append(s, events(1), 'exists')).nextExpectedRevision).toBe(1n);
      });

      it('any appends whether or not the stream exists', async () => {
        const s = stream('any');
        expect((await store.append(s, events(1), 'any')).nextExpectedRevision).toBe(0n);
        expect((await store.append(s, events(2), 'any')).nextExpectedRevision).toBe(2n);
      });

      it('a revision succeeds only when it is the revision of the last event', async () => {
        const s = stream('exact');
        expect((await wrongVersion(store.append(s, events(1), 0n))).actual).toBe('no_stream');
        await store.append(s, events(2), 'no_stream');
        const stale = await wrongVersion(store.append(s, events(1), 0n));
        expect([stale.expected, stale.actual]).toEqual([0n, 1n]);
        expect((await wrongVersion(store.append(s, events(1), 5n))).actual).toBe(1n);
        expect((await store.append(s, events(1), 1n)).nextExpectedRevision).toBe(2n);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('an empty append checks the expected revision and writes nothing', async () => {
        const s = stream('empty');
        await store.append(s, [], 'no_stream');
        await store.append(s, [], 'any');
        expect((await wrongVersion(store.append(s, [], 'exists'))).actual).toBe('no_stream');
        await store.append(s, events(1), 'no_stream');
        await store.append(s, [], 0n);
        expect((await wrongVersion(store.append(s, [], 3n))).actual).toBe(0n);
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('append', () => {
      it('writes all events of one append, in order, with their data and metadata', async () => {
        const s = stream('multi');
        const written = [newEvent('A', { seat: 'a1', n: 1 }), newEvent('B', { nested: { ok: true } }), newEvent('C', null)];
        const result = await store.append(s, written, 'no_stream');
        const read = await store.readStream(s);
        expect(read.map((e) => [e.id, e.stream, e.revision, e.type, e.data, e.metadata])).toEqual(
          written.map((e, i) => [e.id, s, BigInt(i), e.type, e.data, e.metadata]),
        );
        expectIncreasing(read.map((e) => e.position));
        expect(read[2].position).toEqual(result.position);
        expect(read.every((e) => e.recordedAt instanceof Date && !Number.isNaN(e.recordedAt.getTime()))).toBe(true);
      });

      it('a rejected multi-event append writes none of its events', async () => {
        const s = stream('atomic');
        const head = await store.headPosition();
        await store.append(s, events(1), 'no_stream');
        const rejected = events(3);
        await wrongVersion(store.append(s, rejected, 'no_stream'));
        await wrongVersion(store.append(s, rejected, 7n));
        const ids = new Set(rejected.map((e) => e.id));
        expect((await readMineAfter(head)).filter((e) => ids.has(e.id))).toEqual([]);
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('readStream answers an empty list for a missing stream', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });
    });

    describe('global order', () => {
      it('orders the events of all streams by position, in commit order', async () => {
        const head = await store.headPosition();
        const [a, b, c] = [stream('a'), stream('b'), stream('c')];
        const results = [];
        results.push(await store.append(a, events(2), 'no_stream'));
        results.push(await store.append(b, events(1), 'no_stream'));
        results.push(await store.append(a, events(1), 1n));
        results.push(await store.append(c, events(2), 'any'));
        expectIncreasing(results.map((r) => r.position));
        const all = await readMineAfter(head);
        expect(all.map((e) => [e.stream, e.revision])).toEqual([[a, 0n], [a, 1n], [b, 0n], [a, 2n], [c, 0n], [c, 1n]]);
        expectIncreasing(all.map((e) => e.position));
      });

      it('readAll pages from an exclusive position', async () => {
        const head = await store.headPosition();
        const s = stream('paged');
        for (let i = 0; i < 10; i++) await store.append(s, events(1), 'any');
        const pages: RecordedEvent[][] = [];
        let from = head;
        for (let page = await store.readAll(from, 3); page.length > 0; page = await store.readAll(from, 3)) {
          expect(page.length).toBeLessThanOrEqual(3);
          if (from) expect(comparePositions(from, page[0].position)).toBe(-1);
          pages.push(page);
          from = page[page.length - 1].position;
        }
        const paged = mine(pages.flat());
        expect(paged.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i)));
        expect(await store.readAll(paged[9].position, 5).then(mine)).toEqual([]);
        expect((await store.readAll(paged[4].position, 1))[0].id).toBe(paged[5].id);
        expect(await store.readAll(undefined, 0)).toEqual([]);
      });

      it('headPosition is at or after the last acknowledged append', async () => {
        const result = await store.append(stream('head'), events(2), 'no_stream');
        const head = await store.headPosition();
        expect(head).toBeDefined();
        expect(comparePositions(head!, result.position)).toBeGreaterThanOrEqual(0);
      });

      it('ping answers while the store is up', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('idempotent event ids', () => {
      it('a retry of the same append succeeds without writing again and answers the same', async () => {
        const s = stream('retry');
        const first = events(2);
        const original = await store.append(s, first, 'no_stream');
        expect(await store.append(s, first, 'no_stream')).toEqual(original);
        const next = events(1);
        const appended = await store.append(s, next, 1n);
        expect(await store.append(s, next, 1n)).toEqual(appended);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual([...first, ...next].map((e) => e.id));
      });

      it('a retry succeeds even after the stream has moved on', async () => {
        const s = stream('moved');
        const first = events(1);
        const original = await store.append(s, first, 'no_stream');
        const second = events(2);
        const appended = await store.append(s, second, 0n);
        await store.append(s, events(1), 2n);
        expect(await store.append(s, first, 'no_stream')).toEqual(original);
        expect(await store.append(s, second, 0n)).toEqual(appended);
        expect(await store.readStream(s)).toHaveLength(4);
      });

      it('an id reused at another place is rejected and nothing is written', async () => {
        const s = stream('reused');
        const head = await store.headPosition();
        const [a, b] = events(2);
        await store.append(s, [a, b], 'no_stream');
        expect((await wrongVersion(store.append(s, [a], 0n))).actual).toBe(1n);
        const other = newEvent();
        expect((await wrongVersion(store.append(s, [a, other], 'no_stream'))).actual).toBe(1n);
        expect((await wrongVersion(store.append(s, [b, other], 0n))).actual).toBe(1n);
        expect((await readMineAfter(head)).map((e) => e.id)).toEqual([a.id, b.id]);
      });
    });

    describe('concurrency', () => {
      it('of 30 concurrent appends at the same revision exactly one wins', async () => {
        const s = stream('race');
        await store.append(s, events(1), 'no_stream');
        const contenders = Array.from({ length: 30 }, () => newEvent());
        const outcomes = await Promise.allSettled(contenders.map((e) => store.append(s, [e], 0n)));
        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [contenders[i].id] : []));
        expect(winners).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect([o.reason instanceof WrongExpectedVersion, o.reason.actual]).toEqual([true, 1n]);
        }
        expect((await store.readStream(s)).map((e) => e.id).slice(1)).toEqual(winners);
      });

      it('of 30 concurrent no_stream appends exactly one creates the stream', async () => {
        const s = stream('create-race');
        const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => store.append(s, events(2), 'no_stream')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('positions strictly increase across concurrent appends to many streams', async () => {
        const head = await store.headPosition();
        const streams = Array.from({ length: 5 }, (_, i) => stream(`many${i}`));
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(streams[i % 5], events(1 + (i % 3)), 'any')));
        const all = await readMineAfter(head);
        expect(all).toHaveLength(results.reduce((n, _, i) => n + 1 + (i % 3), 0));
        expectIncreasing(all.map((e) => e.position));
        expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
        for (const s of streams) {
          expect(all.filter((e) => e.stream === s).map((e) => e.revision)).toEqual((await store.readStream(s)).map((e) => e.revision));
        }
      });
    });

    describe('subscribeToAll', () => {
      it('delivers history, signals caught-up, then live events, with no gaps or repeats while appends race', async () => {
        const head = await store.headPosition();
        const streams = Array.from({ length: 5 }, (_, i) => stream(`live${i}`));
        for (let i = 0; i < 25; i++) await store.append(streams[i % 5], events(1), 'any');
        const received: RecordedEvent[] = [];
        let caughtUpAt = -1;
        let caughtUpCalls = 0;
        const subscription = store.subscribeToAll({
          from: head,
          onEvents: (batch) => void received.push(...mine(batch)),
          onCaughtUp: () => {
            caughtUpCalls += 1;
            caughtUpAt = received.length;
          },
        });
        try {
          const racing = Array.from({ length: 40 }, (_, i) => store.append(streams[i % 5], events(1 + (i % 2)), 'any'));
          await Promise.all(racing);
          await waitFor(() => received.length >= 25 + 60, 10_000, 'all events');
          await waitFor(() => caughtUpCalls > 0, 10_000, 'caught up');
          const stored = await readMineAfter(head);
          expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
          expectIncreasing(received.map((e) => e.position));
          expect(caughtUpCalls).toBe(1);
          expect(caughtUpAt).toBeGreaterThanOrEqual(25);
        } finally {
          await subscription.close();
        }
      });

      it('starts after an exclusive from position', async () => {
        const s = stream('from');
        await store.append(s, events(5), 'no_stream');
        const read = await store.readStream(s);
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ from: read[1].position, onEvents: (batch) => void received.push(...mine(batch)) });
        try {
          await store.append(s, events(1), 4n);
          await waitFor(() => received.length >= 4, 5000, 'events after from');
          expect(received.map((e) => e.revision)).toEqual([2n, 3n, 4n, 5n]);
        } finally {
          await subscription.close();
        }
      });

      it('delivers one batch at a time, waiting for the handler', async () => {
        const head = await store.headPosition();
        const s = stream('sequential');
        let running = 0;
        let overlapped = false;
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          from: head,
          onEvents: async (batch) => {
            running += 1;
            overlapped ||= running > 1;
            await new Promise((resolve) => setImmediate(resolve));
            received.push(...mine(batch));
            running -= 1;
          },
        });
        try {
          for (let i = 0; i < 10; i++) await store.append(s, events(1), 'any');
          await waitFor(() => received.length >= 10, 5000, 'ten events');
          expect(overlapped).toBe(false);
          expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i)));
        } finally {
          await subscription.close();
        }
      });

      it('stops and reports to onError when the handler rejects', async () => {
        const head = await store.headPosition();
        const s = stream('failing');
        const failure = new Error('projection failed');
        const errors: unknown[] = [];
        let calls = 0;
        const subscription = store.subscribeToAll({
          from: head,
          onEvents: (batch) => {
            if (mine(batch).length === 0) return;
            calls += 1;
            throw failure;
          },
          onError: (error) => errors.push(error),
        });
        const witness: RecordedEvent[] = [];
        const second = store.subscribeToAll({ from: head, onEvents: (batch) => void witness.push(...mine(batch)) });
        try {
          await store.append(s, events(1), 'no_stream');
          await waitFor(() => errors.length > 0, 5000, 'onError');
          await store.append(s, events(1), 0n);
          await waitFor(() => witness.length >= 2, 5000, 'the witness subscription');
          expect(errors).toEqual([failure]);
          expect(calls).toBe(1);
        } finally {
          await Promise.all([subscription.close(), second.close()]);
        }
      });

      it('close resolves only once the running handler has finished', async () => {
        const head = await store.headPosition();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered = false;
        let finished = false;
        const subscription = store.subscribeToAll({
          from: head,
          onEvents: async (batch) => {
            if (mine(batch).length === 0) return;
            entered = true;
            await gate;
            finished = true;
          },
        });
        await store.append(stream('closing'), events(1), 'no_stream');
        await waitFor(() => entered, 5000, 'the handler');
        let closed = false;
        const closing = subscription.close().then(() => (closed = true));
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        expect(closed).toBe(false);
        release();
        await closing;
        expect(finished).toBe(true);
      });
    });
  });
}
