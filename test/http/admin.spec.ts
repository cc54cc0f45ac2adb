/**
 * api.md "Admin", issue 4: events created from rows, users and roles, registration by config, and
 * the admin's release of a held or reserved seat.
 */
import { expectNoSecrets, idOf, logLength, seatHistory, wholeLog } from '../support/audit';
import { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { grid, lock, lockAll, lockAndReserve, reserve, seatOf, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Distinct row labels in the shape the app uses: A..Z, then AA, AB, … */
const rowLabel = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : rowLabel(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

const validEvent = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('Opera'),
  venue: 'Hall B',
  startsAt: '2027-01-10T19:00:00.000Z',
  currency: 'EUR',
  rows: [
    { label: 'A', seats: 3, price: '80.00' },
    { label: 'B', seats: 12, price: '60.50' },
    { label: 'C', seats: 1, price: '0.00' },
  ],
  ...overrides,
});

describe('admin', () => {
  let server: TestServer;
  let eventId: string;
  let admin: Client;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    admin = await server.as('admin');
  });
  afterAll(() => server.close());

  const eventList = async () => (await server.client().get('/api/events/')).body.events;
  const createEvent = (body: unknown) => admin.post('/api/admin/events/', body);

  describe('POST /api/admin/events/', () => {
    it('creates an event from its rows and answers 201 with the event, its counts and its rows', async () => {
      const body = validEvent();
      const reply = await createEvent(body);
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        event: {
          id: expect.any(String),
          name: body.name,
          venue: 'Hall B',
          startsAt: '2027-01-10T19:00:00.000Z',
          currency: 'EUR',
          seatCount: 16,
          availableCount: 16,
          priceFrom: '0.00',
          status: 'scheduled',
          salesOpen: true,
          categories: [
            { key: 'c1', name: '80.00', price: '80.00', available: 3 },
            { key: 'c2', name: '60.50', price: '60.50', available: 12 },
            { key: 'c3', name: '0.00', price: '0.00', available: 1 },
          ],
          sections: [
            {
              key: 'main',
              name: 'Seats',
              rows: [
                { label: 'A', seats: 3, firstNumber: 1, category: 'c1', aislesAfter: [], accessible: [] },
                { label: 'B', seats: 12, firstNumber: 1, category: 'c2', aislesAfter: [], accessible: [] },
                { label: 'C', seats: 1, firstNumber: 1, category: 'c3', aislesAfter: [], accessible: [] },
              ],
            },
          ],
          rows: body.rows,
        },
      });
    });

    it('lists the new event in the public event list and serves it by id', async () => {
      const body = validEvent();
      const { id } = (await createEvent(body)).body.event;
      expect((await eventList()).find((e: { id: string }) => e.id === id)).toEqual({
        id,
        name: body.name,
        venue: 'Hall B',
        startsAt: '2027-01-10T19:00:00.000Z',
        currency: 'EUR',
        seatCount: 16,
        availableCount: 16,
        priceFrom: '0.00',
        status: 'scheduled',
        salesOpen: true,
      });
      const one = await server.client().get(`/api/events/${id}/`);
      expect(one.status).toBe(200);
      expect(one.body.event).toMatchObject({ id, name: body.name, rows: body.rows });
    });

    it('gives the new event a seat grid with every seat of every row in order, numbered from 1, at its row\'s price', async () => {
      const { id } = (await createEvent(validEvent())).body.event;
      const seats = await grid(server.client(), id);
      const expected = [
        ...[1, 2, 3].map((n) => ({ label: `A${n}`, row: 'A', number: n, price: '80.00' })),
        ...Array.from({ length: 12 }, (_, i) => ({ label: `B${i + 1}`, row: 'B', number: i + 1, price: '60.50' })),
        { label: 'C1', row: 'C', number: 1, price: '0.00' },
      ];
      expect(seats.map(({ label, row, number, price }) => ({ label, row, number, price }))).toEqual(expected);
      expect(seats.every((s) => s.status === 'available' && s.lockedBy === null && s.lockedUntil === null && !s.mine)).toBe(true);
      expect(new Set(seats.map((s) => s.id)).size).toBe(16);
    });

    it('lets users lock and reserve seats of the new event at its row prices', async () => {
      const { id } = (await createEvent(validEvent({ currency: 'CHF' }))).body.event;
      const { client } = await newUser(server);
      const seats = await grid(client, id);
      const a1 = seats.find((s) => s.label === 'A1')!;
      const b12 = seats.find((s) => s.label === 'B12')!;
      const reservation = await lockAndReserve(client, id, [a1.id, b12.id]);
      expect(reservation).toMatchObject({ eventId: id, seats: ['A1', 'B12'], totalPrice: '140.50', currency: 'CHF', status: 'confirmed' });
    });

    it('accepts the limits: 200 rows, and 200 seats in a row', async () => {
      const manyRows = Array.from({ length: 200 }, (_, i) => ({ label: rowLabel(i), seats: 1, price: '5.00' }));
      const tall = await createEvent(validEvent({ rows: manyRows }));
      expect(tall.status).toBe(201);
      expect(tall.body.event).toMatchObject({ seatCount: 200, rows: manyRows });
      const wide = await createEvent(validEvent({ rows: [{ label: 'A', seats: 200, price: '5.00' }] }));
      expect(wide.status).toBe(201);
      const seats = await grid(server.client(), wide.body.event.id);
      expect(seats.map((s) => s.label)).toEqual(Array.from({ length: 200 }, (_, i) => `A${i + 1}`));
    });

    const past = () => new Date(server.clock.now().getTime() - 60_000).toISOString();
    const INVALID: { what: string; body: () => Record<string, unknown>; field: RegExp }[] = [
      {
        what: 'duplicate row labels',
        body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: '10.00' }, { label: 'B', seats: 2, price: '10.00' }, { label: 'A', seats: 2, price: '10.00' }] }),
        field: /^rows/,
      },
      { what: 'no rows at all', body: () => validEvent({ rows: [] }), field: /^rows$/ },
      {
        what: '201 rows',
        body: () => validEvent({ rows: Array.from({ length: 201 }, (_, i) => ({ label: rowLabel(i), seats: 1, price: '5.00' })) }),
        field: /^rows$/,
      },
      { what: 'a row of 0 seats', body: () => validEvent({ rows: [{ label: 'A', seats: 0, price: '10.00' }] }), field: /^rows\W+0\W+seats$/ },
      { what: 'a row of 201 seats', body: () => validEvent({ rows: [{ label: 'A', seats: 201, price: '10.00' }] }), field: /^rows\W+0\W+seats$/ },
      { what: 'the price "50" (no decimals)', body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: '50' }] }), field: /^rows\W+0\W+price$/ },
      { what: 'the price "5.000" (three decimals)', body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: '5.000' }] }), field: /^rows\W+0\W+price$/ },
      { what: 'the price 50 as a number', body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: 50 }] }), field: /^rows\W+0\W+price$/ },
      { what: 'a price in the second row', body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: '5.00' }, { label: 'B', seats: 2, price: '-5.00' }] }), field: /^rows\W+1\W+price$/ },
      { what: 'a startsAt in the past', body: () => validEvent({ startsAt: past() }), field: /^startsAt$/ },
      { what: 'a startsAt that does not parse', body: () => validEvent({ startsAt: 'next friday at eight' }), field: /^startsAt$/ },
      { what: 'a startsAt on a day that does not exist', body: () => validEvent({ startsAt: '2027-02-30T19:00:00.000Z' }), field: /^startsAt$/ },
      { what: 'an unknown field', body: () => validEvent({ organiser: 'Bob' }), field: /^organiser$/ },
      { what: 'an unknown field in a row', body: () => validEvent({ rows: [{ label: 'A', seats: 2, price: '5.00', colour: 'red' }] }), field: /^rows\W+0\W+colour$/ },
      { what: 'the currency "eu"', body: () => validEvent({ currency: 'eu' }), field: /^currency$/ },
      { what: 'no name', body: () => { const { name: _name, ...rest } = validEvent(); return rest; }, field: /^name$/ },
    ];

    it.each(INVALID)('refuses $what with 400 validation_failed naming the field, and creates nothing', async ({ body, field }) => {
      const events = await eventList();
      const length = await logLength(admin);
      const reply = await createEvent(body());
      expectValidation(reply);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContainEqual(expect.stringMatching(field));
      expect(await eventList()).toEqual(events);
      expect(await logLength(admin)).toBe(length);
    });

    it('refuses a body that is not JSON with 400 validation_failed, and creates nothing', async () => {
      const events = await eventList();
      expectValidation(await admin.post('/api/admin/events/', '{"name": "Broken"'));
      expect(await eventList()).toEqual(events);
    });
  });

  describe('GET and POST /api/admin/users/', () => {
    const users = async () => {
      const reply = await admin.get('/api/admin/users/');
      expect(reply.status).toBe(200);
      expectNoSecrets(reply);
      return reply.body.users as { id: string; username: string; roles: string[]; createdAt: string }[];
    };

    it('lists every user with id, username, roles, createdAt and disabled, and never a password or its hash', async () => {
      const reply = await admin.get('/api/admin/users/');
      expect(reply.status).toBe(200);
      expectNoSecrets(reply);
      const byName = Object.fromEntries(reply.body.users.map((u: { username: string }) => [u.username, u]));
      expect(byName.admin).toEqual({ id: await idOf(admin), username: 'admin', roles: ['admin'], createdAt: expect.stringMatching(ISO_UTC), disabled: false });
      expect(byName.auditor).toMatchObject({ username: 'auditor', roles: ['auditor'] });
      expect(byName.alice).toMatchObject({ username: 'alice', roles: ['user'] });
      expect(byName.bob).toMatchObject({ username: 'bob', roles: ['user'] });
      for (const user of reply.body.users) expect(Object.keys(user).sort()).toEqual(['createdAt', 'disabled', 'id', 'roles', 'username']);
    });

    it.each([[['user']], [['auditor']], [['admin']], [['auditor', 'user']]])(
      'creates a user with roles %j: 201 without any hash, listed, and able to log in with exactly those roles',
      async (roles) => {
        const username = uniqueName('made');
        const reply = await admin.post('/api/admin/users/', { username, password: 'a-good-password', roles });
        expect(reply.status).toBe(201);
        expectNoSecrets(reply);
        expect(reply.body.user).toMatchObject({ id: expect.any(String), username, roles });
        expect((await users()).find((u) => u.username === username)).toEqual({ id: reply.body.user.id, username, roles, createdAt: expect.stringMatching(ISO_UTC), disabled: false });

        const client = server.client();
        await client.get('/api/csrf/');
        const login = await client.post('/api/login/', { username, password: 'a-good-password' });
        expect(login.status).toBe(200);
        expect(login.body.user).toEqual({ id: reply.body.user.id, username, roles });
        const mayAudit = roles.includes('auditor') || roles.includes('admin');
        expect((await client.get('/api/audit/log/?limit=1')).status).toBe(mayAudit ? 200 : 403);
        expect((await client.get('/api/admin/users/')).status).toBe(roles.includes('admin') ? 200 : 403);
      },
    );

    it('does not leave the admin logged in as the user it created', async () => {
      await admin.post('/api/admin/users/', { username: uniqueName('made'), password: 'a-good-password', roles: ['user'] });
      expect((await admin.get('/api/me/')).body.user).toMatchObject({ username: 'admin', roles: ['admin'] });
    });

    it.each(['alice', 'ALICE', 'Alice'])('answers 409 username_taken for "%s", and alice keeps her password', async (username) => {
      const before = await users();
      expectProblem(await admin.post('/api/admin/users/', { username, password: 'another-password', roles: ['admin'] }), 409, 'username_taken');
      expect(await users()).toEqual(before);
      const stranger = server.client();
      await stranger.get('/api/csrf/');
      expectProblem(await stranger.post('/api/login/', { username, password: 'another-password' }), 401, 'invalid_credentials');
      const alice = server.client();
      await alice.get('/api/csrf/');
      expect((await alice.post('/api/login/', { username: 'alice', password: 'alice123' })).body.user).toMatchObject({ username: 'alice', roles: ['user'] });
    });

    const BAD_USERS: { what: string; body: Record<string, unknown>; field: string }[] = [
      { what: 'an unknown role', body: { username: 'mallory', password: 'a-good-password', roles: ['superuser'] }, field: 'roles' },
      { what: 'a password of 7 characters', body: { username: 'mallory', password: 'short12', roles: ['user'] }, field: 'password' },
      { what: 'a username of 2 characters', body: { username: 'ma', password: 'a-good-password', roles: ['user'] }, field: 'username' },
      { what: 'a username with a space', body: { username: 'mal lory', password: 'a-good-password', roles: ['user'] }, field: 'username' },
      { what: 'an unknown field', body: { username: 'mallory', password: 'a-good-password', roles: ['user'], passwordHash: 'x' }, field: 'passwordHash' },
    ];

    it.each(BAD_USERS)('refuses $what with 400 validation_failed naming the field, and creates no user', async ({ body, field }) => {
      const before = await users();
      expectValidation(await admin.post('/api/admin/users/', body), field);
      expect(await users()).toEqual(before);
    });
  });

  describe('POST /api/admin/events/{eventId}/seats/{seatId}/release/', () => {
    const release = (seatId: string, event = eventId) => admin.post(`/api/admin/events/${event}/seats/${seatId}/release/`);

    it('ends a lock: 200 with the seat available, as everyone sees it at once', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['D1']);
      const reply = await release('D1');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        seat: { id: 'D1', label: 'D1', section: 'main', row: 'D', number: 1, category: 'c1', price: '50.00', accessible: false, status: 'available', lockedBy: null, lockedUntil: null, mine: false },
      });
      expect(await seatOf(client, eventId, 'D1')).toMatchObject({ status: 'available', mine: false, lockedBy: null });
      expect(await seatOf(server.client(), eventId, 'D1')).toMatchObject({ status: 'available' });
    });

    it('leaves the former lock owner unable to unlock or reserve the seat (409 not_lock_owner), and frees it for others', async () => {
      const owner = await newUser(server);
      await lockAll(owner.client, eventId, ['D2']);
      expect((await release('D2')).status).toBe(200);
      expectProblem(await unlock(owner.client, eventId, 'D2'), 409, 'not_lock_owner');
      expectProblem(await reserve(owner.client, eventId, { seatIds: ['D2'] }), 409, 'not_lock_owner');
      const other = await newUser(server);
      expect((await lock(other.client, eventId, 'D2')).status).toBe(200);
    });

    it('takes a reserved seat out of its reservation: seatIds, seats and totalPrice shrink, the rest stays confirmed', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['D3', 'D4', 'D5']);
      expect(reservation.totalPrice).toBe('150.00');
      const reply = await release('D4');
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'D4', status: 'available', lockedBy: null, mine: false });
      const after = { ...reservation, seatIds: ['D3', 'D5'], seats: ['D3', 'D5'], totalPrice: '100.00' };
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body.reservation).toEqual(after);
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([after]);
      const seats = await grid(client, eventId);
      expect(['D3', 'D4', 'D5'].map((id) => [id, seats.find((s) => s.id === id)!.status])).toEqual([['D3', 'reserved'], ['D4', 'available'], ['D5', 'reserved']]);
    });

    it('reads a reservation that lost its last seat as cancelled, and the user cannot cancel it again', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['D6', 'D7']);
      expect((await release('D6')).status).toBe(200);
      expect((await release('D7')).status).toBe(200);
      const after = (await client.get(`/api/reservations/${reservation.id}/`)).body.reservation;
      expect(after).toEqual({ ...reservation, seatIds: [], seats: [], totalPrice: '0.00', status: 'cancelled', cancelledAt: server.clock.now().toISOString(), cancelledBy: 'admin' });
      expect((await client.get('/api/reservations/')).body.reservations).toEqual([after]);
      expectProblem(await client.post(`/api/reservations/${reservation.id}/cancel/`), 409, 'already_cancelled');
    });

    it('answers 200 for a free seat and records nothing', async () => {
      const length = await logLength(admin);
      const history = await seatHistory(admin, eventId, 'D8');
      const reply = await release('D8');
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'D8', status: 'available' });
      expect(await logLength(admin)).toBe(length);
      expect(await seatHistory(admin, eventId, 'D8')).toEqual(history);
    });

    it('answers 200 for a seat whose lock has run out and records nothing', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['D9']);
      server.clock.advance(server.config.seatLockSeconds + 1);
      const length = await logLength(admin);
      const reply = await release('D9');
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'D9', status: 'available' });
      expect(await logLength(admin)).toBe(length);
    });

    it('records the release in the seat\'s history with reason "admin", the holder, and the admin\'s id in the metadata', async () => {
      const holder = await newUser(server);
      await lockAll(holder.client, eventId, ['D10']);
      expect((await release('D10')).status).toBe(200);
      const last = (await seatHistory(admin, eventId, 'D10')).at(-1)!;
      expect(last).toMatchObject({
        type: 'SeatReleased',
        data: { seatId: 'D10', reason: 'admin', userId: await idOf(holder.client), releasedAt: server.clock.now().toISOString() },
        metadata: { userId: await idOf(admin), correlationId: expect.any(String), causationId: expect.any(String) },
      });
    });

    it('records the release of a reserved seat in the reservation\'s history too, under the admin\'s id', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['D11', 'D12']);
      expect((await release('D11')).status).toBe(200);
      const seatEntry = (await seatHistory(admin, eventId, 'D11')).at(-1)!;
      expect(seatEntry.data).toMatchObject({ reason: 'admin', reservationId: reservation.id });
      const adminId = await idOf(admin);
      const inReservation = (await wholeLog(admin)).filter((e) => e.stream !== seatEntry.stream && e.data?.reservationId === reservation.id && e.data?.seatId === 'D11');
      expect(inReservation).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ userId: adminId }) })]);
    });

    it('answers 404 not_found for an unknown event or seat, and records nothing', async () => {
      const length = await logLength(admin);
      expectProblem(await release('Z99'), 404, 'not_found');
      expectProblem(await release('A1', 'no-such-event'), 404, 'not_found');
      expect(await logLength(admin)).toBe(length);
    });
  });
});

describe('admin with REGISTRATION=closed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ REGISTRATION: 'closed' });
  });
  afterAll(() => server.close());

  it('refuses self-registration with 403 registration_closed and creates no user', async () => {
    const admin = await server.as('admin');
    const before = (await admin.get('/api/admin/users/')).body.users;
    const visitor = server.client();
    await visitor.get('/api/csrf/');
    expectProblem(await visitor.post('/api/register/', { username: 'newcomer', password: 'newcomer-password' }), 403, 'registration_closed');
    expect((await admin.get('/api/admin/users/')).body.users).toEqual(before);
    expectProblem(await visitor.post('/api/login/', { username: 'newcomer', password: 'newcomer-password' }), 401, 'invalid_credentials');
  });

  it('still lets an admin create a user, who can then log in', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/admin/users/', { username: 'invited', password: 'invited-password', roles: ['user'] });
    expect(created.status).toBe(201);
    const invited = await new Client(server.url).login('invited', 'invited-password');
    expect((await invited.get('/api/me/')).body.user).toEqual({ id: created.body.user.id, username: 'invited', roles: ['user'] });
  });
});
