/**
 * Issue 5, "production engines": the MongoDB read store goes away under a running API and comes
 * back, with no restart of the API. FerretDB (MongoDB wire protocol) is killed, then started again
 * on the same data and port. The API is the built server in a process of its own
 * (READ_STORE=mongodb, PROCESS_ROLE=all: it projects itself, and its sweeper and recovery timers
 * run), so that a crash or an unhandled rejection would show as the process dying. A second
 * instance on the same history, with a read store of its own, goes on taking locks meanwhile, so
 * that this instance's projection has something to write while MongoDB is away.
 *
 * While MongoDB is down: /api/health/ answers 503 naming the read store (within seconds, every
 * request within 10 s); commands and reads answer 503 `unavailable` problem+json (sessions live in
 * MongoDB too, so a logged-in request cannot even load its session), and nothing is written to the
 * history; the projection logs and retries, the process stays up. Once it is back: health 200, the
 * same cookie still works, locks go through, the projection catches up (the other instance's lock
 * shows in the grid) and verify is consistent.
 * Skipped (and counted as skipped) where FerretDB could not be built.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Reply } from '../support/client';
import { within } from '../support/within';
import { FERRETDB_NOT_RUN, ferretDbAvailable, startFerretDb, type FerretDb } from '../support/ferretdb';
import { expectProblem } from '../support/problem';
import { spawnServer, type ServerProcess } from '../support/process';

const suite = ferretDbAvailable ? describe : describe.skip;

/** Every request, down or not, must be answered within this (the driver's timeouts are 5 s). */
const ANSWER_WITHIN_MS = 10_000;
/** Bounds on conditions that are polled, never slept out. */
const NOTICED_WITHIN_MS = 10_000;
const RECOVERED_WITHIN_MS = 20_000;
/** A failed projection batch may take the driver's 5 s server selection timeout, then the runner's back-off: two of them. */
const RETRIED_WITHIN_MS = 20_000;

