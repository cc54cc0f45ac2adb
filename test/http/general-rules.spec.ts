/**
 * api.md "General rules": problem+json errors, a Date header on every answer (304 included), an
 * optional trailing slash, no stack traces or internals in errors, no password or hash anywhere,
 * 503 when a store is down, ISO-8601 UTC times and two-decimal money.
 */
import type { Reply } from '../support/client';
import { storeDown } from '../support/faults';
import { expectProblem, expectValidation, INTERNALS } from '../support/problem';
import { lockAll, lockAndReserve, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MONEY = /^\d+\.\d{2}$/;

describe('general rules', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  describe('errors', () => {
    it('answers every error as problem+json with type, title, status, detail and code', async () => {
      const alice = await server.as('alice');
      const anonymous = server.client();
      await lockAll(alice, eventId, ['A1']);
      const bob = await server.as('bob');
      const answers: [Reply, number, string][] = [
        [await bob.post(`/api/events/${eventId}/reserve/`, { seatIds: [] }), 400, 'validation_failed'],
        [await anonymous.get('/api/me/'), 401, 'unauthenticated'],
        [await anonymous.post('/api/login/', { username: 'alice', password: 'alice123' }), 403, 'csrf_failed'],
        [await bob.get('/api/events/unknown/'), 404, 'not_found'],
        [await bob.post(`/api/events/${eventId}/seats/A1/lock/`), 409, 'seat_unavailable'],
      ];
      for (const [reply, status, code] of answers) {
        expectProblem(reply, status, code);
        expect(reply.body.type).toMatch(/^(https?:\/\/|about:blank)/);
      }
    });

    it('adds a list of field errors, each with a field and a message, to a validation error', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/register/', { username: 'x', password: 'short', extra: 1 });
      expectValidation(reply, 'username', 'password', 'extra');
      for (const e of reply.body.errors) expect(e.message.length).toBeGreaterThan(0);
    });

    it('answers an unknown path under /api with 404 not_found as problem+json', async () => {
      expectProblem(await server.client().get('/api/no-such-thing/'), 404, 'not_found');
      const alice = await server.as('alice');
      expectProblem(await alice.post('/api/no-such-thing/', {}), 404, 'not_found');
    });

    it('answers a JSON body that is not an object, or sent as another content type, without writing anything', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['A2']);
      for (const [body, type] of [['null', 'application/json'], ['"A2"', 'application/json'], ['[]', 'application/json'], ['{"seatIds":["A2"]}', 'text/plain']]) {
        const reply = await client.post(`/api/events/${eventId}/reserve/`, body, { 'Content-Type': type });
        expect({ body, type, status: reply.status }).toEqual({ body, type, status: expect.any(Number) });
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(reply.text).not.toMatch(INTERNALS);
      }
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
      expect(await seatOf(client, eventId, 'A2')).toMatchObject({ status: 'locked', mine: true });
    });

    it('answers a body over the size limit with a problem and no stack', async () => {
      const { client } = await newUser(server);
      const huge = JSON.stringify({ seatIds: Array.from({ length: 20_000 }, (_, i) => `seat-${i}`) });
      const reply = await client.post(`/api/events/${eventId}/reserve/`, huge);
      expect([400, 413]).toContain(reply.status);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.text).not.toMatch(INTERNALS);
    });

    it('answers odd paths and bodies without a stack trace or other internals', async () => {
      const { client } = await newUser(server);
      const replies: [string, Reply][] = [
        ['a malformed percent-encoding', await client.get('/api/events/%E0%A4%A/')],
        ['a 5000-character event id', await client.get(`/api/events/${'x'.repeat(5000)}/seats/`)],
        ['a NUL byte in an id', await client.get('/api/reservations/%00/')],
        ['a dot-dot seat id', await client.post(`/api/events/${eventId}/seats/%2e%2e/lock/`)],
        ['__proto__ in the body', await client.post(`/api/events/${eventId}/reserve/`, '{"__proto__": {"seatIds": ["A3"]}, "constructor": {"prototype": {}}}')],
        ['deeply nested JSON', await client.post(`/api/events/${eventId}/reserve/`, '['.repeat(5000) + ']'.repeat(5000))],
        ['a field given twice', await client.post(`/api/events/${eventId}/reserve/`, '{"seatIds": ["A3"], "seatIds": 7}')],
      ];
      for (const [what, reply] of replies) {
        expect({ what, status: reply.status, text: reply.text }).toEqual({ what, status: expect.any(Number), text: expect.any(String) });
        expect({ what, clientError: reply.status >= 400 && reply.status < 500 }).toEqual({ what, clientError: true });
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(reply.text).not.toMatch(INTERNALS);
      }
    });

    it('answers an unexpected failure with 500 and a generic sentence, never the underlying error', async () => {
      const fault = storeDown(server, 'read store', ['list'], new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/tessera/read.sqlite'));
      let reply: Reply;
      try {
        reply = await server.client().get('/api/events/');
      } finally {
        fault.restore();
      }
      expectProblem(reply!, 500, 'internal_error');
      expect(reply!.text).not.toMatch(/SQLITE|malformed|\/var\/lib/);
    });
  });

  describe('503 unavailable', () => {
    it('answers a lock while the event store is down with 503 unavailable naming the store, and nothing is written', async () => {
      const { client } = await newUser(server);
      const down = storeDown(server, 'event store', ['append']);
      let reply: Reply;
      try {
        reply = await client.post(`/api/events/${eventId}/seats/B1/lock/`);
      } finally {
        down.restore();
      }
      expectProblem(reply!, 503, 'unavailable');
      expect(reply!.body.detail).toMatch(/event store/i);
      expect((await seatOf(client, eventId, 'B1')).status).toBe('available');
      expect((await client.post(`/api/events/${eventId}/seats/B1/lock/`)).status).toBe(200);
    });

    it('answers a reserve while the event store is down with 503, and the seats stay locked for a retry', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['B2', 'B3']);
      const down = storeDown(server, 'event store', ['append', 'readStream']);
      let reply: Reply;
      try {
        reply = await client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['B2', 'B3'] });
      } finally {
        down.restore();
      }
      expectProblem(reply!, 503, 'unavailable');
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
      expect(await seatOf(client, eventId, 'B2')).toMatchObject({ status: 'locked', mine: true });
      expect((await client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['B2', 'B3'] })).status).toBe(201);
    });

    it('answers a read while the read store is down with 503 unavailable naming the store', async () => {
      const down = storeDown(server, 'read store', ['list', 'get', 'findBy']);
      let reply: Reply;
      try {
        reply = await server.client().get('/api/events/');
      } finally {
        down.restore();
      }
      expectProblem(reply!, 503, 'unavailable');
      expect(reply!.body.detail).toMatch(/read store/i);
    });
  });

  describe('Date header', () => {
    it('is on every answer: 200, 201, 204, 304, 400, 401, 403, 404 and 409', async () => {
      const { client } = await newUser(server);
      const grid = await client.get(`/api/events/${eventId}/seats/`);
      await lockAll(client, eventId, ['C1']);
      const seen = await client.get(`/api/events/${eventId}/seats/`);
      const answers: Reply[] = [
        grid,
        await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': seen.headers.get('etag')! }),
        await client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['C1'] }),
        await client.post(`/api/events/${eventId}/reserve/`, { seatIds: [] }),
        await server.client().get('/api/me/'),
        await client.post(`/api/events/${eventId}/seats/C2/lock/`, undefined, { 'X-XSRF-TOKEN': '' }),
        await client.get('/api/events/unknown/'),
        await client.post(`/api/events/${eventId}/seats/C1/lock/`),
        await client.get('/api/health/'),
        await client.get('/api/csrf/'),
        await client.post('/api/logout/'),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 304, 201, 400, 401, 403, 404, 409, 200, 200, 204]);
      for (const reply of answers) {
        const date = reply.headers.get('date');
        expect(date).toBeTruthy();
        expect(Number.isNaN(Date.parse(date!))).toBe(false);
      }
    });
  });

  describe('trailing slash', () => {
    it('is optional on every GET path, with the same answer', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['D1']);
      const paths = ['/api/me', '/api/events', `/api/events/${eventId}`, `/api/events/${eventId}/seats`, '/api/reservations', `/api/reservations/${reservation.id}`, '/api/health'];
      for (const path of paths) {
        const bare = await client.get(path);
        const slashed = await client.get(`${path}/`);
        expect({ path, status: bare.status }).toEqual({ path, status: 200 });
        const strip = (b: any) => JSON.stringify(b, (k, v) => (k === 'serverTime' || k === 'projectionLagMs' ? undefined : v));
        expect(strip(bare.body)).toBe(strip(slashed.body));
      }
      expect((await client.get('/api/csrf')).status).toBe(200);
    });

    it('is optional on every POST path', async () => {
      const client = server.client();
      await client.get('/api/csrf');
      const username = `slash-${process.pid % 10000}`;
      expect((await client.post('/api/register', { username, password: 'long-enough' })).status).toBe(201);
      expect((await client.post('/api/logout')).status).toBe(204);
      expect((await client.post('/api/login', { username, password: 'long-enough' })).status).toBe(200);
      expect((await client.post(`/api/events/${eventId}/seats/E1/lock`)).status).toBe(200);
      expect((await client.post(`/api/events/${eventId}/seats/E1/unlock`)).status).toBe(200);
      expect((await client.post(`/api/events/${eventId}/seats/E1/lock`)).status).toBe(200);
      const reserved = await client.post(`/api/events/${eventId}/reserve`, { seatIds: ['E1'] });
      expect(reserved.status).toBe(201);
      expect((await client.post(`/api/reservations/${reserved.body.reservation.id}/cancel`)).status).toBe(200);
    });
  });

  describe('no password or password hash in any answer', () => {
    const secrets = (password: string) => [password, 'scrypt$', 'passwordHash', 'password_hash', '"password"', '"hash"'];

    it('holds for every answer a user gets on the way through login, seats, reservations and logout', async () => {
      const password = 'very-secret-pass';
      const client = server.client();
      const seen: Reply[] = [];
      const record = async (p: Promise<Reply>) => {
        const r = await p;
        seen.push(r);
        return r;
      };
      await record(client.get('/api/csrf/'));
      const username = `secret-${process.pid % 10000}`;
      await record(client.post('/api/register/', { username, password }));
      await record(client.post('/api/logout/'));
      await record(client.post('/api/login/', { username, password: 'wrong-but-close' }));
      await record(client.post('/api/login/', { username, password }));
      await record(client.get('/api/me/'));
      await record(client.get('/api/events/'));
      await record(client.get(`/api/events/${eventId}/`));
      await record(client.post(`/api/events/${eventId}/seats/F1/lock/`));
      await record(client.get(`/api/events/${eventId}/seats/`));
      const reserved = await record(client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['F1'] }));
      await record(client.get('/api/reservations/'));
      await record(client.get(`/api/reservations/${reserved.body.reservation.id}/`));
      await record(client.post(`/api/reservations/${reserved.body.reservation.id}/cancel/`));
      await record(client.post('/api/register/', { username, password }));
      await record(client.get('/api/health/'));
      const alice = await server.as('alice');
      await record(alice.get(`/api/events/${eventId}/seats/`));
      for (const reply of seen) {
        const everything = reply.text + JSON.stringify([...reply.headers]);
        for (const secret of [...secrets(password), 'wrong-but-close']) expect({ secret, leaked: everything.includes(secret) }).toEqual({ secret, leaked: false });
      }
    });

    it('holds for the demo users as other users see them', async () => {
      const bob = await server.as('bob');
      const me = await bob.get('/api/me/');
      expect(Object.keys(me.body.user).sort()).toEqual(['id', 'roles', 'username']);
      const alice = await server.as('alice');
      await lockAll(alice, eventId, ['F2']);
      const grid = await bob.get(`/api/events/${eventId}/seats/`);
      for (const secret of secrets('alice123')) expect(grid.text).not.toContain(secret);
    });
  });

  describe('formats', () => {
    it('writes times as ISO-8601 UTC strings and money as two-decimal strings with a currency', async () => {
      const { client } = await newUser(server);
      const event = (await client.get(`/api/events/${eventId}/`)).body.event;
      expect(event.startsAt).toMatch(ISO_UTC);
      for (const row of event.rows) expect(row.price).toMatch(MONEY);
      const locked = await client.post(`/api/events/${eventId}/seats/G1/lock/`);
      expect(locked.body.seat.lockedUntil).toMatch(ISO_UTC);
      expect(locked.body.seat.price).toMatch(MONEY);
      const grid = await client.get(`/api/events/${eventId}/seats/`);
      expect(grid.body.serverTime).toMatch(ISO_UTC);
      const reservation = (await client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['G1'] })).body.reservation;
      expect(reservation.createdAt).toMatch(ISO_UTC);
      expect(reservation.totalPrice).toMatch(MONEY);
      expect(reservation.currency).toMatch(/^[A-Z]{3}$/);
      const cancelled = (await client.post(`/api/reservations/${reservation.id}/cancel/`)).body.reservation;
      expect(cancelled.cancelledAt).toMatch(ISO_UTC);
    });

    it('answers successes as application/json', async () => {
      const { client } = await newUser(server);
      for (const path of ['/api/csrf/', '/api/me/', '/api/events/', `/api/events/${eventId}/seats/`, '/api/reservations/', '/api/health/']) {
        expect({ path, type: (await client.get(path)).headers.get('content-type') }).toEqual({ path, type: expect.stringMatching(/^application\/json/) });
      }
    });
  });

  describe('rate limits', () => {
    it('limits a burst of one user\'s locks with 429 rate_limited past 20, and never limits reads', async () => {
      const holder = await newUser(server, 'holder');
      const other = await newUser(server, 'other');
      await lockAll(holder.client, eventId, ['H1']);
      const refused = await Promise.all(Array.from({ length: 40 }, () => other.client.post(`/api/events/${eventId}/seats/H1/lock/`)));
      expect(new Set(refused.map((r) => r.status))).toEqual(new Set([409, 429]));
      expect(refused.filter((r) => r.status === 409).length).toBeGreaterThanOrEqual(20);
      for (const reply of refused.filter((r) => r.status === 429)) {
        expectProblem(reply, 429, 'rate_limited');
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const reads = await Promise.all(Array.from({ length: 60 }, () => other.client.get(`/api/events/${eventId}/seats/`)));
      expect(new Set(reads.map((r) => r.status))).toEqual(new Set([200]));
    });
  });
});
