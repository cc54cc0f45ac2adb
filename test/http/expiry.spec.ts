/**
 * Lock expiry with an injected clock and SEAT_LOCK_SECONDS=60 (issue 2, "Expiry"; api.md: a lock
 * whose lockedUntil has passed reads available, whether or not its release has been recorded).
 */
import { expectProblem } from '../support/problem';
import { lock, lockAll, reserve, seatOf, seatsOf, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const LOCK_SECONDS = 60;

describe('lock expiry', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    // One test locks 21 seats in well under a second, past the per-user rate limit (abuse.spec.ts).
    server = await startServer({ SEAT_LOCK_SECONDS: String(LOCK_SECONDS), LOCK_RATE_PER_SECOND: '1000', LOCK_RATE_PER_MINUTE: '10000' });
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const availableCount = async () => (await server.client().get(`/api/events/${eventId}/`)).body.event.availableCount;

  it('locks for SEAT_LOCK_SECONDS', async () => {
    const { client } = await newUser(server);
    const reply = await lock(client, eventId, 'A1');
    expect(reply.body.seat.lockedUntil).toBe(new Date(server.clock.now().getTime() + LOCK_SECONDS * 1000).toISOString());
  });

  it('reads a lock as locked one second before it ends and available from the instant it ends, before any sweep', async () => {
    const holder = await newUser(server, 'holder');
    const watcher = await newUser(server, 'watcher');
    await lockAll(holder.client, eventId, ['A2']);
    server.clock.advance(LOCK_SECONDS - 1);
    expect((await seatOf(holder.client, eventId, 'A2')).status).toBe('locked');
    server.clock.advance(1);
    const gone = { status: 'available', lockedBy: null, lockedUntil: null, mine: false };
    expect(await seatOf(holder.client, eventId, 'A2')).toMatchObject(gone);
    expect(await seatOf(watcher.client, eventId, 'A2')).toMatchObject(gone);
    expect(await seatOf(server.client(), eventId, 'A2')).toMatchObject(gone);
  });

  it('counts an expired lock back into availableCount', async () => {
    const { client } = await newUser(server);
    const before = await availableCount();
    await lockAll(client, eventId, ['A3', 'A4']);
    expect(await availableCount()).toBe(before - 2);
    server.clock.advance(LOCK_SECONDS);
    expect(await availableCount()).toBe(before);
  });

  it('changes the grid\'s ETag when a lock expires, so a poller gets 200 with the seat available', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['A5']);
    const seen = await client.get(`/api/events/${eventId}/seats/`);
    server.clock.advance(LOCK_SECONDS / 2);
    expect((await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': seen.headers.get('etag')! })).status).toBe(304);
    server.clock.advance(LOCK_SECONDS / 2);
    const after = await client.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': seen.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.body.seats.find((s: { id: string }) => s.id === 'A5').status).toBe('available');
  });

  it('lets another user take an expired lock before the sweeper has recorded it', async () => {
    const holder = await newUser(server, 'holder');
    const taker = await newUser(server, 'taker');
    await lockAll(holder.client, eventId, ['B1']);
    server.clock.advance(LOCK_SECONDS + 1);
    const reply = await lock(taker.client, eventId, 'B1');
    expect(reply.status).toBe(200);
    expect(reply.body.seat).toMatchObject({ status: 'locked', lockedBy: taker.username, mine: true });
    expect(await seatOf(holder.client, eventId, 'B1')).toMatchObject({ status: 'locked', lockedBy: taker.username, mine: false });
  });

  it('lets another user take an expired lock after the sweeper has recorded it', async () => {
    const holder = await newUser(server, 'holder');
    const taker = await newUser(server, 'taker');
    await lockAll(holder.client, eventId, ['B2']);
    server.clock.advance(LOCK_SECONDS + 1);
    expect(await server.sweep()).toBeGreaterThanOrEqual(1);
    expect((await seatOf(holder.client, eventId, 'B2')).status).toBe('available');
    const reply = await lock(taker.client, eventId, 'B2');
    expect(reply.status).toBe(200);
    expect(reply.body.seat.lockedBy).toBe(taker.username);
  });

  it('leaves live locks alone when the sweeper runs', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['B3']);
    server.clock.advance(LOCK_SECONDS - 10);
    await server.sweep();
    expect(await seatOf(client, eventId, 'B3')).toMatchObject({ status: 'locked', mine: true });
    const reply = await reserve(client, eventId, { seatIds: ['B3'] });
    expect(reply.status).toBe(201);
  });

  it('refuses its owner a reserve of an expired, unrecorded lock with 409 lock_expired, and writes nothing', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['C1']);
    server.clock.advance(LOCK_SECONDS);
    const reply = await reserve(client, eventId, { seatIds: ['C1'] });
    expectProblem(reply, 409, 'lock_expired');
    expect(reply.body.conflicts).toEqual([{ seatId: 'C1', label: 'C1', code: 'lock_expired' }]);
    expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
    expect((await seatOf(client, eventId, 'C1')).status).toBe('available');
  });

  it('refuses its owner a reserve of an expired lock the sweeper has recorded with 409 lock_expired', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['C2']);
    server.clock.advance(LOCK_SECONDS + 5);
    await server.sweep();
    const reply = await reserve(client, eventId, { seatIds: ['C2'] });
    expectProblem(reply, 409, 'lock_expired');
    expect(reply.body.conflicts).toEqual([{ seatId: 'C2', label: 'C2', code: 'lock_expired' }]);
  });

  it('answers not_lock_owner instead of lock_expired once another user has locked the seat since, even if they let it go', async () => {
    const holder = await newUser(server, 'holder');
    const other = await newUser(server, 'other');
    await lockAll(holder.client, eventId, ['C3', 'C4']);
    server.clock.advance(LOCK_SECONDS);
    await lockAll(other.client, eventId, ['C3', 'C4']);
    expect((await unlock(other.client, eventId, 'C4')).status).toBe(200);
    const held = await reserve(holder.client, eventId, { seatIds: ['C3'] });
    expectProblem(held, 409, 'not_lock_owner');
    expectProblem(await reserve(holder.client, eventId, { seatIds: ['C4'] }), 409, 'not_lock_owner');
    expect(await seatOf(other.client, eventId, 'C3')).toMatchObject({ status: 'locked', mine: true });
  });

  it('is all or nothing when one of several locks has expired: the live ones stay locked, every conflict is listed, the top code is the first one\'s', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['D1']);
    server.clock.advance(LOCK_SECONDS - 10);
    await lockAll(client, eventId, ['D2']);
    server.clock.advance(10);
    const before = await seatsOf(client, eventId, ['D1', 'D2', 'D3']);
    expect(before.D2).toMatchObject({ status: 'locked', mine: true });
    const first = await reserve(client, eventId, { seatIds: ['D2', 'D1', 'D3'] });
    expectProblem(first, 409, 'lock_expired');
    expect(first.body.conflicts).toEqual([
      { seatId: 'D1', label: 'D1', code: 'lock_expired' },
      { seatId: 'D3', label: 'D3', code: 'not_lock_owner' },
    ]);
    const second = await reserve(client, eventId, { seatIds: ['D3', 'D1', 'D2'] });
    expectProblem(second, 409, 'not_lock_owner');
    expect(second.body.conflicts.map((c: { seatId: string }) => c.seatId)).toEqual(['D3', 'D1']);
    expect(await seatsOf(client, eventId, ['D1', 'D2', 'D3'])).toEqual(before);
    expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
  });

  it('lets the owner lock the seat again after expiry and then reserve it', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['E1']);
    server.clock.advance(LOCK_SECONDS);
    expectProblem(await reserve(client, eventId, { seatIds: ['E1'] }), 409, 'lock_expired');
    await lockAll(client, eventId, ['E1']);
    const reply = await reserve(client, eventId, { seatIds: ['E1'] });
    expect(reply.status).toBe(201);
    expect(reply.body.reservation.seats).toEqual(['E1']);
  });

  it('does not extend a lock when its holder locks the seat again', async () => {
    const { client } = await newUser(server);
    const first = await lock(client, eventId, 'E2');
    server.clock.advance(LOCK_SECONDS - 1);
    expect((await lock(client, eventId, 'E2')).body.seat.lockedUntil).toBe(first.body.seat.lockedUntil);
    server.clock.advance(1);
    expect((await seatOf(client, eventId, 'E2')).status).toBe('available');
  });

  it('answers not_lock_owner to its owner unlocking an expired lock', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['E3']);
    server.clock.advance(LOCK_SECONDS);
    expectProblem(await unlock(client, eventId, 'E3'), 409, 'not_lock_owner');
    expect((await seatOf(client, eventId, 'E3')).status).toBe('available');
  });

  it('does not count expired locks toward MAX_SEATS_PER_USER', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, Array.from({ length: 10 }, (_, i) => `F${i + 1}`));
    expectProblem(await lock(client, eventId, 'F11'), 409, 'seat_limit_reached');
    server.clock.advance(LOCK_SECONDS);
    await lockAll(client, eventId, ['F11', 'F12', ...Array.from({ length: 8 }, (_, i) => `G${i + 1}`)]);
    expect((await seatsOf(client, eventId, ['F11', 'G8'])).G8).toMatchObject({ status: 'locked', mine: true });
  });

  it('never expires a reserved seat', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['H1']);
    expect((await reserve(client, eventId, { seatIds: ['H1'] })).status).toBe(201);
    server.clock.advance(LOCK_SECONDS * 10);
    await server.sweep();
    expect(await seatOf(client, eventId, 'H1')).toMatchObject({ status: 'reserved', mine: true });
    const other = await newUser(server, 'other');
    expectProblem(await lock(other.client, eventId, 'H1'), 409, 'seat_unavailable');
  });

  it('hands a seat back with its original end when a reservation fails, so it still expires on time', async () => {
    const { client } = await newUser(server);
    const first = await lock(client, eventId, 'H2');
    server.clock.advance(LOCK_SECONDS / 2);
    expectProblem(await reserve(client, eventId, { seatIds: ['H2', 'H3'] }), 409, 'not_lock_owner');
    expect((await seatOf(client, eventId, 'H2')).lockedUntil).toBe(first.body.seat.lockedUntil);
    server.clock.advance(LOCK_SECONDS / 2);
    expect((await seatOf(client, eventId, 'H2')).status).toBe('available');
  });
});
