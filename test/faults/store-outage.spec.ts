/**
 * Store outages (issue 6, docs/reliability.md "Store outages"): the embedded event store becomes
 * unwritable under a running in-process server, then writable again, with no restart.
 *
 * How, without a mock: the SQLite adapter's test hook `reopenWith` decides how the store opens
 * its connections (these tests run as root, and root ignores permission bits, so chmod cannot
 * make the file read-only). Two ways, each a whole run of this suite:
 *   - "a read-only file": connections opened read-only (`new Database(file, { readonly: true })`),
 *     what SQLite does with a write-protected file;
 *   - "writes refused on a read-write connection": opened read-write, then `PRAGMA query_only`,
 *     so SQLite refuses writes while better-sqlite3's `readonly` flag says false, as a
 *     write-protected file gives a non-root process that asked for read-write.
 * Every write is then refused by SQLite itself with SQLITE_READONLY; reads are served. "The store
 * returns" is the same opener answering writable connections again: nothing is reopened, reset or
 * restarted by the test, so the store must notice by itself.
 * (A full disk, SQLITE_FULL, takes the same path to 503; it is produced for real at the store's
 * level in sqlite-event-store.faults.spec.ts, where a page limit makes it certain.)
 */
import Database from 'better-sqlite3';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.port';
import { SqliteEventStore } from '../../apps/api/src/event-store/sqlite/sqlite-event-store';
import { join } from 'node:path';
import { wholeLog, type AuditEntry } from '../support/audit';
import type { Client, Reply } from '../support/client';
import { expectProblem } from '../support/problem';
import { startServer, type TestServer } from '../support/server';

jest.setTimeout(120_000);

interface Outage {
  how: string;
  open(file: string, down: boolean): Database.Database;
  /** Whether the event store can still be read during the outage (the audit log answers 200). */
  reads: boolean;
}

const OUTAGES: Outage[] = [
  { how: 'a read-only file', reads: true, open: (file, down) => new Database(file, { readonly: down }) },
  {
    how: 'writes refused on a read-write connection',
    reads: true,
    open: (file, down) => {
      const db = new Database(file);
      if (down) db.pragma('query_only = 1');
      return db;
    },
  },
  {
    // Not only unwritable: the file cannot be opened at all (SQLITE_CANTOPEN from SQLite, for a
    // path that is not there), so the projection's subscription fails too and must resubscribe.
    how: 'the file cannot even be opened',
    reads: false,
    open: (file, down) => (down ? new Database(join(`${file}.unreachable`, 'events.sqlite'), { fileMustExist: true }) : new Database(file)),
  },
];