suite(`the MongoDB read store goes away under a running API and comes back${FERRETDB_NOT_RUN}`, () => {
  let ferret: FerretDb | undefined;
  let api: ServerProcess | undefined;
  let other: ServerProcess | undefined;
  let dataDir: string | undefined;
  let eventId: string;
  let alice: Client;
  let auditor: Client;
  let bob: Client;
  const figures: Record<string, unknown> = {};
  /** How long each request to the API took while MongoDB was down or coming back. */
  const tookMs: number[] = [];

  /** A request that must be answered within ANSWER_WITHIN_MS; how long it took is kept. */
  const answered = async (what: string, request: Promise<Reply>): Promise<Reply> => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)));
    try {
      return await Promise.race([request, late]);
    } finally {
      clearTimeout(timer);
      tookMs.push(Date.now() - started);
    }
  };
  const health = () => answered('health', new Client(api!.url).get('/api/health/'));
  /** How many events the history holds, read from the SQLite file as a third process would. */
  const historyLength = (): number => {
    const db = new Database(join(dataDir!, 'events.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const projectionRetries = (): number => (api!.output().match(/projection subscription stopped/g) ?? []).length;
  /** Lines of the API's log that would mean it failed rather than coped: errors, stack frames, unhandled rejections. */
  const troubles = (): string[] => api!.output().split('\n').filter((line) => /ERROR|Unhandled|^\s+at /.test(line));
  const alive = (): boolean => api!.child.exitCode === null && api!.child.signalCode === null;

  beforeAll(async () => {
    ferret = await startFerretDb();
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-outage-'));
    api = await spawnServer({ READ_STORE: 'mongodb', MONGODB_URL: `${ferret.url}tessera_outage`, DATA_DIR: dataDir, DEMO_DATA: 'true' });
    // Another instance on the same history with its own (embedded) read store and sessions: what a
    // partition looks like, where one instance loses MongoDB and the others do not.
    other = await spawnServer({ READ_STORE: 'embedded', DATA_DIR: dataDir, DEMO_DATA: 'false' });
    eventId = (await new Client(api.url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
    [alice, auditor, bob] = await Promise.all([
      new Client(api.url).login('alice', 'alice123'),
      new Client(api.url).login('auditor', 'auditor123'),
      new Client(other.url).login('bob', 'bob123'),
    ]);
    expect((await alice.post(`/api/events/${eventId}/seats/A1/lock/`)).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    console.log(`read store outage figures: ${JSON.stringify({ ...figures, slowestAnswerMs: Math.max(0, ...tookMs) })}`);
    await api?.kill();
    await other?.kill();
    await ferret?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  describe('while MongoDB is down', () => {
    let historyBefore: number;

    beforeAll(async () => {
      const killedAt = Date.now();
      await ferret!.kill();
      const down = await within('health reporting the read store down', NOTICED_WITHIN_MS, async () => {
        const reply = await health();
        return reply.status === 503 ? reply : undefined;
      });
      figures.healthDownAfterMs = Date.now() - killedAt;
      expect(down.body).toEqual({ status: 'unavailable', eventStore: 'up', readStore: 'down', projectionLagMs: expect.any(Number) });
      historyBefore = historyLength();
    }, 60_000);

    it('/api/health/ answers 503 naming the read store down and the event store up, every time, each within 10 s', async () => {
      for (let i = 0; i < 3; i++) {
        const reply = await health();
        expect(reply.status).toBe(503);
        expect(reply.body).toMatchObject({ status: 'unavailable', eventStore: 'up', readStore: 'down' });
      }
    });

    it('a lock and a reserve by the logged-in user answer 503 unavailable problem+json naming the read store, and write nothing', async () => {
      const lock = await answered('lock', alice.post(`/api/events/${eventId}/seats/A2/lock/`));
      const reserve = await answered('reserve', alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1'] }));
      for (const reply of [lock, reserve]) {
        expectProblem(reply, 503, 'unavailable');
        expect(reply.body.detail).toMatch(/read store is unavailable.*nothing was changed.*try again/i);
      }
      expect(historyLength()).toBe(historyBefore);
    });

    it('reads answer 503 unavailable problem+json too, for the logged-in user and for a visitor: no 500, no hang', async () => {
      const visitor = new Client(api!.url);
      const replies = {
        me: await answered('me', alice.get('/api/me/')),
        reservations: await answered('reservations', alice.get('/api/reservations/')),
        grid: await answered('grid', alice.get(`/api/events/${eventId}/seats/`)),
        events: await answered('events', visitor.get('/api/events/')),
        visitorGrid: await answered('visitor grid', visitor.get(`/api/events/${eventId}/seats/`)),
      };
      for (const reply of Object.values(replies)) expectProblem(reply, 503, 'unavailable');
    });

    it('the projection, handed an event by the other instance, logs and retries; the API process stays up and logs no error', async () => {
      const retriesBefore = projectionRetries();
      expect((await bob.post(`/api/events/${eventId}/seats/B1/lock/`)).status).toBe(200);
      const writtenAt = Date.now();
      expect(historyLength()).toBe(historyBefore + 1);
      // Not stopped for good after a failure: it subscribes again, and fails again while MongoDB is away.
      await within('the projection failing, retrying and failing again', RETRIED_WITHIN_MS, async () => (projectionRetries() >= 2 ? true : undefined));
      figures.projectionFailedTwiceAfterMs = Date.now() - writtenAt;
      expect(retriesBefore).toBe(0); // nothing to project before bob's lock: the retries are about it
      expect((await health()).status).toBe(503);
      expect(alive()).toBe(true);
      expect(troubles()).toEqual([]);
    });
  });

  describe('once MongoDB is back on the same data (no restart of the API)', () => {
    beforeAll(async () => {
      const startedAt = Date.now();
      await ferret!.start();
      const up = await within('health back to 200', RECOVERED_WITHIN_MS, async () => {
        const reply = await health();
        return reply.status === 200 ? reply : undefined;
      });
      figures.healthUpAfterMs = Date.now() - startedAt;
      expect(up.body).toMatchObject({ status: 'ok', eventStore: 'up', readStore: 'up' });
    }, 60_000);

    it('the same session cookie still works: /api/me/ answers alice without a new login', async () => {
      const me = await answered('me', alice.get('/api/me/'));
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ username: 'alice' });
    });

    it('alice locks another seat (200) and the grid shows it, with the lock the other instance took meanwhile and none of the refused commands', async () => {
      const lock = await answered('lock', alice.post(`/api/events/${eventId}/seats/A3/lock/`));
      expect(lock.status).toBe(200);
      expect(lock.body.seat).toMatchObject({ id: 'A3', status: 'locked', lockedBy: 'alice', mine: true });
      const grid = await answered('grid', alice.get(`/api/events/${eventId}/seats/`));
      expect(grid.status).toBe(200);
      const seats = new Map<string, { status: string; lockedBy: string | null; mine: boolean }>(grid.body.seats.map((s: { id: string }) => [s.id, s]));
      expect(Object.fromEntries(['A1', 'A2', 'A3', 'B1'].map((id) => [id, seats.get(id)]))).toMatchObject({
        A1: { status: 'locked', lockedBy: 'alice', mine: true },
        A2: { status: 'available', lockedBy: null },
        A3: { status: 'locked', lockedBy: 'alice', mine: true },
        B1: { status: 'locked', lockedBy: 'bob', mine: false },
      });
    });

    it('the reservation refused during the outage goes through now, and the read models equal a replay of the history', async () => {
      const reserve = await answered('reserve', alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1'] }));
      expect(reserve.status).toBe(201);
      expect(reserve.body.reservation).toMatchObject({ status: 'confirmed', seatIds: ['A1'] });
      const verify = await answered('verify', auditor.get('/api/audit/verify/'));
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ consistent: true, eventsReplayed: historyLength(), mismatches: [] });
    });

    it('the API process came through the whole outage alive, with no error in its log', () => {
      expect(alive()).toBe(true);
      expect(troubles()).toEqual([]);
      expect(Math.max(...tookMs)).toBeLessThan(ANSWER_WITHIN_MS);
    });
  });
});
