/**
 * The EventStoreDB adapter under server faults, over a real gRPC connection to the fault injector
 * (testing/grpc-fault-injector.ts): a server scripted to never answer, to end a subscription with
 * OK, to send CaughtUp early and again, to answer ABORTED or "not ready", to time out a commit.
 * These prove how the adapter meets each fault; what EventStoreDB guarantees is proven only by the
 * contract suite on a real server (eventstoredb-event-store.engine.spec.ts).
 *
 * Timeouts are the adapter's own, set short here; a test that would hang gives up after
 * GIVE_UP_MS and says the call was still pending.
 */
import type { ArgumentsHost } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { HealthController } from '../../health/health.controller';
import type { HttpReply } from '../../http/http';
import { ProblemFilter } from '../../http/problem.filter';
import type { ReadModels } from '../../projections/read-models';
import { ProjectionRunner } from '../../projections/projection-runner';
import { MemoryReadStore } from '../../read-store/memory/memory-read-store';
import type { ReadStore } from '../../read-store/read-store.port';
import { newEvent } from '../event-store.contract';
import { AppendOutcomeUnknown, StoreUnavailable, type EventStore, type RecordedEvent, type SubscribeOptions } from '../event-store.port';
import { EventStoreDbEventStore, type Deadlines } from './eventstoredb-event-store';
import { GrpcFaultInjector, type ReadReply, type ReadRequest, type ScriptedEvent } from './testing/grpc-fault-injector';

const GIVE_UP_MS = 3000;
/** For the tests of deadlines. */
const SHORT: Deadlines = { readMs: 200, appendMs: 300, subscribeMs: 200, pingMs: 200 };
/** For the others: ample on a loaded machine, still far below GIVE_UP_MS. */
const PATIENT: Deadlines = { readMs: 2000, appendMs: 2000, subscribeMs: 2000, pingMs: 2000 };

type Outcome<T> = { value: T } | { error: unknown } | 'still pending';

/** The promise's outcome, or 'still pending' after `ms` (the adapter used to hang here). */
function within<T>(promise: Promise<T>, ms = GIVE_UP_MS): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still pending'>((resolve) => (timer = setTimeout(() => resolve('still pending'), ms)));
  const settled = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

async function eventually(condition: () => boolean, what: string, ms = GIVE_UP_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What the HTTP layer answers for an error (the exception filter, on a stand-in reply). */
function httpAnswer(error: unknown): { status: number; body: { code: string; detail: string } } {
  let status = 0;
  let body = '';
  const reply = {
    sent: false,
    raw: { headersSent: false },
    status: (s: number) => ((status = s), reply),
    header: () => reply,
    type: () => reply,
    send: (text: string) => ((body = text), reply),
  };
  new ProblemFilter().catch(error, { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost);
  return { status, body: JSON.parse(body) };
}

const isPing = (r: ReadRequest) => r.stream === '$all' && !r.subscription && r.direction === 'backwards' && r.count === 1n;
const isSubscription = (r: ReadRequest) => r.subscription;

/** UserRegistered events at positions 1..n of $all, as the projections read them. */
const users = (from: number, to: number): ScriptedEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const n = from + i;
    return { stream: `user-u${n}`, revision: 0n, position: BigInt(n), type: 'UserRegistered', data: { userId: `u${n}`, username: `user${n}`, passwordHash: 'scrypt$x', roles: ['user'], registeredAt: new Date().toISOString() } };
  });

