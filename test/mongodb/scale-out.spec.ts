/**
 * Issue 9, scale-out on one machine: two API processes (PROCESS_ROLE=api) and one projector process
 * (PROCESS_ROLE=projector), all built servers, on ONE embedded event store (one SQLite file in one
 * DATA_DIR: WAL, busy timeout, subscriptions that poll for other processes' commits) and one
 * FerretDB (read models and sessions), with one SESSION_SECRET, so any instance answers any client.
 * Nothing here may assume one process: races through both instances meet at the event store, the
 * grid read from either instance equals a replay once the projector has caught up, and an instance
 * killed with SIGKILL loses nothing it acknowledged while the other keeps serving.
 * Skipped (and counted as skipped) where FerretDB could not be built.
 */
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_YOUR_WRITES_TIMED_OUT } from '../../apps/api/src/projections/read-models';
import { LIVE_PREFIX } from '../../apps/api/src/read-store/mongodb/mongodb-read-store';
import { sortablePosition } from '../../apps/api/src/read-store/read-store.port';
import { Client, type Reply } from '../support/client';
import { within } from '../support/within';
import { FERRETDB_NOT_RUN, ferretDbAvailable, freePort, startFerretDb, type FerretDb } from '../support/ferretdb';
import { spawnProjector, spawnServer, type ServerProcess } from '../support/process';
import { CHECKPOINT } from '../../apps/api/src/projections/projection-runner';

const suite = ferretDbAvailable ? describe : describe.skip;

const CLIENTS = 30;
const KILL_BUYERS = 16;
/** Acknowledged reservations the doomed instance must have answered before it is killed. */
const ACKNOWLEDGED_BEFORE_KILL = 6;
/** Bounds on waits for a condition (polled, never slept out). */
const CATCH_UP_MS = 20_000;
const LOAD_MS = 60_000;
/** Commands of one 30-client race allowed to wait out the read-your-writes bound (see the race tests). */
const MAX_TIMEOUTS = 3;
/** How long a command waits for the projector before it answers anyway (ReadModels.caughtUpWith). */
const READ_YOUR_WRITES_BOUND_MS = 2000;

interface Reservation {
  id: string;
  seatIds: string[];
  status: string;
}

interface SeatView {
  id: string;
  status: string;
  lockedBy: string | null;
  mine: boolean;
}

/** The same browser (its cookies) talking to another instance: what a load balancer without sticky sessions does. */
const via = (client: Client, url: string): Client => {
  const copy = new Client(url);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
};