describe.each(OUTAGES)('the event store cannot be written ($how), then can again', ({ open, reads }) => {
  let server: TestServer;
  let eventId: string;
  let alice: Client;
  let bob: Client;
  let auditor: Client;
  let bobsReservation: { id: string };
  let readOnly = false;
  let historyBefore: AuditEntry[];
  let gridBefore: unknown;
  const during: Record<string, Reply> = {};

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    let admin: Client;
    [alice, bob, auditor, admin] = await Promise.all([server.as('alice'), server.as('bob'), server.as('auditor'), server.as('admin')]);
    for (const seat of ['A1', 'A2', 'A3']) expect((await alice.post(`/api/events/${eventId}/seats/${seat}/lock/`)).status).toBe(200);
    for (const seat of ['B1', 'B2']) expect((await bob.post(`/api/events/${eventId}/seats/${seat}/lock/`)).status).toBe(200);
    const reserved = await bob.post(`/api/events/${eventId}/reserve/`, { seatIds: ['B1', 'B2'] });
    expect(reserved.status).toBe(201);
    bobsReservation = reserved.body.reservation;
    historyBefore = await wholeLog(auditor);
    gridBefore = (await server.client().get(`/api/events/${eventId}/seats/`)).body.seats;

    // The outage: from here on the store's connections are read-only, as SQLite opens a write-protected file.
    const store = server.app.get(EVENT_STORE);
    expect(store).toBeInstanceOf(SqliteEventStore);
    (store as SqliteEventStore).reopenWith((file) => open(file, readOnly));
    readOnly = true;

    const visitor = server.client();
    await visitor.get('/api/csrf/');
    during.lock = await alice.post(`/api/events/${eventId}/seats/A5/lock/`);
    during.unlock = await alice.post(`/api/events/${eventId}/seats/A3/unlock/`);
    during.reserve = await alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1', 'A2'] }, { 'Idempotency-Key': 'outage-1' });
    during.cancel = await bob.post(`/api/reservations/${bobsReservation.id}/cancel/`);
    during.register = await visitor.post('/api/register/', { username: 'carol', password: 'carol-password-1' });
    during.adminRelease = await admin.post(`/api/admin/events/${eventId}/seats/A1/release/`);
  });

  afterAll(() => server.close());

  describe('while the store cannot write', () => {
    it.each(['lock', 'unlock', 'reserve', 'cancel', 'register', 'adminRelease'])('%s answers 503 unavailable problem+json naming the event store', (command) => {
      expectProblem(during[command], 503, 'unavailable');
      expect(during[command].body.detail).toMatch(/event store/);
    });

    it('reads of the read models keep answering 200: the event list, the seat grid, my reservations', async () => {
      expect(readOnly).toBe(true);
      const events = await server.client().get('/api/events/');
      expect(events.status).toBe(200);
      expect(events.body.events.map((e: { id: string }) => e.id)).toContain(eventId);
      const grid = await server.client().get(`/api/events/${eventId}/seats/`);
      expect(grid.status).toBe(200);
      expect(grid.body.seats).toEqual(gridBefore);
      const mine = await bob.get('/api/reservations/');
      expect(mine.status).toBe(200);
      expect(mine.body.reservations).toEqual([expect.objectContaining({ id: bobsReservation.id, status: 'confirmed' })]);
    });

    it(`what reads the history itself ${reads ? 'still answers: the audit log (unchanged) and login' : 'answers 503 unavailable: the audit log, and login (it checks the password against the user stream)'}`, async () => {
      if (reads) {
        expect(await wholeLog(auditor)).toEqual(historyBefore);
        await server.as('bob'); // a login writes only the session store, which is another file
      } else {
        expectProblem(await auditor.get('/api/audit/log/'), 503, 'unavailable');
        const visitor = server.client();
        await visitor.get('/api/csrf/');
        expectProblem(await visitor.post('/api/login/', { username: 'bob', password: 'bob123' }), 503, 'unavailable');
      }
    });

    it('/api/health/ answers 503 with the event store down and the read store up', async () => {
      const health = await server.client().get('/api/health/');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', eventStore: 'down', readStore: 'up', projectionLagMs: expect.any(Number) });
    });
  });

  describe('once the store can write again (no restart, nothing reopened by the test)', () => {
    beforeAll(() => {
      readOnly = false;
    });

    it('nothing of the refused commands was written: the history and the grid are as before the outage', async () => {
      expect(await wholeLog(auditor)).toEqual(historyBefore);
      expect((await server.client().get(`/api/events/${eventId}/seats/`)).body.seats).toEqual(gridBefore);
    });

    it('the very next command succeeds, and every refused one goes through when retried', async () => {
      // First write after the outage, on the connection the store opened while the file was read-only.
      const reserve = await alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1', 'A2'] }, { 'Idempotency-Key': 'outage-1' });
      expect(reserve.status).toBe(201);
      expect(reserve.body.reservation).toMatchObject({ status: 'confirmed', seatIds: ['A1', 'A2'] });
      // Read-your-writes holds at once: the projection is running again (resubscribed, where its subscription had failed).
      expect((await alice.get('/api/reservations/')).body.reservations).toEqual([expect.objectContaining({ id: reserve.body.reservation.id, status: 'confirmed' })]);
      expect((await alice.post(`/api/events/${eventId}/seats/A5/lock/`)).status).toBe(200);
      expect((await alice.post(`/api/events/${eventId}/seats/A3/unlock/`)).status).toBe(200);
      expect((await bob.post(`/api/reservations/${bobsReservation.id}/cancel/`)).body.reservation).toMatchObject({ status: 'cancelled' });
      const visitor = server.client();
      await visitor.get('/api/csrf/');
      expect((await visitor.post('/api/register/', { username: 'carol', password: 'carol-password-1' })).status).toBe(201);
      // Each retried command wrote its events once: one ReservationRequested, one user, one lock of A5.
      const history = await wholeLog(auditor);
      expect(history.slice(0, historyBefore.length)).toEqual(historyBefore);
      const added = history.slice(historyBefore.length);
      expect(added.filter((e) => e.type === 'ReservationRequested')).toHaveLength(1);
      expect(added.filter((e) => e.type === 'UserRegistered')).toHaveLength(1);
      expect(added.filter((e) => e.type === 'SeatLocked' && e.data.seatId === 'A5')).toHaveLength(1);
    });

    it('/api/health/ answers 200 with both stores up again', async () => {
      const health = await server.client().get('/api/health/');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', eventStore: 'up', readStore: 'up' });
    });

    it('the read models equal a replay of the history (verify is consistent)', async () => {
      const verify = await auditor.get('/api/audit/verify/');
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ consistent: true, mismatches: [] });
    });

    it('a second outage, with no command at all: /api/health/ alone sees it start and end', async () => {
      const health = async () => (await server.client().get('/api/health/')).body;
      readOnly = true;
      (server.app.get(EVENT_STORE) as SqliteEventStore).reopenWith((file) => open(file, readOnly));
      expect(await health()).toMatchObject({ status: 'unavailable', eventStore: 'down' });
      expect(await health()).toMatchObject({ status: 'unavailable', eventStore: 'down' });
      readOnly = false;
      expect(await health()).toMatchObject({ status: 'ok', eventStore: 'up' });
      expect((await alice.post(`/api/events/${eventId}/seats/A7/lock/`)).status).toBe(200);
    });
  });
});