describe('the EventStoreDB adapter against a faulty server (gRPC fault injector)', () => {
  let injector: GrpcFaultInjector;
  let store: EventStoreDbEventStore | undefined;

  beforeEach(async () => {
    injector = await GrpcFaultInjector.start({ read: (request, reply) => (isPing(request) ? reply.end() : undefined) });
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    injector.stop();
  });

  const connected = async (deadlines: Deadlines = PATIENT): Promise<EventStoreDbEventStore> =>
    (store = await EventStoreDbEventStore.connect(injector.url, 1000, deadlines));

  describe('1. a server that accepts a read and never answers', () => {
    it('fails start-up (connect) with the store unavailable within its timeout, instead of hanging', async () => {
      injector.script = { read: () => undefined };
      const started = Date.now();
      const result = await within(EventStoreDbEventStore.connect(injector.url, 300));
      expect(result).toEqual({ error: expect.any(StoreUnavailable) });
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('answers /api/health/ with 503 and the event store down within the deadline, instead of hanging', async () => {
      await connected(SHORT);
      injector.script = { read: () => undefined };
      const reads = { ping: async () => undefined } as unknown as ReadStore;
      const readModels = { runner: { lagMs: 0 }, lagMs: async () => 0 } as unknown as ReadModels;
      let status = 0;
      const reply = { status: (s: number) => ((status = s), reply) } as unknown as HttpReply;
      const started = Date.now();
      const result = await within(new HealthController(store!, reads, readModels).health(reply));
      expect(result).toEqual({ value: { status: 'unavailable', eventStore: 'down', readStore: 'up', projectionLagMs: 0 } });
      expect(status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1500); // pingMs is 200 here; 2000 by default
    });

    it('answers headPosition, readAll and readStream with the store unavailable within the deadline', async () => {
      await connected(SHORT);
      injector.script = { read: () => undefined };
      const outcomes = await Promise.all([within(store!.headPosition()), within(store!.readAll(undefined, 10)), within(store!.readStream('seat-s-A1'))]);
      expect(outcomes).toEqual(Array(3).fill({ error: expect.any(StoreUnavailable) }));
    });

    it('reports a subscription the server never confirms as unavailable within the deadline', async () => {
      await connected(SHORT);
      injector.script = { read: () => undefined };
      const errors: unknown[] = [];
      const subscription = store!.subscribeToAll({ onEvents: () => undefined, onError: (error) => errors.push(error) });
      await eventually(() => errors.length > 0, 'the subscription to report an error');
      expect(errors).toEqual([expect.any(StoreUnavailable)]);
      await subscription.close();
    });
  });

  describe('2. CaughtUp ahead of the last catch-up events, and again after falling behind', () => {
    it('tells the projection runner it caught up once, after all 25 catch-up events were projected', async () => {
      let live: ReadReply | undefined;
      injector.script = {
        read: (request, reply) => {
          if (isPing(request)) return reply.end();
          if (isSubscription(request)) return void (live = reply.confirm().events(users(1, 25)).caughtUp());
          reply.events(users(25, 25)).end(); // headPosition: the last event of $all
        },
      };
      const events = await connected();
      const seen = { projected: 0, caughtUpAt: [] as number[] };
      const observed: EventStore = Object.assign(Object.create(events) as EventStore, {
        subscribeToAll: (options: SubscribeOptions) =>
          events.subscribeToAll({
            ...options,
            onEvents: async (batch: RecordedEvent[]) => {
              await options.onEvents(batch);
              await new Promise((resolve) => setTimeout(resolve, 5)); // a read store that takes 5 ms a write, as MongoDB does
              seen.projected += batch.length;
            },
            onCaughtUp: () => {
              seen.caughtUpAt.push(seen.projected);
              options.onCaughtUp?.();
            },
          }),
      });
      const readStore = new MemoryReadStore();
      const runner = new ProjectionRunner(observed, readStore);
      try {
        expect(await within(runner.start())).toEqual({ value: undefined });
        await eventually(() => seen.caughtUpAt.length > 0, 'onCaughtUp');
        live!.fellBehind().events(users(26, 30)).caughtUp();
        await eventually(() => seen.projected === 30, 'the 5 live events');
        expect(seen.caughtUpAt).toEqual([25]);
        expect(runner.caughtUp).toBe(true);
        expect(await readStore.list('users')).toHaveLength(30);
      } finally {
        await runner.stop();
      }
    });

    it('delivers catch-up events that arrived during a batch together in the next batch, not one per call', async () => {
      injector.script = {
        read: (request, reply) => (isPing(request) ? reply.end() : void reply.confirm().events(users(1, 25)).caughtUp()),
      };
      await connected();
      const batches: number[] = [];
      const subscription = store!.subscribeToAll({
        onEvents: async (batch) => {
          batches.push(batch.length);
          await new Promise((resolve) => setTimeout(resolve, 20)); // a read-store write
        },
      });
      await eventually(() => batches.reduce((a, b) => a + b, 0) === 25, 'the 25 events');
      await subscription.close();
      expect(batches.length).toBeLessThanOrEqual(3);
    });
  });

  describe('3. a subscription the server ends with status OK', () => {
    it('is reported unavailable, and the projection runner subscribes again from its checkpoint', async () => {
      injector.script = {
        read: (request, reply) => {
          if (isPing(request)) return reply.end();
          if (!isSubscription(request)) return reply.events(users(3, 3)).end(); // headPosition
          if (request.from === 'start') return reply.confirm().events(users(1, 3)).caughtUp().end();
          reply.confirm().caughtUp();
        },
      };
      const events = await connected();
      const runner = new ProjectionRunner(events, new MemoryReadStore());
      try {
        await runner.start();
        await eventually(() => injector.reads.filter(isSubscription).length === 2, 'a second subscription');
        expect(injector.reads.filter(isSubscription).map((r) => r.from)).toEqual(['start', 3n]);
      } finally {
        await runner.stop();
      }
    });
  });

  describe('4. an append whose commit timed out after its prepares were written', () => {
    it('reports the outcome unknown, which the HTTP layer answers 503 asking to retry with the same Idempotency-Key', async () => {
      injector.script = { read: (request, reply) => (isPing(request) ? reply.end() : undefined), append: () => 'commit-timeout' };
      await connected();
      const result = await within(store!.append('seat-s-A1', [newEvent('SeatLocked')], 0n));
      expect(result).toEqual({ error: expect.any(AppendOutcomeUnknown) });
      const answer = httpAnswer((result as { error: unknown }).error);
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('unavailable');
      expect(answer.body.detail).toMatch(/may have been/);
      expect(answer.body.detail).toMatch(/same Idempotency-Key/);
      expect(answer.body.detail).not.toMatch(/nothing was changed/);
    });

    it('reports the outcome unknown within the deadline when the server never answers the append', async () => {
      injector.script = { read: (request, reply) => (isPing(request) ? reply.end() : undefined), append: () => 'never' };
      await connected(SHORT);
      expect(await within(store!.append('seat-s-A1', [newEvent('SeatLocked')], 0n))).toEqual({ error: expect.any(AppendOutcomeUnknown) });
    });
  });

  describe('5. event data that cannot be JSON-encoded', () => {
    it('refuses the append at once, sends nothing, and leaves no unhandled rejection', async () => {
      const appended: unknown[] = [];
      injector.script = { read: (request, reply) => (isPing(request) ? reply.end() : undefined), append: (request) => (appended.push(request), { revision: 0n, position: 1n }) };
      await connected();
      const unhandled: unknown[] = [];
      const record = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', record);
      try {
        const result = await within(store!.append('seat-s-A1', [newEvent('SeatLocked', { count: 1n })], 'no_stream'), 1000);
        expect(result).toEqual({ error: expect.any(TypeError) });
        await new Promise((resolve) => setImmediate(resolve));
        expect(unhandled).toEqual([]);
        expect(appended).toEqual([]);
      } finally {
        process.off('unhandledRejection', record);
      }
    });
  });

  describe('found by these tests', () => {
    it('closes after 10 pings of a store that holds events, instead of waiting for ever for their calls', async () => {
      injector.script = { read: (_request, reply) => reply.events(users(1, 1)).end() };
      const events = await connected();
      for (let i = 0; i < 10; i++) await events.ping();
      store = undefined;
      expect(await within(events.close())).toEqual({ value: undefined });
    });
  });

  describe('smaller defects', () => {
    it('answers a read the server timed out (ABORTED) with 503, not 500', async () => {
      await connected();
      injector.script = { read: (_request, reply) => reply.fail(grpc.status.ABORTED, 'Operation timed out: read took too long') };
      const result = await within(store!.readStream('seat-s-A1'));
      expect(result).toEqual({ error: expect.any(StoreUnavailable) });
      expect(httpAnswer((result as { error: unknown }).error).status).toBe(503);
    });

    it('answers an append the server is not ready for with 503 saying nothing was changed, not 500', async () => {
      injector.script = { read: (request, reply) => (isPing(request) ? reply.end() : undefined), append: () => 'not-ready' };
      await connected();
      const result = await within(store!.append('seat-s-A1', [newEvent('SeatLocked')], 0n));
      expect(result).toEqual({ error: expect.any(StoreUnavailable) });
      const answer = httpAnswer((result as { error: unknown }).error);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toMatch(/nothing was changed/);
    });

    it('answers an empty append to a missing stream with revision -1, as the embedded store does', async () => {
      injector.script = {
        read: (request, reply) => (isPing(request) ? reply.end() : reply.streamNotFound(request.stream).end()),
        append: () => ({ revision: 'no_stream' }),
      };
      await connected();
      expect((await store!.append('seat-s-A1', [], 'no_stream')).nextExpectedRevision).toBe(-1n);
      expect((await store!.append('seat-s-A1', [], 'any')).nextExpectedRevision).toBe(-1n);
    });

    it('finds the head position behind 700 system records at the end of $all (the last 100 were all it looked at)', async () => {
      // $all as a list: the last application event at 300, then $stats records at 301..1000.
      const stats = Array.from({ length: 700 }, (_, i): ScriptedEvent => ({ stream: '$stats-127.0.0.1:2113', revision: BigInt(i), position: BigInt(301 + i), type: '$statsCollected', data: {} }));
      const log = [...users(1, 300), ...stats];
      injector.script = {
        read: (request, reply) => {
          if (isPing(request) || request.direction !== 'backwards') return reply.end();
          const before = request.from === 'end' ? Infinity : Number(request.from);
          reply.events(log.filter((e) => Number(e.position) < before).reverse().slice(0, Number(request.count))).end();
        },
      };
      await connected();
      expect(await store!.headPosition()).toEqual({ commit: 300n, prepare: 300n });
    });

    it('reads every event of a stream, $-typed and binary ones too (only $all hides system events)', async () => {
      await connected();
      injector.script = {
        read: (request, reply) =>
          reply
            .events(
              [
                { stream: request.stream, revision: 0n, position: 10n, type: 'SeatLocked', data: { seatId: 'A1' } },
                { stream: request.stream, revision: 1n, position: 11n, type: '$custom', data: {} },
                { stream: request.stream, revision: 2n, position: 12n, type: 'Blob', data: Uint8Array.from([1, 2, 3]) },
              ],
              false,
            )
            .end(),
      };
      expect((await store!.readStream('seat-s-A1')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    });
  });
});
