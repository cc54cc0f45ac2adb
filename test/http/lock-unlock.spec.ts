/** api.md "Events and seats": POST .../seats/{seatId}/lock/ and .../unlock/. */
import { scheduleEvent } from '../support/events';
import { expectProblem, expectValidation } from '../support/problem';
import { lock, lockAll, lockAndReserve, seatOf, seatsOf, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

describe('locking and unlocking seats', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    // Some tests here lock 21 seats in well under a second, as no person does: past the per-user rate
    // limit (20 a second by default, tested in abuse.spec.ts), which is not what they are about.
    server = await startServer({ LOCK_RATE_PER_SECOND: '1000', LOCK_RATE_PER_MINUTE: '10000' });
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const in300s = () => new Date(server.clock.now().getTime() + 300_000).toISOString();

  describe('lock', () => {
    it('locks a free seat for 300 seconds and answers the seat as the holder sees it', async () => {
      const alice = await server.as('alice');
      const until = in300s();
      const reply = await lock(alice, eventId, 'A1');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        seat: { id: 'A1', label: 'A1', section: 'main', row: 'A', number: 1, category: 'c1', price: '50.00', accessible: false, status: 'locked', lockedBy: 'alice', lockedUntil: until, mine: true },
      });
      expect(await seatOf(alice, eventId, 'A1')).toEqual(reply.body.seat);
    });

    it('answers 200 with the lock unchanged when the holder locks the seat again later', async () => {
      const { client } = await newUser(server);
      const first = await lock(client, eventId, 'A2');
      server.clock.advance(100);
      const again = await lock(client, eventId, 'A2');
      expect(again.status).toBe(200);
      expect(again.body.seat).toEqual(first.body.seat);
      expect((await seatOf(client, eventId, 'A2')).lockedUntil).toBe(first.body.seat.lockedUntil);
    });

    it('refuses a seat another user holds with 409 seat_unavailable and leaves the lock as it was', async () => {
      const holder = await newUser(server, 'holder');
      const other = await newUser(server, 'other');
      const held = await lock(holder.client, eventId, 'A3');
      expectProblem(await lock(other.client, eventId, 'A3'), 409, 'seat_unavailable');
      expect(await seatOf(holder.client, eventId, 'A3')).toEqual(held.body.seat);
    });

    it('refuses a reserved seat with 409 seat_unavailable, to other users and to its owner alike', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      await lockAndReserve(owner.client, eventId, ['A4']);
      expectProblem(await lock(other.client, eventId, 'A4'), 409, 'seat_unavailable');
      expectProblem(await lock(owner.client, eventId, 'A4'), 409, 'seat_unavailable');
      expect(await seatOf(owner.client, eventId, 'A4')).toMatchObject({ status: 'reserved', mine: true });
    });

    it('refuses the eleventh held seat in one event with 409 seat_limit_reached and leaves it free', async () => {
      const { client } = await newUser(server);
      const ten = Array.from({ length: 10 }, (_, i) => `B${i + 1}`);
      await lockAll(client, eventId, ten);
      expectProblem(await lock(client, eventId, 'B11'), 409, 'seat_limit_reached');
      expect((await seatOf(client, eventId, 'B11')).status).toBe('available');
    });

    it('still answers 200 to re-locking a held seat at the limit', async () => {
      const { client } = await newUser(server);
      const ten = Array.from({ length: 10 }, (_, i) => `C${i + 1}`);
      await lockAll(client, eventId, ten);
      const again = await lock(client, eventId, 'C10');
      expect(again.status).toBe(200);
      expect(again.body.seat).toMatchObject({ status: 'locked', mine: true });
    });

    it('frees a place under the limit when the user unlocks a seat', async () => {
      const { client } = await newUser(server);
      const ten = Array.from({ length: 10 }, (_, i) => `D${i + 1}`);
      await lockAll(client, eventId, ten);
      expect((await unlock(client, eventId, 'D1')).status).toBe(200);
      expect((await lock(client, eventId, 'D11')).status).toBe(200);
    });

    it('does not count reserved seats toward the limit', async () => {
      const { client } = await newUser(server);
      await lockAndReserve(client, eventId, Array.from({ length: 10 }, (_, i) => `E${i + 1}`));
      const ten = ['E11', 'E12', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8'];
      await lockAll(client, eventId, ten);
      expectProblem(await lock(client, eventId, 'F9'), 409, 'seat_limit_reached');
    });

    it('counts the limit per event', async () => {
      const other = await scheduleEvent(server, { name: 'Per-event limit', startsAt: '2027-01-10T20:00:00.000Z', rows: [{ label: 'A', seats: 2, price: '10.00' }] });
      const { client } = await newUser(server);
      await lockAll(client, eventId, Array.from({ length: 10 }, (_, i) => `G${i + 1}`));
      const reply = await lock(client, other, 'A1');
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ status: 'locked', mine: true, price: '10.00' });
    });

    it('answers 404 not_found for an unknown seat and for an unknown event', async () => {
      const { client } = await newUser(server);
      expectProblem(await lock(client, eventId, 'Z99'), 404, 'not_found');
      expectProblem(await lock(client, 'no-such-event', 'A1'), 404, 'not_found');
    });

    it('answers 401 unauthenticated to a caller who is not logged in, and the seat stays free', async () => {
      const anonymous = server.client();
      await anonymous.get('/api/csrf/');
      expectProblem(await lock(anonymous, eventId, 'H1'), 401, 'unauthenticated');
      expect((await seatOf(anonymous, eventId, 'H1')).status).toBe('available');
    });

    it('answers 403 csrf_failed without the CSRF header, and the seat stays free', async () => {
      const { client } = await newUser(server);
      expectProblem(await client.post(`/api/events/${eventId}/seats/H2/lock/`, undefined, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
      expectProblem(await client.post(`/api/events/${eventId}/seats/H2/lock/`, undefined, { 'X-XSRF-TOKEN': 'forged-token' }), 403, 'csrf_failed');
      expect((await seatOf(client, eventId, 'H2')).status).toBe('available');
    });

    it('accepts an empty JSON object as the body, as browsers send it', async () => {
      const { client } = await newUser(server);
      expect((await client.post(`/api/events/${eventId}/seats/H3/lock/`, {})).status).toBe(200);
    });

    it('refuses a body with fields the contract does not know with 400 validation_failed, and the seat stays free', async () => {
      const { client } = await newUser(server);
      expectValidation(await client.post(`/api/events/${eventId}/seats/H4/lock/`, { seconds: 86400 }), 'seconds');
      expect((await seatOf(client, eventId, 'H4')).status).toBe('available');
    });

    it('refuses a malformed JSON body with 400 validation_failed, and the seat stays free', async () => {
      const { client } = await newUser(server);
      expectProblem(await client.post(`/api/events/${eventId}/seats/H5/lock/`, '{'), 400, 'validation_failed');
      expect((await seatOf(client, eventId, 'H5')).status).toBe('available');
    });
  });

  describe('unlock', () => {
    it('frees a seat the caller holds and answers it available', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'I1');
      const reply = await unlock(client, eventId, 'I1');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        seat: { id: 'I1', label: 'I1', section: 'main', row: 'I', number: 1, category: 'c1', price: '50.00', accessible: false, status: 'available', lockedBy: null, lockedUntil: null, mine: false },
      });
      expect(await seatOf(client, eventId, 'I1')).toEqual(reply.body.seat);
    });

    it('lets another user lock a seat right after it was unlocked', async () => {
      const first = await newUser(server, 'first');
      const second = await newUser(server, 'second');
      await lock(first.client, eventId, 'I2');
      await unlock(first.client, eventId, 'I2');
      const reply = await lock(second.client, eventId, 'I2');
      expect(reply.status).toBe(200);
      expect(reply.body.seat.lockedBy).toBe(second.username);
    });

    it('answers 409 not_lock_owner for a free seat', async () => {
      const { client } = await newUser(server);
      expectProblem(await unlock(client, eventId, 'I3'), 409, 'not_lock_owner');
      expect((await seatOf(client, eventId, 'I3')).status).toBe('available');
    });

    it('answers 409 not_lock_owner for a seat another user holds, which stays theirs', async () => {
      const holder = await newUser(server, 'holder');
      const other = await newUser(server, 'other');
      const held = await lock(holder.client, eventId, 'I4');
      expectProblem(await unlock(other.client, eventId, 'I4'), 409, 'not_lock_owner');
      expect(await seatOf(holder.client, eventId, 'I4')).toEqual(held.body.seat);
    });

    it('answers 409 not_lock_owner for a seat the caller has reserved, which stays reserved', async () => {
      const { client } = await newUser(server);
      await lockAndReserve(client, eventId, ['I5']);
      expectProblem(await unlock(client, eventId, 'I5'), 409, 'not_lock_owner');
      expect(await seatOf(client, eventId, 'I5')).toMatchObject({ status: 'reserved', mine: true });
    });

    it('answers 409 not_lock_owner when the seat was already unlocked', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'I6');
      await unlock(client, eventId, 'I6');
      expectProblem(await unlock(client, eventId, 'I6'), 409, 'not_lock_owner');
    });

    it('answers 404 not_found for an unknown seat and for an unknown event', async () => {
      const { client } = await newUser(server);
      expectProblem(await unlock(client, eventId, 'K1'), 404, 'not_found');
      expectProblem(await unlock(client, 'no-such-event', 'A1'), 404, 'not_found');
    });

    it('answers 401 unauthenticated to a caller who is not logged in, and the lock stays', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'I7');
      const anonymous = server.client();
      await anonymous.get('/api/csrf/');
      expectProblem(await unlock(anonymous, eventId, 'I7'), 401, 'unauthenticated');
      expect(await seatOf(client, eventId, 'I7')).toMatchObject({ status: 'locked', mine: true });
    });

    it('answers 403 csrf_failed without the CSRF header, and the lock stays', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'I8');
      expectProblem(await client.post(`/api/events/${eventId}/seats/I8/unlock/`, undefined, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
      expect(await seatOf(client, eventId, 'I8')).toMatchObject({ status: 'locked', mine: true });
    });

    it('refuses a body with unknown fields with 400 validation_failed, and the lock stays', async () => {
      const { client } = await newUser(server);
      await lock(client, eventId, 'I9');
      expectValidation(await client.post(`/api/events/${eventId}/seats/I9/unlock/`, { everyone: true }), 'everyone');
      expect(await seatOf(client, eventId, 'I9')).toMatchObject({ status: 'locked', mine: true });
    });
  });

  it('keeps both users\' seats apart when they lock side by side', async () => {
    const a = await newUser(server, 'a');
    const b = await newUser(server, 'b');
    await lockAll(a.client, eventId, ['J1', 'J2']);
    await lockAll(b.client, eventId, ['J3']);
    const seen = await seatsOf(a.client, eventId, ['J1', 'J2', 'J3']);
    expect([seen.J1.mine, seen.J2.mine, seen.J3.mine]).toEqual([true, true, false]);
    expect(seen.J3.lockedBy).toBe(b.username);
  });
});
