/** api.md "Events and seats": the event list, one event, and the seat grid with its ETag. */
import { scheduleEvent } from '../support/events';
import { expectProblem } from '../support/problem';
import { grid, lock, lockAndReserve, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROWS = 'ABCDEFGHIJ'.split('');

describe('events and seats', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  describe('GET /api/events/', () => {
    it('lists the demo event to an anonymous caller with every field of the contract', async () => {
      const reply = await server.client().get('/api/events/');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      const concert = reply.body.events.find((e: { name: string }) => e.name === 'Concert XYZ');
      expect(concert).toEqual({
        id: expect.any(String),
        name: 'Concert XYZ',
        venue: expect.any(String),
        startsAt: expect.stringMatching(ISO_UTC),
        currency: 'EUR',
        seatCount: 120,
        availableCount: expect.any(Number),
        priceFrom: '50.00',
        status: 'scheduled',
        salesOpen: true,
      });
    });

    it('counts a locked and a reserved seat out of availableCount, and an unlocked one back in', async () => {
      const count = async () => (await server.client().get('/api/events/')).body.events.find((e: { id: string }) => e.id === eventId).availableCount;
      const { client } = await newUser(server);
      const before = await count();
      await lockAndReserve(client, eventId, ['C1']);
      await lock(client, eventId, 'C2');
      expect(await count()).toBe(before - 2);
      await client.post(`/api/events/${eventId}/seats/C2/unlock/`);
      expect(await count()).toBe(before - 1);
    });

    it('lists events soonest first', async () => {
      const later = await scheduleEvent(server, { name: 'Late Show', startsAt: '2030-06-01T20:00:00.000Z' });
      const sooner = await scheduleEvent(server, { name: 'Early Show', startsAt: '2026-12-05T18:00:00.000Z' });
      const { body } = await server.client().get('/api/events/');
      const ids = body.events.map((e: { id: string }) => e.id);
      expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(eventId));
      expect(ids.indexOf(eventId)).toBeLessThan(ids.indexOf(later));
      const starts = body.events.map((e: { startsAt: string }) => e.startsAt);
      expect([...starts].sort()).toEqual(starts);
    });
  });

  describe('GET /api/events/{eventId}/', () => {
    it('answers a simple-form event with the list fields, its layout (one section, a category per price) and its rows', async () => {
      const listed = (await server.client().get('/api/events/')).body.events.find((e: { id: string }) => e.id === eventId);
      const reply = await server.client().get(`/api/events/${eventId}/`);
      expect(reply.status).toBe(200);
      expect(reply.body.event).toEqual({
        ...listed,
        categories: [{ key: 'c1', name: '50.00', price: '50.00', available: listed.availableCount }],
        sections: [{ key: 'main', name: 'Seats', rows: ROWS.map((label) => ({ label, seats: 12, firstNumber: 1, category: 'c1', aislesAfter: [], accessible: [] })) }],
        rows: ROWS.map((label) => ({ label, seats: 12, price: '50.00' })),
      });
    });

    it('answers 404 not_found for an unknown event id', async () => {
      expectProblem(await server.client().get('/api/events/no-such-event/'), 404, 'not_found');
    });
  });

  describe('GET /api/events/{eventId}/seats/', () => {
    it('answers all 120 seats in row and number order, each with every field of the contract', async () => {
      const reply = await server.client().get(`/api/events/${eventId}/seats/`);
      expect(reply.status).toBe(200);
      expect(reply.body.eventId).toBe(eventId);
      expect(reply.body.serverTime).toBe(server.clock.now().toISOString());
      const seats = reply.body.seats;
      expect(seats.map((s: { label: string }) => s.label)).toEqual(ROWS.flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`)));
      expect(seats.find((s: { id: string }) => s.id === 'A7')).toEqual({
        id: 'A7',
        label: 'A7',
        section: 'main',
        row: 'A',
        number: 7,
        category: 'c1',
        price: '50.00',
        accessible: false,
        status: 'available',
        lockedBy: null,
        lockedUntil: null,
        mine: false,
      });
    });

    it('shows a lock with its holder and end to logged-in callers, mine only to the holder', async () => {
      const holder = await newUser(server, 'holder');
      const other = await newUser(server, 'other');
      const locked = await lock(holder.client, eventId, 'D1');
      const lockedUntil = new Date(server.clock.now().getTime() + 300_000).toISOString();
      expect(locked.body.seat.lockedUntil).toBe(lockedUntil);
      expect(await seatOf(holder.client, eventId, 'D1')).toMatchObject({ status: 'locked', lockedBy: holder.username, lockedUntil, mine: true });
      expect(await seatOf(other.client, eventId, 'D1')).toMatchObject({ status: 'locked', lockedBy: holder.username, lockedUntil, mine: false });
    });

    it('hides who holds a lock from anonymous callers', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'D2');
      expect(await seatOf(server.client(), eventId, 'D2')).toMatchObject({ status: 'locked', lockedBy: null, mine: false, lockedUntil: expect.stringMatching(ISO_UTC) });
      expect(JSON.stringify(await grid(server.client(), eventId))).not.toContain('user-');
    });

    it('shows a reserved seat as reserved, mine to its owner only', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      await lockAndReserve(owner.client, eventId, ['D3']);
      expect(await seatOf(owner.client, eventId, 'D3')).toMatchObject({ status: 'reserved', lockedUntil: null, mine: true });
      expect(await seatOf(other.client, eventId, 'D3')).toMatchObject({ status: 'reserved', lockedUntil: null, mine: false });
      expect(await seatOf(server.client(), eventId, 'D3')).toMatchObject({ status: 'reserved', lockedBy: null, mine: false });
    });

    it('answers 404 not_found for an unknown event id', async () => {
      expectProblem(await server.client().get('/api/events/no-such-event/seats/'), 404, 'not_found');
    });

    it('sends an ETag, and answers 304 with no body to a matching If-None-Match', async () => {
      const client = server.client();
      const first = await client.get(`/api/events/${eventId}/seats/`);
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      const again = await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': etag! });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('date')).toBeTruthy();
    });

    it('keeps the ETag while only the time moves on, although serverTime changes', async () => {
      const client = server.client();
      const first = await client.get(`/api/events/${eventId}/seats/`);
      server.clock.advance(1);
      const again = await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': first.headers.get('etag')! });
      expect(again.status).toBe(304);
      const fresh = await client.get(`/api/events/${eventId}/seats/`);
      expect(fresh.body.serverTime).not.toBe(first.body.serverTime);
      expect(fresh.headers.get('etag')).toBe(first.headers.get('etag'));
    });

    it('answers 200 with a new ETag once a seat changes', async () => {
      const watcher = server.client();
      const first = await watcher.get(`/api/events/${eventId}/seats/`);
      const { client } = await newUser(server);
      await lock(client, eventId, 'D4');
      const after = await watcher.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': first.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
      expect(after.body.seats.find((s: { id: string }) => s.id === 'D4').status).toBe('locked');
    });

    it('gives the holder and an anonymous caller different ETags for the same seats', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'D5');
      const anonymous = await server.client().get(`/api/events/${eventId}/seats/`);
      const holder = await client.get(`/api/events/${eventId}/seats/`);
      expect(holder.headers.get('etag')).not.toBe(anonymous.headers.get('etag'));
      const crossed = await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': anonymous.headers.get('etag')! });
      expect(crossed.status).toBe(200);
      expect(crossed.body.seats.find((s: { id: string }) => s.id === 'D5').mine).toBe(true);
    });

    // Polls are answered 304 ahead of sessions (grid-shortcut.ts) when the same cookie got
    // that ETag: these show that a changed caller never gets someone else's or an earlier copy.
    it('answers the old cookie of a logged-out member with the anonymous grid, not a 304 to the member\'s ETag', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'D6');
      const member = await client.get(`/api/events/${eventId}/seats/`);
      expect((await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': member.headers.get('etag')! })).status).toBe(304);
      const oldSession = `tessera.sid=${client.cookies.get('tessera.sid')}`;
      expect((await client.post('/api/logout/')).status).toBe(204);
      const replayed = await server.client().get(`/api/events/${eventId}/seats/`, { Cookie: oldSession, 'If-None-Match': member.headers.get('etag')! });
      expect(replayed.status).toBe(200);
      expect(replayed.body.seats.find((s: { id: string }) => s.id === 'D6')).toMatchObject({ status: 'locked', lockedBy: null, mine: false });
    });

    it('answers another member who sends a holder\'s ETag with their own view, not a 304', async () => {
      const holder = await newUser(server);
      const other = await newUser(server);
      await lock(holder.client, eventId, 'D7');
      const seen = await holder.client.get(`/api/events/${eventId}/seats/`);
      expect((await holder.client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': seen.headers.get('etag')! })).status).toBe(304);
      const crossed = await other.client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': seen.headers.get('etag')! });
      expect(crossed.status).toBe(200);
      expect(crossed.body.seats.find((s: { id: string }) => s.id === 'D7')).toMatchObject({ status: 'locked', lockedBy: holder.username, mine: false });
    });

    it('answers a holder\'s poll after their own unlock with 200, though the same poll was 304 just before', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'D8');
      const seen = await client.get(`/api/events/${eventId}/seats/`);
      const etag = seen.headers.get('etag')!;
      expect((await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': etag })).status).toBe(304);
      expect((await client.post(`/api/events/${eventId}/seats/D8/unlock/`)).status).toBe(200);
      const after = await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': etag });
      expect(after.status).toBe(200);
      expect(after.body.seats.find((s: { id: string }) => s.id === 'D8')).toMatchObject({ status: 'available', mine: false });
    });

    it('answers repeated plain reads with the same seats and a fresh serverTime, and shows a change at once', async () => {
      const holder = await newUser(server);
      const watcher = server.client();
      await lock(holder.client, eventId, 'D9');
      const read = async (client: typeof watcher) => {
        const reply = await client.get(`/api/events/${eventId}/seats/`, { 'Accept-Encoding': 'gzip, deflate, br' });
        expect(reply.headers.get('content-encoding')).toBe('gzip');
        return reply;
      };
      for (const client of [holder.client, watcher]) {
        const first = await read(client);
        server.clock.advance(1);
        const again = await read(client);
        expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
        expect(again.body.seats).toEqual(first.body.seats);
        expect(again.body.serverTime).toBe(server.clock.now().toISOString());
        expect(again.body.seats.find((s: { id: string }) => s.id === 'D9').mine).toBe(client === holder.client);
      }
      expect((await holder.client.post(`/api/events/${eventId}/seats/D9/unlock/`)).status).toBe(200);
      for (const client of [holder.client, watcher]) {
        expect((await read(client)).body.seats.find((s: { id: string }) => s.id === 'D9')).toMatchObject({ status: 'available', mine: false });
      }
    });

    it('gives the repeated read and the 304 (answered ahead of Express) every header of the first answer', async () => {
      const watcher = server.client();
      const path = `/api/events/${eventId}/seats/`;
      const gzip = { 'Accept-Encoding': 'gzip' };
      const first = await watcher.get(path, gzip);
      const again = await watcher.get(path, gzip);
      const notModified = await watcher.get(path, { ...gzip, 'If-None-Match': first.headers.get('etag')! });
      expect([first.status, again.status, notModified.status]).toEqual([200, 200, 304]);
      // What differs by nature: the date, and a 304 has no body to describe.
      // Every answer has a request id of its own (issue 19); the rest is the same.
      for (const reply of [first, again, notModified]) expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set([first, again, notModified].map((reply) => reply.headers.get('x-request-id'))).size).toBe(3);
      const headers = (reply: typeof first, without: string[]) => [...reply.headers].filter(([name]) => !['date', 'x-request-id', ...without].includes(name));
      const body = ['content-type', 'content-encoding', 'content-length'];
      expect(headers(again, [])).toEqual(headers(first, []));
      expect(headers(notModified, body)).toEqual(headers(first, body));
      expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    });

    it('answers 200 with the grid to a stale or unrelated If-None-Match', async () => {
      const reply = await server.client().get(`/api/events/${eventId}/seats/`, { 'If-None-Match': '"not-the-etag"' });
      expect(reply.status).toBe(200);
      expect(reply.body.seats).toHaveLength(120);
    });
  });

  describe('a second event', () => {
    it('has its own seats, prices and currency, and a lock there does not show in the demo event', async () => {
      const other = await scheduleEvent(server, { name: 'Chamber Music', startsAt: '2027-02-01T19:00:00.000Z', currency: 'CHF', rows: [{ label: 'A', seats: 2, price: '12.50' }] });
      const detail = await server.client().get(`/api/events/${other}/`);
      expect(detail.body.event).toMatchObject({ name: 'Chamber Music', currency: 'CHF', seatCount: 2, availableCount: 2, rows: [{ label: 'A', seats: 2, price: '12.50' }] });
      const { client } = await newUser(server);
      expect((await lock(client, other, 'A1')).status).toBe(200);
      expect((await seatOf(client, other, 'A1')).status).toBe('locked');
      expect((await seatOf(client, eventId, 'A1')).status).toBe('available');
      expectProblem(await lock(client, other, 'B1'), 404, 'not_found');
    });

    it('answers each of two events with the very same seats with its own grid, compressed or not', async () => {
      const rows = [{ label: 'A', seats: 3, price: '9.00' }];
      const first = await scheduleEvent(server, { name: 'Twin One', startsAt: '2027-03-01T19:00:00.000Z', currency: 'EUR', rows });
      const second = await scheduleEvent(server, { name: 'Twin Two', startsAt: '2027-03-02T19:00:00.000Z', currency: 'EUR', rows });
      for (const id of [first, second, first, second]) {
        const gzipped = await server.client().get(`/api/events/${id}/seats/`, { 'Accept-Encoding': 'gzip' });
        const plain = await server.client().get(`/api/events/${id}/seats/`, { 'Accept-Encoding': 'identity' });
        expect(gzipped.headers.get('content-encoding')).toBe('gzip');
        expect(plain.headers.get('content-encoding')).toBeNull();
        expect([gzipped.body.eventId, plain.body.eventId]).toEqual([id, id]);
        expect(gzipped.body.seats).toEqual(plain.body.seats);
      }
    });
  });
});
