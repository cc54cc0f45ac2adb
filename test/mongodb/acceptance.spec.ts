/**
 * Issue 9: the HTTP acceptance suite with READ_STORE=mongodb, over the MongoDB wire protocol with the
 * official driver against FerretDB (docs/ferretdb.md): events, the seat grid with ETag/304, lock,
 * unlock, reserve, cancel, expiry (FakeClock), rebuild and verify; and sessions in MongoDB, so that a
 * login survives an API restart. One in-process server (PROCESS_ROLE=all: it projects itself) on a
 * fresh database of its own FerretDB. Where FerretDB could not be built, the suite is skipped (and
 * counted as skipped), never passed.
 */
import { MongoClient } from 'mongodb';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, LIVE_PREFIX } from '../../apps/api/src/read-store/mongodb/mongodb-read-store';
import { logLength } from '../support/audit';
import { Client } from '../support/client';
import { FERRETDB_NOT_RUN, ferretDbAvailable, startFerretDb, type FerretDb } from '../support/ferretdb';
import { expectProblem } from '../support/problem';
import { grid, lock, lockAll, lockAndReserve, reserve, seatOf, seatsOf, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const suite = ferretDbAvailable ? describe : describe.skip;
const LOCK_SECONDS = 300;
/** Bound on status polls of a rebuild: far above what a run needs, so a hang fails instead of spinning. */
const MAX_STATUS_POLLS = 5000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

suite(`HTTP acceptance with READ_STORE=mongodb on FerretDB${FERRETDB_NOT_RUN}`, () => {
  let ferret: FerretDb | undefined;
  let server: TestServer | undefined;
  let mongodbUrl: string;
  let env: Record<string, string>;
  let eventId: string;

  const live = (): TestServer => server!;
  const seatsPath = () => `/api/events/${eventId}/seats/`;
  const inLockSeconds = () => new Date(live().clock.now().getTime() + LOCK_SECONDS * 1000).toISOString();

  beforeAll(async () => {
    ferret = await startFerretDb();
    mongodbUrl = `${ferret.url}tessera_acc`;
    // Tests here lock several seats in well under a second: past the per-user rate limit, which is not what they are about.
    env = { READ_STORE: 'mongodb', MONGODB_URL: mongodbUrl, SEAT_LOCK_SECONDS: String(LOCK_SECONDS), LOCK_RATE_PER_SECOND: '1000', LOCK_RATE_PER_MINUTE: '10000' };
    server = await startServer(env);
    eventId = await server.eventId();
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await ferret?.stop();
  });

  describe('events', () => {
    it('lists the demo events with every field of the contract, 120 seats all available, then the layout event', async () => {
      const reply = await live().client().get('/api/events/');
      expect(reply.status).toBe(200);
      expect(reply.body.events).toEqual([
        { id: eventId, name: 'Concert XYZ', venue: expect.any(String), startsAt: expect.stringMatching(ISO_UTC), currency: 'EUR', seatCount: 120, availableCount: 120, priceFrom: '50.00', status: 'scheduled', salesOpen: true },
        { id: expect.any(String), name: 'Hamlet', venue: 'Globe Theatre', startsAt: expect.stringMatching(ISO_UTC), currency: 'EUR', seatCount: 138, availableCount: 138, priceFrom: '30.00', status: 'scheduled', salesOpen: true },
      ]);
      const one = await live().client().get(`/api/events/${eventId}/`);
      expect(one.status).toBe(200);
      expect(one.body.event).toMatchObject({ id: eventId, seatCount: 120, rows: expect.arrayContaining([{ label: 'A', seats: 12, price: '50.00' }]) });
    });

    it('answers 404 not_found for an unknown event', async () => {
      expectProblem(await live().client().get('/api/events/no-such-event/'), 404, 'not_found');
      expectProblem(await live().client().get('/api/events/no-such-event/seats/'), 404, 'not_found');
    });
  });

  describe('the seat grid', () => {
    it('answers all 120 seats in order with the server time', async () => {
      const reply = await live().client().get(seatsPath());
      expect(reply.status).toBe(200);
      expect(reply.body.serverTime).toBe(live().clock.now().toISOString());
      expect(reply.body.seats).toHaveLength(120);
      expect(reply.body.seats[0]).toEqual({ id: 'A1', label: 'A1', section: 'main', row: 'A', number: 1, category: 'c1', price: '50.00', accessible: false, status: 'available', lockedBy: null, lockedUntil: null, mine: false });
    });

    it('sends an ETag, answers 304 with no body to it, keeps it while only time moves, and changes it once a seat changes', async () => {
      const watcher = live().client();
      const first = await watcher.get(seatsPath());
      const etag = first.headers.get('etag')!;
      expect(etag).toBeTruthy();
      const same = await watcher.get(seatsPath(), { 'If-None-Match': etag });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      live().clock.advance(1);
      expect((await watcher.get(seatsPath(), { 'If-None-Match': etag })).status).toBe(304);

      const { client } = await newUser(live());
      expect((await lock(client, eventId, 'J1')).status).toBe(200);
      const changed = await watcher.get(seatsPath(), { 'If-None-Match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(changed.body.seats.find((s: { id: string }) => s.id === 'J1')).toMatchObject({ status: 'locked', lockedBy: null, mine: false });
    });
  });

  describe('lock and unlock', () => {
    it('locks a free seat for SEAT_LOCK_SECONDS, shows it to the holder as mine, and refuses it to others with 409', async () => {
      const holder = await newUser(live(), 'holder');
      const other = await newUser(live(), 'other');
      const until = inLockSeconds();
      const reply = await lock(holder.client, eventId, 'A1');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        seat: { id: 'A1', label: 'A1', section: 'main', row: 'A', number: 1, category: 'c1', price: '50.00', accessible: false, status: 'locked', lockedBy: holder.username, lockedUntil: until, mine: true },
      });
      expect(await seatOf(holder.client, eventId, 'A1')).toEqual(reply.body.seat);
      expectProblem(await lock(other.client, eventId, 'A1'), 409, 'seat_unavailable');
      expect(await seatOf(other.client, eventId, 'A1')).toMatchObject({ status: 'locked', lockedBy: holder.username, mine: false });
    });

    it('unlocks a held seat, which another user can then lock; refuses to unlock a seat the caller does not hold', async () => {
      const holder = await newUser(live(), 'holder');
      const other = await newUser(live(), 'other');
      await lockAll(holder.client, eventId, ['A2']);
      expectProblem(await unlock(other.client, eventId, 'A2'), 409, 'not_lock_owner');
      const reply = await unlock(holder.client, eventId, 'A2');
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'A2', status: 'available', lockedBy: null, lockedUntil: null, mine: false });
      expect(await seatOf(holder.client, eventId, 'A2')).toMatchObject({ status: 'available' });
      expectProblem(await unlock(holder.client, eventId, 'A2'), 409, 'not_lock_owner');
      expect((await lock(other.client, eventId, 'A2')).status).toBe(200);
    });

    it('counts locks out of availableCount and unlocks back in', async () => {
      const count = async () => (await live().client().get(`/api/events/${eventId}/`)).body.event.availableCount as number;
      const { client } = await newUser(live());
      const before = await count();
      await lockAll(client, eventId, ['A3', 'A4']);
      expect(await count()).toBe(before - 2);
      await unlock(client, eventId, 'A4');
      expect(await count()).toBe(before - 1);
    });
  });

  describe('reserve and cancel', () => {
    it('reserves held seats (201 with the whole reservation), shows them reserved and lists the reservation', async () => {
      const { client } = await newUser(live());
      const other = await newUser(live(), 'other');
      await lockAll(client, eventId, ['B1', 'B2']);
      const reply = await reserve(client, eventId, { seatIds: ['B1', 'B2'], paymentMethod: 'card' });
      expect(reply.status).toBe(201);
      expect(reply.body.reservation).toEqual({
        id: expect.any(String),
        eventId,
        eventName: 'Concert XYZ',
        eventStartsAt: expect.stringMatching(ISO_UTC),
        venue: 'Main Hall',
        seatIds: ['B1', 'B2'],
        seats: ['B1', 'B2'],
        totalPrice: '100.00',
        currency: 'EUR',
        status: 'confirmed',
        createdAt: live().clock.now().toISOString(),
      });
      const seats = await seatsOf(client, eventId, ['B1', 'B2']);
      expect(Object.values(seats).map((s) => [s.status, s.mine])).toEqual([['reserved', true], ['reserved', true]]);
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([reply.body.reservation]);
      expect((await client.get(`/api/reservations/${reply.body.reservation.id}/`)).body.reservation).toEqual(reply.body.reservation);
      expectProblem(await lock(other.client, eventId, 'B1'), 409, 'seat_unavailable');
    });

    it('refuses to reserve a seat the caller does not hold, and writes nothing', async () => {
      const { client } = await newUser(live());
      await lockAll(client, eventId, ['B3']);
      expectProblem(await reserve(client, eventId, { seatIds: ['B3', 'B4'] }), 409, 'not_lock_owner');
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
      expect(await seatsOf(client, eventId, ['B3', 'B4'])).toMatchObject({ B3: { status: 'locked', mine: true }, B4: { status: 'available' } });
    });

    it('cancels a reservation (seats free again, status cancelled) and answers 409 already_cancelled to a second cancel', async () => {
      const { client } = await newUser(live());
      const reservation = await lockAndReserve(client, eventId, ['B5']);
      const reply = await client.post(`/api/reservations/${reservation.id}/cancel/`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ reservation: { ...reservation, status: 'cancelled', cancelledAt: live().clock.now().toISOString(), cancelledBy: 'owner' } });
      expect(await seatOf(client, eventId, 'B5')).toMatchObject({ status: 'available', mine: false });
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([reply.body.reservation]);
      expectProblem(await client.post(`/api/reservations/${reservation.id}/cancel/`), 409, 'already_cancelled');
      const other = await newUser(live(), 'other');
      expect((await lock(other.client, eventId, 'B5')).status).toBe(200);
    });
  });

  describe('expiry', () => {
    it('reads a lock as locked one second before its end and available from the instant it ends, with a new ETag, before any sweep', async () => {
      const holder = await newUser(live(), 'holder');
      await lockAll(holder.client, eventId, ['C1']);
      live().clock.advance(LOCK_SECONDS - 1);
      const before = await holder.client.get(seatsPath());
      expect(before.body.seats.find((s: { id: string }) => s.id === 'C1')).toMatchObject({ status: 'locked', mine: true });
      live().clock.advance(1);
      const after = await holder.client.get(seatsPath(), { 'If-None-Match': before.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.body.seats.find((s: { id: string }) => s.id === 'C1')).toMatchObject({ status: 'available', lockedBy: null, lockedUntil: null, mine: false });
    });

    it('lets another user take an expired lock, before and after the sweeper has recorded the expiry', async () => {
      const holder = await newUser(live(), 'holder');
      const taker = await newUser(live(), 'taker');
      await lockAll(holder.client, eventId, ['C2', 'C3']);
      live().clock.advance(LOCK_SECONDS + 1);
      expect((await lock(taker.client, eventId, 'C2')).body.seat).toMatchObject({ status: 'locked', lockedBy: taker.username, mine: true });
      expect(await live().sweep()).toBeGreaterThanOrEqual(1);
      expect(await seatOf(holder.client, eventId, 'C3')).toMatchObject({ status: 'available' });
      expect((await lock(taker.client, eventId, 'C3')).status).toBe(200);
      expect(await seatOf(holder.client, eventId, 'C2')).toMatchObject({ status: 'locked', lockedBy: taker.username, mine: false });
      // A lock that ran out and was taken cannot be reserved by the one who held it.
      expectProblem(await reserve(holder.client, eventId, { seatIds: ['C2'] }), 409, 'not_lock_owner');
    });
  });

  describe('rebuild and verify', () => {
    it('rebuilds the read models (202, polled until done) and every reader gets the same answers after the swap', async () => {
      const admin = await live().as('admin');
      const { client, username } = await newUser(live(), 'keeper');
      await lockAll(client, eventId, ['E11', 'E12']);
      expect((await reserve(client, eventId, { seatIds: ['E11'] })).status).toBe(201);
      const look = async () => ({
        grid: (await client.get(seatsPath())).body,
        anonymousGrid: (await live().client().get(seatsPath())).body,
        events: (await live().client().get('/api/events/')).body,
        reservations: (await client.get('/api/reservations/')).body,
        users: (await admin.get('/api/admin/users/')).body,
      });
      const before = await look();
      const history = await logLength(admin);

      const accepted = await admin.post('/api/admin/projections/rebuild/');
      expect(accepted.status).toBe(202);
      expect(accepted.body.rebuild).toMatchObject({ status: 'running' });
      let status = accepted.body.rebuild;
      for (let poll = 0; poll < MAX_STATUS_POLLS && status.status === 'running'; poll++) status = (await admin.get('/api/admin/projections/rebuild/')).body.rebuild;
      expect(status).toMatchObject({ status: 'done', progress: 1, eventsReplayed: history });

      expect(await look()).toEqual(before);
      expect(await seatOf(client, eventId, 'E12')).toMatchObject({ status: 'locked', lockedBy: username, mine: true });
      // The swap left no scratch collections behind.
      const mongo = await MongoClient.connect(mongodbUrl);
      try {
        const names = (await mongo.db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
        expect(names.filter((n) => n.startsWith(`${LIVE_PREFIX}scratch_`))).toEqual([]);
        expect(names).toEqual(expect.arrayContaining([...COLLECTIONS, 'checkpoints'].map((n) => LIVE_PREFIX + n)));
      } finally {
        await mongo.close();
      }
    }, 60_000);

    it('verifies the read models consistent with a replay of the whole history', async () => {
      const auditor = await live().as('auditor');
      const history = await logLength(auditor);
      const reply = await auditor.get('/api/audit/verify/');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ consistent: true, eventsReplayed: history, mismatches: [] });
    });
  });

  describe('sessions in MongoDB', () => {
    it('keeps sessions in MongoDB, not in the data dir, indexed on their expiry', async () => {
      await live().as('alice');
      expect(existsSync(join(live().dataDir, 'sessions.sqlite'))).toBe(false);
      const mongo = await MongoClient.connect(mongodbUrl);
      try {
        expect(await mongo.db().collection('sessions').countDocuments()).toBeGreaterThan(0);
        // Expired sessions are removed: a TTL index on MongoDB; FerretDB has none (docs/ferretdb.md), so a plain index and a purge timer.
        const indexes = await mongo.db().collection('sessions').indexes();
        expect(indexes.filter((i) => JSON.stringify(i.key) === '{"expires":1}')).toHaveLength(1);
      } finally {
        await mongo.close();
      }
    });

    it('keeps a login across an API restart on the same data and database: the old cookie still gets /api/me 200', async () => {
      const alice = await live().as('alice');
      const me = await alice.get('/api/me/');
      expect(me.status).toBe(200);
      const { client: holder, username } = await newUser(live(), 'restart');
      await lockAll(holder, eventId, ['G1']);
      const gridBefore = await grid(holder, eventId);

      const { dataDir, clock } = live();
      await live().close({ keepData: true });
      server = undefined;
      // The old server is gone: nothing answers on its port any more.
      await expect(alice.get('/api/me/')).rejects.toThrow();
      server = await startServer(env, { dataDir, clock });
      for (const c of [alice, holder]) c.baseUrl = live().url;

      const again = await alice.get('/api/me/');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(me.body);
      // The session carries on for writes too (CSRF token and all), and the read models were kept.
      expect(await grid(holder, eventId)).toEqual(gridBefore);
      expect(await seatOf(holder, eventId, 'G1')).toMatchObject({ status: 'locked', lockedBy: username, mine: true });
      expect((await unlock(holder, eventId, 'G1')).status).toBe(200);
      // A cookie the server never issued is still refused.
      const stranger = new Client(live().url);
      stranger.cookies.set('tessera.sid', 's%3Anot-a-session.bad');
      expectProblem(await stranger.get('/api/me/'), 401, 'unauthenticated');
    }, 60_000);
  });
});
