/**
 * api.md "Audit", issue 4: the whole history paged by position with its metadata, one seat's
 * history, the seat grid as of any instant, and verify.
 */
import { expectNoSecrets, gridAsOf, idOf, logLength, wholeLog, type AuditEntry } from '../support/audit';
import type { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { lock, lockAll, lockAndReserve, reserve, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';
import { churn } from '../support/workload';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('audit', () => {
  let server: TestServer;
  let eventId: string;
  let auditor: Client;
  let admin: Client;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    // The history below is churned by 12 users locking and unlocking as fast as the server answers:
    // past the per-user lock rate (abuse.spec.ts), which is not what this file is about.
    server = await startServer({ LOCK_RATE_PER_SECOND: '1000000', LOCK_RATE_PER_MINUTE: '1000000' });
    eventId = await server.eventId();
    [auditor, admin, alice, bob] = await Promise.all([server.as('auditor'), server.as('admin'), server.as('alice'), server.as('bob')]);
    // A history of well over 1000 events, so that every page size can be seen full.
    const users = await Promise.all(Array.from({ length: 12 }, () => newUser(server, 'churn')));
    await churn(users.map(({ client }, i) => ({ client, seatIds: [`J${i + 1}`] })), eventId, 45);
  }, 60_000);
  afterAll(() => server.close());

  const logPage = (query: string) => auditor.get(`/api/audit/log/?${query}`);
  /** Every log entry about one seat of the demo event, in commit order. */
  const entriesFor = async (seatId: string) => (await wholeLog(auditor)).filter((e) => e.data?.seatId === seatId && e.data?.showId === eventId);

  describe('GET /api/audit/log/', () => {
    it('gives the first 100 entries by default, each with position, stream, type, data, metadata and recordedAt', async () => {
      const reply = await logPage('');
      expect(reply.status).toBe(200);
      expect(reply.body.entries).toHaveLength(100);
      expect(reply.body.next).toEqual(expect.any(String));
      for (const entry of reply.body.entries) {
        expect(entry).toEqual({
          position: expect.any(String),
          stream: expect.any(String),
          type: expect.any(String),
          data: expect.anything(),
          // requestId: the HTTP request's X-Request-Id, on the events a request appended (not on the demo data's own)
          metadata: { userId: expect.any(String), correlationId: expect.any(String), causationId: expect.any(String), ...(entry.metadata.requestId === undefined ? {} : { requestId: entry.metadata.correlationId }) },
          recordedAt: expect.stringMatching(ISO_UTC),
        });
      }
      expect(new Set(reply.body.entries.map((e: AuditEntry) => e.position)).size).toBe(100);
    });

    it('gives 1000 entries with limit=1000', async () => {
      const reply = await logPage('limit=1000');
      expect(reply.status).toBe(200);
      expect(reply.body.entries).toHaveLength(1000);
      expect(reply.body.next).toEqual(expect.any(String));
    });

    it.each(['1001', '0', 'x', '-1', '1.5', ''])('refuses limit=%s with 400 validation_failed naming limit', async (limit) => {
      expectValidation(await logPage(`limit=${limit}`), 'limit');
    });

    it.each(['abc', '12abc', '', '-1', '1-2-3'])('refuses from=%s, which no answer ever gave as next, with 400 validation_failed naming from', async (from) => {
      expectValidation(await logPage(`from=${encodeURIComponent(from)}`), 'from');
    });

    it('pages through the whole history with from = the previous next: no overlap, no gap, next null at the end', async () => {
      const whole = await wholeLog(auditor, 1000);
      expect(whole.length).toBeGreaterThan(1000);
      const paged: AuditEntry[] = [];
      let from: string | null = null;
      let pages = 0;
      for (; pages < 1000; pages++) {
        const reply = await logPage(from === null ? 'limit=97' : `from=${encodeURIComponent(from)}&limit=97`);
        expect(reply.status).toBe(200);
        paged.push(...reply.body.entries);
        from = reply.body.next;
        if (from === null) break;
        expect(reply.body.entries).toHaveLength(97);
      }
      expect(from).toBeNull();
      expect(pages).toBe(Math.ceil(whole.length / 97) - 1);
      expect(paged).toEqual(whole);
      expect(new Set(paged.map((e) => e.position)).size).toBe(paged.length);
    });

    it('answers next null on a last page that is exactly full, and a page short of the end leads to one last entry', async () => {
      // The start of the last page of 1000: a previous answer's next.
      let from: string | null = null;
      let rest: AuditEntry[] = [];
      for (let page = 0; page < 1000; page++) {
        const reply = await logPage(from === null ? 'limit=1000' : `from=${encodeURIComponent(from)}&limit=1000`);
        if (reply.body.next === null) {
          rest = reply.body.entries;
          break;
        }
        from = reply.body.next;
      }
      expect(from).not.toBeNull();
      expect(rest.length).toBeGreaterThan(1);
      const exact = await logPage(`from=${encodeURIComponent(from!)}&limit=${rest.length}`);
      expect(exact.body).toEqual({ entries: rest, next: null });
      const short = await logPage(`from=${encodeURIComponent(from!)}&limit=${rest.length - 1}`);
      expect(short.body.entries).toEqual(rest.slice(0, -1));
      expect(short.body.next).toEqual(expect.any(String));
      const last = await logPage(`from=${encodeURIComponent(short.body.next)}`);
      expect(last.body).toEqual({ entries: rest.slice(-1), next: null });
    });

    it('shows a write at the end of the log as soon as it is answered, with the acting user\'s id', async () => {
      const before = await logLength(auditor);
      expect((await lock(bob, eventId, 'I1')).status).toBe(200);
      const whole = await wholeLog(auditor);
      expect(whole).toHaveLength(before + 1);
      expect(whole.at(-1)).toMatchObject({
        data: { showId: eventId, seatId: 'I1', username: 'bob', userId: await idOf(bob) },
        metadata: { userId: await idOf(bob) },
      });
      expect((await unlock(bob, eventId, 'I1')).status).toBe(200);
    });

    it('keeps commit order: a lock comes before its unlock, and that before the next user\'s lock', async () => {
      server.clock.advance(1);
      await lockAll(alice, eventId, ['I2']);
      server.clock.advance(1);
      expect((await unlock(alice, eventId, 'I2')).status).toBe(200);
      server.clock.advance(1);
      await lockAll(bob, eventId, ['I2']);
      const entries = await entriesFor('I2');
      const [aliceId, bobId] = [await idOf(alice), await idOf(bob)];
      expect(entries.map((e) => [e.metadata.userId, e.data.reason ?? 'lock'])).toEqual([[aliceId, 'lock'], [aliceId, 'unlocked'], [bobId, 'lock']]);
    });

    it('records "system" as metadata.userId of the sweeper\'s expiries', async () => {
      await lockAll(alice, eventId, ['I3']);
      server.clock.advance(server.config.seatLockSeconds + 1);
      expect(await server.sweep()).toBeGreaterThanOrEqual(1);
      const entries = await entriesFor('I3');
      expect(entries.at(-1)).toMatchObject({ data: { seatId: 'I3', reason: 'expired', userId: await idOf(alice) }, metadata: { userId: 'system' } });
      expect(entries.at(-2)!.metadata.userId).toBe(await idOf(alice));
    });

    it('ties every event of one reservation to the reserving user and one correlationId', async () => {
      const reservation = await lockAndReserve(alice, eventId, ['I4', 'I5']);
      const chain = (await wholeLog(auditor)).filter((e) => e.data?.reservationId === reservation.id);
      expect(chain.length).toBeGreaterThanOrEqual(2);
      expect(new Set(chain.map((e) => e.metadata.userId))).toEqual(new Set([await idOf(alice)]));
      expect(new Set(chain.map((e) => e.metadata.correlationId)).size).toBe(1);
    });

    it('records the creation of an event in the event\'s own stream, under the admin\'s id, as ShowScheduled.v2 with its layout', async () => {
      const created = await admin.post('/api/admin/events/', {
        name: 'Audit Night', venue: 'Hall A', startsAt: '2027-05-01T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 2, price: '15.00' }],
      });
      expect(created.status).toBe(201);
      const whole = await wholeLog(auditor);
      const creation = whole.filter((e) => e.data?.name === 'Audit Night');
      expect(creation).toEqual([
        expect.objectContaining({
          type: 'ShowScheduled.v2',
          data: expect.objectContaining({
            layout: {
              form: 'rows',
              categories: [{ key: 'c1', name: '15.00', price: '15.00' }],
              sections: [{ key: 'main', name: 'Seats', rows: [{ label: 'A', seats: 2, category: 'c1' }] }],
            },
          }),
          metadata: expect.objectContaining({ userId: await idOf(admin) }),
        }),
      ]);
      expect(creation[0].stream).toContain(created.body.event.id);
      expect(whole.filter((e) => e.stream === creation[0].stream)).toHaveLength(1);
    });

    it('shows who registered with which roles, and never a password or its hash on any page', async () => {
      await admin.post('/api/admin/users/', { username: 'audited-user', password: 'audited-password', roles: ['auditor'] });
      let from: string | null = null;
      const registrations: AuditEntry[] = [];
      for (let page = 0; page < 1000; page++) {
        const reply = await logPage(from === null ? 'limit=1000' : `from=${encodeURIComponent(from)}&limit=1000`);
        expectNoSecrets(reply);
        expect(reply.text).not.toContain('audited-password');
        registrations.push(...reply.body.entries.filter((e: AuditEntry) => e.data?.roles !== undefined));
        from = reply.body.next;
        if (from === null) break;
      }
      const byName = Object.fromEntries(registrations.map((e) => [e.data.username, e]));
      expect(byName.alice.data).toMatchObject({ username: 'alice', roles: ['user'] });
      expect(byName['audited-user']).toMatchObject({ data: { username: 'audited-user', roles: ['auditor'] }, metadata: { userId: await idOf(admin) } });
    });
  });

  describe('GET /api/audit/events/{eventId}/seats/{seatId}/history/', () => {
    it('lists one seat\'s events in order, and only that seat\'s', async () => {
      server.clock.advance(1);
      await lockAll(alice, eventId, ['H1']);
      await lockAll(alice, eventId, ['H2']);
      server.clock.advance(1);
      expect((await unlock(alice, eventId, 'H1')).status).toBe(200);
      server.clock.advance(1);
      await lockAll(bob, eventId, ['H1']);
      server.clock.advance(1);
      expect((await reserve(bob, eventId, { seatIds: ['H1'] })).status).toBe(201);
      const reply = await auditor.get(`/api/audit/events/${eventId}/seats/H1/history/`);
      expect(reply.status).toBe(200);
      expectNoSecrets(reply);
      const entries: AuditEntry[] = reply.body.entries;
      const [aliceId, bobId] = [await idOf(alice), await idOf(bob)];
      expect(entries.map((e) => ({ type: e.type, by: e.metadata.userId, seat: e.data.seatId, reason: e.data.reason }))).toEqual([
        { type: 'SeatLocked', by: aliceId, seat: 'H1', reason: undefined },
        { type: 'SeatReleased', by: aliceId, seat: 'H1', reason: 'unlocked' },
        { type: 'SeatLocked', by: bobId, seat: 'H1', reason: undefined },
        { type: 'SeatsReserved', by: bobId, seat: 'H1', reason: undefined },
      ]);
      expect(new Set(entries.map((e) => e.stream)).size).toBe(1);
      // The same entries, in the same order, as the whole log has them.
      expect((await wholeLog(auditor)).filter((e) => e.stream === entries[0].stream)).toEqual(entries);
    });

    it('answers an empty list for a seat nobody has touched', async () => {
      const reply = await auditor.get(`/api/audit/events/${eventId}/seats/H12/history/`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ entries: [] });
    });

    it('answers 404 not_found for an unknown seat or event', async () => {
      expectProblem(await auditor.get(`/api/audit/events/${eventId}/seats/Z1/history/`), 404, 'not_found');
      expectProblem(await auditor.get('/api/audit/events/no-such-event/seats/A1/history/'), 404, 'not_found');
    });
  });

  describe('GET /api/audit/events/{eventId}/seats/?asOf=', () => {
    const statusAt = async (asOf: string, seatId: string) => {
      const body = await gridAsOf(auditor, eventId, asOf);
      return body.seats.find((s: { id: string }) => s.id === seatId);
    };

    it('shows a seat available before a lock, locked between lock and reserve, and reserved after', async () => {
      const before = server.clock.now().toISOString();
      server.clock.advance(10);
      await lockAll(alice, eventId, ['G1']);
      const lockedAt = server.clock.now();
      server.clock.advance(10);
      const between = server.clock.now().toISOString();
      server.clock.advance(10);
      expect((await reserve(alice, eventId, { seatIds: ['G1'] })).status).toBe(201);
      server.clock.advance(10);
      const after = server.clock.now().toISOString();
      const lockedUntil = new Date(lockedAt.getTime() + server.config.seatLockSeconds * 1000).toISOString();
      expect(await statusAt(before, 'G1')).toMatchObject({ status: 'available', lockedBy: null, lockedUntil: null });
      expect(await statusAt(between, 'G1')).toMatchObject({ status: 'locked', lockedBy: 'alice', lockedUntil, mine: false });
      expect(await statusAt(after, 'G1')).toMatchObject({ status: 'reserved', lockedBy: null, lockedUntil: null });
    });

    it('gives exactly the grid body a logged-in auditor saw at that instant, with serverTime = asOf', async () => {
      const seen: { at: string; body: unknown }[] = [];
      const look = async () => {
        const reply = await auditor.get(`/api/events/${eventId}/seats/`);
        seen.push({ at: reply.body.serverTime, body: reply.body });
      };
      server.clock.advance(5);
      await look();
      server.clock.advance(5);
      await lockAll(bob, eventId, ['G2', 'G3']);
      await look();
      server.clock.advance(5);
      expect((await reserve(bob, eventId, { seatIds: ['G2'] })).status).toBe(201);
      expect((await unlock(bob, eventId, 'G3')).status).toBe(200);
      await look();
      server.clock.advance(5);
      expect((await admin.post(`/api/admin/events/${eventId}/seats/G2/release/`)).status).toBe(200);
      await look();
      server.clock.advance(5);
      for (const { at, body } of seen) {
        const reply = await auditor.get(`/api/audit/events/${eventId}/seats/?asOf=${encodeURIComponent(at)}`);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual(body);
      }
    });

    it('reads a lock that had run out by asOf as available, whether or not its expiry was recorded', async () => {
      server.clock.advance(1);
      await lockAll(alice, eventId, ['G4']);
      const lockedAt = server.clock.now().getTime();
      const at = (seconds: number) => new Date(lockedAt + seconds * 1000).toISOString();
      const lockSeconds = server.config.seatLockSeconds;
      server.clock.advance(lockSeconds + 60);
      // Not recorded yet.
      expect(await statusAt(at(lockSeconds - 1), 'G4')).toMatchObject({ status: 'locked', lockedBy: 'alice' });
      expect(await statusAt(at(lockSeconds), 'G4')).toMatchObject({ status: 'available', lockedBy: null, lockedUntil: null });
      expect(await statusAt(at(lockSeconds + 30), 'G4')).toMatchObject({ status: 'available', lockedBy: null, lockedUntil: null });
      // Recorded late by the sweeper: the past does not change.
      expect(await server.sweep()).toBeGreaterThanOrEqual(1);
      expect(await statusAt(at(lockSeconds - 1), 'G4')).toMatchObject({ status: 'locked', lockedBy: 'alice' });
      expect(await statusAt(at(lockSeconds + 30), 'G4')).toMatchObject({ status: 'available' });
    });

    it('shows a reservation cancelled by its user as reserved before the cancel and available after', async () => {
      server.clock.advance(1);
      const reservation = await lockAndReserve(bob, eventId, ['G5']);
      server.clock.advance(10);
      const reserved = server.clock.now().toISOString();
      server.clock.advance(10);
      expect((await bob.post(`/api/reservations/${reservation.id}/cancel/`)).status).toBe(200);
      server.clock.advance(10);
      expect(await statusAt(reserved, 'G5')).toMatchObject({ status: 'reserved' });
      expect(await statusAt(server.clock.now().toISOString(), 'G5')).toMatchObject({ status: 'available' });
    });

    it.each(['yesterday', '2026-13-45T00:00:00.000Z', '', 'not-a-time', '12:00'])('refuses asOf=%s with 400 validation_failed naming asOf', async (asOf) => {
      expectValidation(await auditor.get(`/api/audit/events/${eventId}/seats/?asOf=${encodeURIComponent(asOf)}`), 'asOf');
    });

    it('answers 404 not_found for an unknown event', async () => {
      expectProblem(await auditor.get(`/api/audit/events/no-such-event/seats/?asOf=${encodeURIComponent(server.clock.now().toISOString())}`), 404, 'not_found');
    });
  });

  describe('GET /api/audit/verify/', () => {
    it('reports the read models consistent after a workload, having replayed every event in the log', async () => {
      // Locks, unlocks, a reservation, a cancel, admin releases of a lock and of a reserved seat, a swept and an unswept expiry, a new event.
      const { client } = await newUser(server, 'verify');
      await lockAll(client, eventId, ['F1', 'F2', 'F3', 'F4']);
      expect((await unlock(client, eventId, 'F4')).status).toBe(200);
      expect((await reserve(client, eventId, { seatIds: ['F1', 'F2'] })).status).toBe(201);
      const cancelled = await lockAndReserve(client, eventId, ['F5']);
      expect((await client.post(`/api/reservations/${cancelled.id}/cancel/`)).status).toBe(200);
      expect((await admin.post(`/api/admin/events/${eventId}/seats/F3/release/`)).status).toBe(200);
      expect((await admin.post(`/api/admin/events/${eventId}/seats/F1/release/`)).status).toBe(200);
      await lockAll(client, eventId, ['F6']);
      server.clock.advance(server.config.seatLockSeconds + 1);
      await server.sweep();
      await lockAll(client, eventId, ['F7']);
      server.clock.advance(server.config.seatLockSeconds + 1);
      expect((await admin.post('/api/admin/events/', {
        name: 'Verify Night', venue: 'Hall V', startsAt: '2027-06-01T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 3, price: '12.00' }],
      })).status).toBe(201);

      const entries = await logLength(auditor);
      const reply = await auditor.get('/api/audit/verify/');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ consistent: true, eventsReplayed: entries, mismatches: [] });
      expect(await logLength(auditor)).toBe(entries);
    });
  });
});
