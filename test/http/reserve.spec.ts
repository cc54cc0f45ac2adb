/** api.md "Events and seats": POST /api/events/{eventId}/reserve/, all or nothing, with Idempotency-Key. */
import type { Client } from '../support/client';
import { scheduleEvent } from '../support/events';
import { expectProblem, expectValidation } from '../support/problem';
import { lockAll, lockAndReserve, reserve, seatsOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

describe('reserving seats', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const reservations = async (client: Client) => (await client.get('/api/reservations/')).body.reservations;

  /** What the caller sees of these seats, and its reservations: used to show that nothing was written. */
  const snapshot = async (client: Client, seatIds: string[]) => ({ seats: await seatsOf(client, eventId, seatIds), reservations: await reservations(client) });

  it('reserves the seats the caller holds and answers 201 with the whole reservation', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['A1', 'A3']);
    const reply = await reserve(client, eventId, { seatIds: ['A1', 'A3'], paymentMethod: 'card' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      reservation: {
        id: expect.any(String),
        eventId,
        eventName: 'Concert XYZ',
        eventStartsAt: (await server.client().get(`/api/events/${eventId}/`)).body.event.startsAt,
        venue: 'Main Hall',
        seatIds: ['A1', 'A3'],
        seats: ['A1', 'A3'],
        totalPrice: '100.00',
        currency: 'EUR',
        status: 'confirmed',
        createdAt: server.clock.now().toISOString(),
      },
    });
  });

  it('shows the seats reserved and the reservation in the caller\'s list right after', async () => {
    const { client } = await newUser(server);
    const reservation = await lockAndReserve(client, eventId, ['A5', 'A6']);
    const seats = await seatsOf(client, eventId, ['A5', 'A6']);
    expect(Object.values(seats).map((s) => [s.status, s.mine, s.lockedUntil])).toEqual([['reserved', true, null], ['reserved', true, null]]);
    expect(await reservations(client)).toEqual([reservation]);
    const other = await newUser(server, 'other');
    expect((await seatsOf(other.client, eventId, ['A5'])).A5).toMatchObject({ status: 'reserved', mine: false });
  });

  it('takes paymentMethod as optional, "card" by default', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['A7']);
    const reply = await reserve(client, eventId, { seatIds: ['A7'] });
    expect(reply.status).toBe(201);
    expect(reply.body.reservation).toMatchObject({ seats: ['A7'], totalPrice: '50.00', status: 'confirmed' });
  });

  it('keeps the seats in the order of the request', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['A9', 'A8']);
    const reply = await reserve(client, eventId, { seatIds: ['A9', 'A8'] });
    expect(reply.body.reservation).toMatchObject({ seatIds: ['A9', 'A8'], seats: ['A9', 'A8'] });
  });

  it('reserves MAX_SEATS_PER_USER (10) seats at once', async () => {
    const { client } = await newUser(server);
    const ten = Array.from({ length: 10 }, (_, i) => `B${i + 1}`);
    await lockAll(client, eventId, ten);
    const reply = await reserve(client, eventId, { seatIds: ten });
    expect(reply.status).toBe(201);
    expect(reply.body.reservation.totalPrice).toBe('500.00');
  });

  it('adds up prices of different rows in the event\'s currency', async () => {
    const other = await scheduleEvent(server, {
      name: 'Two Prices',
      startsAt: '2027-03-01T19:30:00.000Z',
      currency: 'CHF',
      rows: [{ label: 'A', seats: 2, price: '20.00' }, { label: 'B', seats: 2, price: '12.55' }],
    });
    const { client } = await newUser(server);
    await lockAll(client, other, ['A1', 'B1', 'B2']);
    const reply = await reserve(client, other, { seatIds: ['A1', 'B1', 'B2'] });
    expect(reply.status).toBe(201);
    expect(reply.body.reservation).toMatchObject({ eventId: other, eventName: 'Two Prices', totalPrice: '45.10', currency: 'CHF' });
  });

  describe('a body that does not match the contract is 400 validation_failed, and nothing is written', () => {
    /** Each case has its own seat, held by a fresh user, and builds its body around it. */
    const cases: [string, string, (seat: string) => unknown, string | undefined][] = [
      ['no seatIds', 'H1', () => ({}), 'seatIds'],
      ['seatIds that is not a list', 'H2', (seat) => ({ seatIds: seat }), 'seatIds'],
      ['seat ids that are not strings', 'H3', () => ({ seatIds: [1, 2] }), 'seatIds'],
      ['seat ids that are null', 'H4', () => ({ seatIds: [null] }), 'seatIds'],
      ['an empty list', 'H5', () => ({ seatIds: [] }), 'seatIds'],
      ['an empty seat id', 'H6', (seat) => ({ seatIds: [seat, ''] }), 'seatIds'],
      ['a seat named twice', 'H7', (seat) => ({ seatIds: [seat, seat] }), 'seatIds'],
      ['more seats than MAX_SEATS_PER_USER', 'H8', (seat) => ({ seatIds: [seat, ...Array.from({ length: 10 }, (_, i) => `J${i + 1}`)] }), 'seatIds'],
      ['a list of a thousand and one seats', 'H9', (seat) => ({ seatIds: [seat, ...Array.from({ length: 1000 }, (_, i) => `X${i}`)] }), 'seatIds'],
      ['a payment method other than card', 'H10', (seat) => ({ seatIds: [seat], paymentMethod: 'cash' }), 'paymentMethod'],
      ['a payment method that is not a string', 'H11', (seat) => ({ seatIds: [seat], paymentMethod: 1 }), 'paymentMethod'],
      ['an unknown field', 'H12', (seat) => ({ seatIds: [seat], userId: 'someone-else' }), 'userId'],
      ['a list instead of an object', 'I1', (seat) => [{ seatIds: [seat] }], undefined],
    ];

    it.each(cases)('refuses %s', async (_name, seat, body, field) => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, [seat]);
      const before = await snapshot(client, [seat]);
      const reply = await reserve(client, eventId, body(seat));
      if (field) expectValidation(reply, field);
      else expectProblem(reply, 400, 'validation_failed');
      expect(await snapshot(client, [seat])).toEqual(before);
      expect(before.reservations).toEqual([]);
      expect(before.seats[seat]).toMatchObject({ status: 'locked', mine: true });
    });

    it('refuses malformed JSON', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['I2']);
      const before = await snapshot(client, ['I2']);
      expectProblem(await reserve(client, eventId, '{"seatIds": ["I2"'), 400, 'validation_failed');
      expect(await snapshot(client, ['I2'])).toEqual(before);
    });

    it('refuses a body that is not JSON at all', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['I3']);
      const before = await snapshot(client, ['I3']);
      const reply = await client.post(`/api/events/${eventId}/reserve/`, 'seatIds=I3', { 'Content-Type': 'application/x-www-form-urlencoded' });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await snapshot(client, ['I3'])).toEqual(before);
    });

    it('refuses an Idempotency-Key that is not 1 to 255 visible characters', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['I4']);
      const before = await snapshot(client, ['I4']);
      expectValidation(await reserve(client, eventId, { seatIds: ['I4'] }, { 'Idempotency-Key': 'k'.repeat(256) }), 'Idempotency-Key');
      expectValidation(await reserve(client, eventId, { seatIds: ['I4'] }, { 'Idempotency-Key': 'with space' }), 'Idempotency-Key');
      expect(await snapshot(client, ['I4'])).toEqual(before);
    });
  });

  it('answers 404 not_found for an unknown event', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['D1']);
    expectProblem(await reserve(client, 'no-such-event', { seatIds: ['D1'] }), 404, 'not_found');
  });

  it('answers 404 not_found for an unknown seat id in the body, and the seats it holds stay locked', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['D2']);
    const before = await snapshot(client, ['D2']);
    expectProblem(await reserve(client, eventId, { seatIds: ['D2', 'Z42'] }), 404, 'not_found');
    expect(await snapshot(client, ['D2'])).toEqual(before);
  });

  it('answers 409 not_lock_owner with the seat in conflicts for a free seat', async () => {
    const { client } = await newUser(server);
    const reply = await reserve(client, eventId, { seatIds: ['D3'] });
    expectProblem(reply, 409, 'not_lock_owner');
    expect(reply.body.conflicts).toEqual([{ seatId: 'D3', label: 'D3', code: 'not_lock_owner' }]);
    expect(await reservations(client)).toEqual([]);
    expect((await seatsOf(client, eventId, ['D3'])).D3.status).toBe('available');
  });

  it('answers 409 not_lock_owner for a seat another user holds, which stays theirs', async () => {
    const holder = await newUser(server, 'holder');
    const other = await newUser(server, 'other');
    await lockAll(holder.client, eventId, ['D4']);
    const held = (await seatsOf(holder.client, eventId, ['D4'])).D4;
    const reply = await reserve(other.client, eventId, { seatIds: ['D4'] });
    expectProblem(reply, 409, 'not_lock_owner');
    expect(reply.body.conflicts).toEqual([{ seatId: 'D4', label: 'D4', code: 'not_lock_owner' }]);
    expect((await seatsOf(holder.client, eventId, ['D4'])).D4).toEqual(held);
  });

  it('answers 409 not_lock_owner for a seat another user reserved, and for one the caller already reserved', async () => {
    const owner = await newUser(server, 'owner');
    const other = await newUser(server, 'other');
    await lockAndReserve(owner.client, eventId, ['D5']);
    expectProblem(await reserve(other.client, eventId, { seatIds: ['D5'] }), 409, 'not_lock_owner');
    expectProblem(await reserve(owner.client, eventId, { seatIds: ['D5'] }), 409, 'not_lock_owner');
    expect(await reservations(owner.client)).toHaveLength(1);
    expect(await reservations(other.client)).toEqual([]);
  });

  it('is all or nothing: one seat in the way and no seat changes, no reservation exists, every conflict is listed', async () => {
    const mine = await newUser(server, 'mine');
    const theirs = await newUser(server, 'theirs');
    await lockAll(mine.client, eventId, ['E1', 'E2']);
    await lockAll(theirs.client, eventId, ['E4']);
    const before = await snapshot(mine.client, ['E1', 'E2', 'E3', 'E4']);
    const reply = await reserve(mine.client, eventId, { seatIds: ['E1', 'E3', 'E2', 'E4'] });
    expectProblem(reply, 409, 'not_lock_owner');
    expect(reply.body.conflicts).toEqual([
      { seatId: 'E3', label: 'E3', code: 'not_lock_owner' },
      { seatId: 'E4', label: 'E4', code: 'not_lock_owner' },
    ]);
    expect(await snapshot(mine.client, ['E1', 'E2', 'E3', 'E4'])).toEqual(before);
    expect(before.seats.E1).toMatchObject({ status: 'locked', mine: true });
  });

  it('lets the caller reserve the seats it still holds after a refused attempt', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['E5', 'E6']);
    expectProblem(await reserve(client, eventId, { seatIds: ['E5', 'E6', 'E7'] }), 409, 'not_lock_owner');
    const reply = await reserve(client, eventId, { seatIds: ['E5', 'E6'] });
    expect(reply.status).toBe(201);
    expect(reply.body.reservation.seats).toEqual(['E5', 'E6']);
  });

  it('answers 401 unauthenticated without a session', async () => {
    const anonymous = server.client();
    await anonymous.get('/api/csrf/');
    expectProblem(await reserve(anonymous, eventId, { seatIds: ['E8'] }), 401, 'unauthenticated');
  });

  it('answers 403 csrf_failed without the CSRF header, and nothing is written', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['E9']);
    const before = await snapshot(client, ['E9']);
    expectProblem(await reserve(client, eventId, { seatIds: ['E9'] }, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
    expect(await snapshot(client, ['E9'])).toEqual(before);
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the same key and body 200 with the same reservation, and makes no second one', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['F1', 'F2']);
      const first = await reserve(client, eventId, { seatIds: ['F1', 'F2'] }, { 'Idempotency-Key': 'order-1' });
      expect(first.status).toBe(201);
      const retry = await reserve(client, eventId, { seatIds: ['F1', 'F2'] }, { 'Idempotency-Key': 'order-1' });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(await reservations(client)).toEqual([first.body.reservation]);
    });

    it('answers 422 idempotency_key_reused for the same key with a different body, and writes nothing', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['F3', 'F4']);
      const first = await reserve(client, eventId, { seatIds: ['F3'] }, { 'Idempotency-Key': 'order-2' });
      expect(first.status).toBe(201);
      const before = await snapshot(client, ['F3', 'F4']);
      expectProblem(await reserve(client, eventId, { seatIds: ['F4'] }, { 'Idempotency-Key': 'order-2' }), 422, 'idempotency_key_reused');
      expect(await snapshot(client, ['F3', 'F4'])).toEqual(before);
      expect(before.seats.F4).toMatchObject({ status: 'locked', mine: true });
    });

    it('keeps keys per user: another user\'s same key makes their own reservation', async () => {
      const a = await newUser(server, 'a');
      const b = await newUser(server, 'b');
      await lockAll(a.client, eventId, ['F5']);
      await lockAll(b.client, eventId, ['F6']);
      const ra = await reserve(a.client, eventId, { seatIds: ['F5'] }, { 'Idempotency-Key': 'shared-key' });
      const rb = await reserve(b.client, eventId, { seatIds: ['F6'] }, { 'Idempotency-Key': 'shared-key' });
      expect([ra.status, rb.status]).toEqual([201, 201]);
      expect(rb.body.reservation.id).not.toBe(ra.body.reservation.id);
      expect(rb.body.reservation.seats).toEqual(['F6']);
    });

    it('decides a retry afresh when the first attempt with that key failed', async () => {
      const { client } = await newUser(server);
      expectProblem(await reserve(client, eventId, { seatIds: ['F7'] }, { 'Idempotency-Key': 'order-3' }), 409, 'not_lock_owner');
      await lockAll(client, eventId, ['F7']);
      const retry = await reserve(client, eventId, { seatIds: ['F7'] }, { 'Idempotency-Key': 'order-3' });
      expect(retry.status).toBe(201);
      expect(retry.body.reservation).toMatchObject({ seats: ['F7'], status: 'confirmed' });
    });

    it('makes a new reservation without a key, even for a body like an earlier one', async () => {
      const { client } = await newUser(server);
      await lockAndReserve(client, eventId, ['F8']);
      await lockAll(client, eventId, ['F9']);
      const second = await reserve(client, eventId, { seatIds: ['F9'] });
      expect(second.status).toBe(201);
      expect(await reservations(client)).toHaveLength(2);
    });

    it('forgets a key after 24 hours, so the same key with a new body then makes a new reservation', async () => {
      const { client } = await newUser(server);
      await lockAll(client, eventId, ['G1']);
      const first = await reserve(client, eventId, { seatIds: ['G1'] }, { 'Idempotency-Key': 'daily' });
      expect(first.status).toBe(201);
      server.clock.advance(24 * 3600 + 60);
      await lockAll(client, eventId, ['G2']);
      const later = await reserve(client, eventId, { seatIds: ['G2'] }, { 'Idempotency-Key': 'daily' });
      expect(later.status).toBe(201);
      expect(later.body.reservation.id).not.toBe(first.body.reservation.id);
      expect(await reservations(client)).toHaveLength(2);
    });
  });
});