suite(`scale-out: two API processes and a projector on one embedded event store and one FerretDB${FERRETDB_NOT_RUN}`, () => {
  let ferret: FerretDb | undefined;
  let mongo: MongoClient | undefined;
  let dataDir: string | undefined;
  let env: Record<string, string>;
  const started: ServerProcess[] = [];
  let projector: ServerProcess;
  let api: [ServerProcess, ServerProcess];
  let eventId: string;
  let auditors: [Client, Client];
  const figures: Record<string, unknown> = {};

  const track = (p: ServerProcess): ServerProcess => (started.push(p), p);
  const spawnApi = async (demoData: boolean) => track(await spawnServer({ ...env, PROCESS_ROLE: 'api', DEMO_DATA: String(demoData) }));

  /** The event store's head, read from the shared SQLite file as a third process would. */
  const head = (): string | undefined => {
    const db = new Database(join(dataDir!, 'events.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const { position } = db.prepare('SELECT MAX(position) AS position FROM events').safeIntegers(true).get() as { position: bigint | null };
      return position === null ? undefined : sortablePosition({ commit: position, prepare: position });
    } finally {
      db.close();
    }
  };
  /** Requests that waited out the read-your-writes bound so far, on both instances (ReadModels logs each one). */
  const readYourWritesTimeouts = (): number => api.reduce((n, p) => n + p.output().split(READ_YOUR_WRITES_TIMED_OUT).length - 1, 0);
  const checkpoint = async (): Promise<string | undefined> =>
    (await mongo!.db().collection<{ _id: string; position: string }>(`${LIVE_PREFIX}checkpoints`).findOne({ _id: CHECKPOINT }))?.position;
  /** Until the projector's checkpoint in MongoDB is the event store's head. */
  const projectorCaughtUp = () => within('the projector catching up with the event store', CATCH_UP_MS, async () => ((await checkpoint()) === head() ? true : undefined));

  const register = async (prefix: string, count: number, instanceOf: (i: number) => number): Promise<Client[]> =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const client = new Client(api[instanceOf(i)].url);
        await client.get('/api/csrf/');
        const reply = await client.post('/api/register/', { username: `${prefix}${i}`, password: 'password123' });
        if (reply.status !== 201) throw new Error(`register ${prefix}${i}: ${reply.status} ${reply.text}`);
        return client;
      }),
    );
  const seatsVia = async (client: Client): Promise<SeatView[]> => {
    const reply = await client.get(`/api/events/${eventId}/seats/`);
    if (reply.status !== 200) throw new Error(`seat grid at ${client.baseUrl}: ${reply.status} ${reply.text}`);
    return reply.body.seats;
  };
  /** The grid replayed from the history (audit time travel, as of now), as this auditor sees it. */
  const replayedSeats = async (auditor: Client): Promise<SeatView[]> => {
    const reply = await auditor.get(`/api/audit/events/${eventId}/seats/`);
    if (reply.status !== 200) throw new Error(`replayed grid: ${reply.status} ${reply.text}`);
    return reply.body.seats;
  };
  const verify = async (auditor: Client) => (await auditor.get('/api/audit/verify/')).body;

  beforeAll(async () => {
    ferret = await startFerretDb();
    mongo = await MongoClient.connect(`${ferret.url}tessera_scale`);
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-scale-'));
    env = {
      READ_STORE: 'mongodb',
      MONGODB_URL: `${ferret.url}tessera_scale`,
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      // The clients are load generators: no per-user lock rate limit in the way.
      LOCK_RATE_PER_SECOND: '100000',
      LOCK_RATE_PER_MINUTE: '1000000',
    };
    // The projector first, then API 1 (which seeds the demo data), then API 2 on the history API 1 wrote.
    projector = track(await spawnProjector(env, await freePort()));
    const first = await spawnApi(true);
    const second = await spawnApi(false);
    api = [first, second];
    eventId = (await new Client(second.url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
    auditors = [await new Client(first.url).login('auditor', 'auditor123'), await new Client(second.url).login('auditor', 'auditor123')];
  }, 120_000);

  afterAll(async () => {
    // Every process started here, also when a test or beforeAll failed part-way.
    await Promise.all(started.map((p) => p.kill('SIGKILL')));
    await mongo?.close();
    await ferret?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    const out = join(__dirname, '..', '..', 'test-output');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'mongodb-scale-out.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`scale-out figures: ${JSON.stringify(figures)}`);
  });

  it('runs the three processes on one event store: both instances and the projector are healthy and serve the history API 1 seeded', async () => {
    const projectorHealth = await fetch(`${projector.url}/health`).then((r) => r.json());
    expect(projectorHealth).toMatchObject({ status: 'ok', role: 'projector' });
    for (const instance of api) {
      const health = await new Client(instance.url).get('/api/health/');
      expect({ status: health.status, body: health.body }).toMatchObject({ status: 200, body: { status: 'ok', eventStore: 'up', readStore: 'up' } });
      const events = (await new Client(instance.url).get('/api/events/')).body.events;
      expect(events).toEqual([
        expect.objectContaining({ id: eventId, name: 'Concert XYZ', seatCount: 120, availableCount: 120 }),
        expect.objectContaining({ name: 'Hamlet', seatCount: 138, availableCount: 138 }),
      ]);
    }
    // One set of demo events in the one history (API 2 started with DEMO_DATA=false on it), and the read models agree with it.
    expect(await verify(auditors[1])).toMatchObject({ consistent: true, mismatches: [] });
  });

  it('serves Prometheus metrics on every role: the projector its projection, the API instances their requests and commands', async () => {
    const scrape = async (url: string) => {
      const reply = await fetch(url);
      expect(reply.status).toBe(200);
      return reply.text();
    };
    await projectorCaughtUp();
    const fromProjector = await scrape(`${projector.url}/metrics`);
    // The demo data API 1 seeded, applied by the projector (and only there: the API instances do not project).
    expect(fromProjector).toMatch(/^tessera_projection_events_total\{projection="read-models",role="projector"\} [1-9]\d*$/m);
    expect(fromProjector).toMatch(/^tessera_store_up\{store="read",role="projector"\} 1$/m);
    for (const instance of api) {
      expect((await fetch(`${instance.url}/api/health/`)).status).toBe(200);
      const metrics = await scrape(`${instance.url}/metrics`);
      expect(metrics).toMatch(/^tessera_http_request_duration_seconds_count\{role="api",route="\/api\/health",method="GET",status="200"\} [1-9]/m);
      expect(metrics).not.toMatch(/^tessera_projection_events_total\{/m);
    }
  });

  it('gives one seat to exactly one of 30 clients split across both instances, the rest 409 seat_unavailable', async () => {
    const clients = await register('racer', CLIENTS, (i) => i % 2);
    await projectorCaughtUp(); // the race is about the lock, not about projecting 30 registrations
    const timeoutsBefore = readYourWritesTimeouts();
    const t0 = performance.now();
    const answeredAt: number[] = [];
    const replies = await Promise.all(
      clients.map(async (c, i) => {
        const reply = await c.post(`/api/events/${eventId}/seats/C5/lock/`);
        answeredAt[i] = performance.now() - t0;
        return reply;
      }),
    );
    const ms = Math.round(performance.now() - t0);
    const winners = replies.flatMap((r, i) => (r.status === 200 ? [i] : []));
    const refused = replies.filter((r) => r.status === 409);
    figures.oneSeat = {
      clients: CLIENTS,
      ok200: winners.length,
      conflict409: refused.length,
      other: replies.filter((r) => r.status !== 200 && r.status !== 409).map((r) => `${r.status} ${r.text}`),
      winnerInstance: winners.map((i) => `API ${(i % 2) + 1}`),
      winnerAnsweredMs: winners.map((i) => Math.round(answeredAt[i])),
      readYourWritesTimeouts: readYourWritesTimeouts() - timeoutsBefore,
      ms,
    };
    expect(winners).toHaveLength(1);
    expect(refused).toHaveLength(CLIENTS - 1);
    expect(refused.map((r) => r.body.code)).toEqual(refused.map(() => 'seat_unavailable'));
    // The projector keeps up with the race: at most MAX_TIMEOUTS of its requests waited out the
    // read-your-writes bound (0 in every run on a quiet machine; before issue 9's changes, 5 to 11).
    expect(readYourWritesTimeouts() - timeoutsBefore).toBeLessThanOrEqual(MAX_TIMEOUTS);

    // Read-your-writes across instances: the winner's next read, on either instance, shows the seat its
    // own (unless its lock took the whole 2 s bound waiting for the projector: then once it caught up).
    if (answeredAt[winners[0]] >= READ_YOUR_WRITES_BOUND_MS) await projectorCaughtUp();
    const winner = clients[winners[0]];
    const lockedBy = replies[winners[0]].body.seat.lockedBy;
    for (const instance of api) {
      expect((await seatsVia(via(winner, instance.url))).find((s) => s.id === 'C5')).toMatchObject({ status: 'locked', lockedBy, mine: true });
      expect((await seatsVia(via(clients[(winners[0] + 1) % CLIENTS], instance.url))).find((s) => s.id === 'C5')).toMatchObject({ status: 'locked', lockedBy, mine: false });
    }
  }, 120_000);

  it('never puts a seat in two reservations when 30 clients lock and reserve overlapping seats through both instances, each reading its own writes through the other; both grids equal a replay', async () => {
    const clients = await register('buyer', CLIENTS, (i) => i % 2);
    await projectorCaughtUp();
    const pool = ['D', 'E'].flatMap((row) => Array.from({ length: 6 }, (_, i) => `${row}${i + 1}`)); // 12 seats, 30 buyers
    const locks: number[] = [];
    const reserves: number[] = [];
    const unexpected: string[] = [];
    const stale: { tookMs: number; what: string }[] = [];
    const timeoutsBefore = readYourWritesTimeouts();
    const t0 = performance.now();
    const outcomes = await Promise.all(
      clients.map(async (client, i) => {
        // Each buyer locks through its own instance and reserves through the other one.
        const wanted = [...new Set([pool[i % pool.length], pool[(i * 7 + 3) % pool.length], pool[(i * 5 + 1) % pool.length]])];
        const held: string[] = [];
        for (const seat of wanted) {
          const sent = performance.now();
          const r = await client.post(`/api/events/${eventId}/seats/${seat}/lock/`);
          const tookMs = Math.round(performance.now() - sent);
          locks.push(r.status);
          if (r.status === 200) {
            held.push(seat);
            // Read-your-writes across instances, under load: the next read, through the other instance, shows the lock.
            const seen = (await seatsVia(via(client, api[(i + 1) % 2].url))).find((s) => s.id === seat);
            if (!(seen?.status === 'locked' && seen.mine)) stale.push({ tookMs, what: `after locking ${seat} through API ${(i % 2) + 1} (answered in ${tookMs} ms), API ${((i + 1) % 2) + 1} read ${JSON.stringify(seen)}` });
          } else if (!(r.status === 409 && r.body?.code === 'seat_unavailable')) unexpected.push(`lock ${seat}: ${r.status} ${r.text}`);
        }
        if (!held.length) return { client, reservation: undefined as Reservation | undefined };
        const other = via(client, api[(i + 1) % 2].url);
        const sent = performance.now();
        const r = await other.post(`/api/events/${eventId}/reserve/`, { seatIds: held });
        const tookMs = Math.round(performance.now() - sent);
        reserves.push(r.status);
        if (r.status !== 201 && r.status !== 409) unexpected.push(`reserve ${held}: ${r.status} ${r.text}`);
        if (r.status === 201) {
          const listed = (await client.get('/api/reservations/')).body.reservations as Reservation[];
          if (!listed.some((l) => l.id === r.body.reservation.id)) stale.push({ tookMs, what: `after reserving through API ${((i + 1) % 2) + 1} (answered in ${tookMs} ms), API ${(i % 2) + 1} listed ${JSON.stringify(listed)}` });
        }
        return { client, reservation: r.status === 201 ? (r.body.reservation as Reservation) : undefined };
      }),
    );
    const ms = Math.round(performance.now() - t0);
    const confirmed = outcomes.flatMap((o) => (o.reservation ? [o.reservation] : []));
    const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
    figures.overlappingSeats = {
      clients: CLIENTS,
      seats: pool.length,
      lock200: count(locks, 200),
      lock409: count(locks, 409),
      reserve201: count(reserves, 201),
      reserve409: count(reserves, 409),
      reservationsMade: confirmed.length,
      seatsReserved: confirmed.reduce((n, r) => n + r.seatIds.length, 0),
      ms,
    };
    // Read-your-writes across instances is bounded: a command waits at most 2 s for the projector's
    // checkpoint, then answers anyway (docs/decisions.md) and its instance logs that. A stale read of
    // one's own write after a command that did not wait out the bound is a bug whatever the load; and
    // since issue 9 the projector keeps up with this race, so commands that waited the bound out (each
    // logged by the instance that answered it) are counted, reported, and allowed only a few times: a
    // starved 2-core machine (the suite pinned to one core with the other busy) can still cause some.
    const timeouts = readYourWritesTimeouts() - timeoutsBefore;
    figures.overlappingSeats = { ...(figures.overlappingSeats as object), readYourWritesTimeouts: timeouts, staleReadsOfOwnWrite: stale.length, staleCommandsTookMs: stale.map((x) => x.tookMs) };
    expect(unexpected).toEqual([]);
    expect(stale.filter((x) => x.tookMs < READ_YOUR_WRITES_BOUND_MS).map((x) => x.what)).toEqual([]);
    expect(timeouts).toBeLessThanOrEqual(MAX_TIMEOUTS);

    const owners = new Map<string, string>();
    const twice: string[] = [];
    for (const reservation of confirmed) {
      for (const seat of reservation.seatIds) {
        if (owners.has(seat)) twice.push(seat);
        owners.set(seat, reservation.id);
      }
    }
    expect(twice).toEqual([]);
    expect(confirmed.length).toBeGreaterThan(0);

    await projectorCaughtUp();
    const [grid1, grid2] = await Promise.all(auditors.map(seatsVia));
    const replayed = await replayedSeats(auditors[0]);
    expect(grid1).toEqual(grid2);
    expect(grid1).toEqual(replayed);
    expect(grid1.filter((s) => pool.includes(s.id) && s.status === 'reserved').map((s) => s.id).sort()).toEqual([...owners.keys()].sort());
    for (const auditor of auditors) expect(await verify(auditor)).toMatchObject({ consistent: true, mismatches: [] });
    // Each buyer's reservations, read through the instance it did not reserve on, are exactly its 201 (or none).
    for (const [i, { client, reservation }] of outcomes.entries()) {
      const mine = (await via(client, api[i % 2].url).get('/api/reservations/')).body.reservations as Reservation[];
      expect(mine.map((r) => r.id)).toEqual(reservation ? [reservation.id] : []);
    }
  }, 120_000);

  it('loses nothing an API instance acknowledged when it is killed with SIGKILL under reservation load, and the other keeps serving', async () => {
    const [doomed, survivor] = api;
    // Even buyers on API 1 (killed), odd ones on API 2; rows F to J, neighbours overlapping.
    const buyers = await register('walker', KILL_BUYERS, (b) => b % 2);
    const acknowledged: { buyer: number; reservation: Reservation }[] = [];
    const survivorReplies: Reply[] = [];
    let survivorRounds = 0;
    let killedAt = 0;
    const t0 = performance.now();
    const load = buyers.map(async (client, b) => {
      const onSurvivor = b % 2 === 1;
      for (let round = 0; round < 10; round++) {
        const row = 'FGHIJ'[(b + round) % 5];
        const seats = [`${row}${(b % 6) * 2 + 1}`, `${row}${(b % 6) * 2 + 2}`];
        try {
          const held: string[] = [];
          for (const s of seats) {
            const r = await client.post(`/api/events/${eventId}/seats/${s}/lock/`);
            if (onSurvivor) survivorReplies.push(r);
            if (r.status === 200) held.push(s);
          }
          if (onSurvivor) survivorRounds++;
          if (!held.length) continue;
          const r = await client.post(`/api/events/${eventId}/reserve/`, { seatIds: held });
          if (onSurvivor) survivorReplies.push(r);
          if (r.status === 201) acknowledged.push({ buyer: b, reservation: r.body.reservation });
        } catch (error) {
          if (onSurvivor) throw error; // the survivor must answer every request
          return; // the connection died with the doomed instance
        }
      }
    });
    const fromDoomed = () => acknowledged.filter((a) => a.buyer % 2 === 0).length;
    try {
      await within('acknowledged reservations from API 1', LOAD_MS, async () => (fromDoomed() >= ACKNOWLEDGED_BEFORE_KILL ? true : undefined));
    } finally {
      killedAt = Math.round(performance.now() - t0);
      await doomed.kill('SIGKILL');
    }
    const acknowledgedByDoomed = acknowledged.filter((a) => a.buyer % 2 === 0);
    await Promise.all(load);
    figures.sigkill = {
      buyers: KILL_BUYERS,
      acknowledgedByKilledInstance: acknowledgedByDoomed.length,
      acknowledgedBySurvivor: acknowledged.length - acknowledgedByDoomed.length,
      survivorReplies: survivorReplies.length,
      killedAfterMs: killedAt,
      ms: Math.round(performance.now() - t0),
    };

    // The survivor answered every request of its buyers, through the kill, with a decision (never 5xx).
    expect(survivorReplies.filter((r) => ![200, 201, 409].includes(r.status)).map((r) => `${r.status} ${r.text}`)).toEqual([]);
    expect(survivorRounds).toBeGreaterThan(0);
    const health = await new Client(survivor.url).get('/api/health/');
    expect({ status: health.status, body: health.body }).toMatchObject({ status: 200, body: { status: 'ok', eventStore: 'up', readStore: 'up' } });

    // Every 201 of both instances is there, whole and confirmed, read through the survivor with the buyer's own session.
    for (const c of buyers) c.baseUrl = survivor.url;
    const seen = await Promise.all(acknowledged.map(async ({ buyer, reservation }) => ({ id: reservation.id, reply: await buyers[buyer].get(`/api/reservations/${reservation.id}/`) })));
    expect(seen.map(({ id, reply }) => ({ id, status: reply.status, reservation: reply.body?.reservation && { status: reply.body.reservation.status, seatIds: reply.body.reservation.seatIds } }))).toEqual(
      acknowledged.map(({ reservation }) => ({ id: reservation.id, status: 200, reservation: { status: 'confirmed', seatIds: reservation.seatIds } })),
    );
    const grid = await seatsVia(new Client(survivor.url));
    const acknowledgedSeats = acknowledged.flatMap((a) => a.reservation.seatIds);
    expect(acknowledgedSeats.filter((id) => grid.find((s) => s.id === id)?.status !== 'reserved')).toEqual([]);

    // The survivor's locks work: a new user locks a free seat and unlocks it.
    const [fresh] = await register('after-kill', 1, () => 1);
    const free = grid.find((s) => s.status === 'available')!;
    const locked = await fresh.post(`/api/events/${eventId}/seats/${free.id}/lock/`);
    expect(locked.status).toBe(200);
    expect(locked.body.seat).toMatchObject({ id: free.id, status: 'locked', mine: true });
    expect((await fresh.post(`/api/events/${eventId}/seats/${free.id}/unlock/`)).status).toBe(200);

    await projectorCaughtUp();
    expect(await verify(auditors[1])).toMatchObject({ consistent: true, mismatches: [] });

    // API 1 started again on the same store settles what the kill cut short (start-up recovery), and
    // then no seat is reserved outside a confirmed reservation; both instances agree with a replay.
    const restarted = await spawnApi(false);
    api = [restarted, survivor];
    await projectorCaughtUp();
    const confirmedSeats = new Set<string>();
    for (const c of buyers) {
      for (const r of (await via(c, restarted.url).get('/api/reservations/')).body.reservations as Reservation[]) {
        if (r.status === 'confirmed') r.seatIds.forEach((s) => confirmedSeats.add(s));
      }
    }
    auditors[0].baseUrl = restarted.url;
    const [grid1, grid2] = await Promise.all(auditors.map(seatsVia));
    expect(grid1).toEqual(grid2);
    expect(grid1).toEqual(await replayedSeats(auditors[1]));
    const walkRows = /^[FGHIJ]/;
    expect(grid1.filter((s) => walkRows.test(s.id) && s.status === 'reserved').map((s) => s.id).sort()).toEqual([...confirmedSeats].sort());
    for (const auditor of auditors) expect(await verify(auditor)).toMatchObject({ consistent: true, mismatches: [] });
  }, 180_000);
});
