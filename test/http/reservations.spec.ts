/** api.md "Events and seats": GET /api/reservations/, GET /api/reservations/{id}/, POST .../cancel/. */
import type { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { lock, lockAndReserve, seatsOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

describe('reservations', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const list = async (client: Client) => (await client.get('/api/reservations/')).body.reservations;
  const cancel = (client: Client, id: string) => client.post(`/api/reservations/${id}/cancel/`);

  describe('GET /api/reservations/', () => {
    it('answers an empty list to a user who has reserved nothing', async () => {
      const { client } = await newUser(server);
      const reply = await client.get('/api/reservations/');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ reservations: [] });
    });

    it('lists the caller\'s reservations newest first, cancelled ones included', async () => {
      const { client } = await newUser(server);
      const first = await lockAndReserve(client, eventId, ['A1']);
      server.clock.advance(10);
      const second = await lockAndReserve(client, eventId, ['A2', 'A3']);
      server.clock.advance(10);
      const third = await lockAndReserve(client, eventId, ['A4']);
      const cancelled = (await cancel(client, first.id)).body.reservation;
      expect(await list(client)).toEqual([third, second, cancelled]);
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelledAt: server.clock.now().toISOString() });
    });

    it('does not list other users\' reservations', async () => {
      const mine = await newUser(server, 'mine');
      const theirs = await newUser(server, 'theirs');
      const own = await lockAndReserve(mine.client, eventId, ['A5']);
      await lockAndReserve(theirs.client, eventId, ['A6']);
      expect(await list(mine.client)).toEqual([own]);
    });

    it('answers 401 unauthenticated without a session', async () => {
      expectProblem(await server.client().get('/api/reservations/'), 401, 'unauthenticated');
    });
  });

  describe('GET /api/reservations/{id}/', () => {
    it('answers one of the caller\'s reservations', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['B1', 'B2']);
      const reply = await client.get(`/api/reservations/${reservation.id}/`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ reservation });
      expect(reservation).not.toHaveProperty('cancelledAt');
    });

    it('answers 404 not_found for another user\'s reservation, just as for an unknown id', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      const reservation = await lockAndReserve(owner.client, eventId, ['B3']);
      const theirs = await other.client.get(`/api/reservations/${reservation.id}/`);
      const unknown = await other.client.get('/api/reservations/00000000-0000-4000-8000-000000000000/');
      expectProblem(theirs, 404, 'not_found');
      expectProblem(unknown, 404, 'not_found');
      expect(theirs.body).toEqual(unknown.body);
      expect(theirs.text).not.toContain(owner.username);
    });

    it('answers 404 not_found for an id that is not even shaped like one', async () => {
      const { client } = await newUser(server);
      expectProblem(await client.get('/api/reservations/not-an-id/'), 404, 'not_found');
    });

    it('answers 401 unauthenticated without a session', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['B4']);
      expectProblem(await server.client().get(`/api/reservations/${reservation.id}/`), 401, 'unauthenticated');
    });
  });

  describe('POST /api/reservations/{id}/cancel/', () => {
    it('cancels the reservation and answers it with status cancelled and cancelledAt, the rest unchanged', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['C1', 'C2']);
      server.clock.advance(60);
      const reply = await cancel(client, reservation.id);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ reservation: { ...reservation, status: 'cancelled', cancelledAt: server.clock.now().toISOString(), cancelledBy: 'owner' } });
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body).toEqual(reply.body);
    });

    it('makes the seats available, so another user can lock them', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      const reservation = await lockAndReserve(owner.client, eventId, ['C3', 'C4']);
      await cancel(owner.client, reservation.id);
      const seats = await seatsOf(owner.client, eventId, ['C3', 'C4']);
      expect(Object.values(seats).map((s) => [s.status, s.mine])).toEqual([['available', false], ['available', false]]);
      const relock = await lock(other.client, eventId, 'C3');
      expect(relock.status).toBe(200);
      expect(relock.body.seat.lockedBy).toBe(other.username);
    });

    it('answers 409 already_cancelled to a second cancel, and nothing changes', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['C5']);
      const first = await cancel(client, reservation.id);
      server.clock.advance(5);
      expectProblem(await cancel(client, reservation.id), 409, 'already_cancelled');
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body).toEqual(first.body);
    });

    it('answers 409 already_cancelled and leaves the seat to its new holder when it was locked again since', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      const reservation = await lockAndReserve(owner.client, eventId, ['C6']);
      await cancel(owner.client, reservation.id);
      await lock(other.client, eventId, 'C6');
      expectProblem(await cancel(owner.client, reservation.id), 409, 'already_cancelled');
      expect((await seatsOf(other.client, eventId, ['C6'])).C6).toMatchObject({ status: 'locked', mine: true });
    });

    it('answers 404 not_found for another user\'s reservation, which stays confirmed with its seats', async () => {
      const owner = await newUser(server, 'owner');
      const other = await newUser(server, 'other');
      const reservation = await lockAndReserve(owner.client, eventId, ['C7']);
      expectProblem(await cancel(other.client, reservation.id), 404, 'not_found');
      expect((await owner.client.get(`/api/reservations/${reservation.id}/`)).body.reservation).toEqual(reservation);
      expect((await seatsOf(owner.client, eventId, ['C7'])).C7).toMatchObject({ status: 'reserved', mine: true });
    });

    it('answers 404 not_found for an unknown id', async () => {
      const { client } = await newUser(server);
      expectProblem(await cancel(client, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      expectProblem(await cancel(client, 'not-an-id'), 404, 'not_found');
      expect(await list(client)).toEqual([]);
    });

    it('answers 401 unauthenticated without a session, and the reservation stays confirmed', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['C8']);
      const anonymous = server.client();
      await anonymous.get('/api/csrf/');
      expectProblem(await cancel(anonymous, reservation.id), 401, 'unauthenticated');
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body.reservation.status).toBe('confirmed');
    });

    it('answers 403 csrf_failed without the CSRF header, and the reservation stays confirmed', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['C9']);
      expectProblem(await client.post(`/api/reservations/${reservation.id}/cancel/`, undefined, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body.reservation.status).toBe('confirmed');
      expect((await seatsOf(client, eventId, ['C9'])).C9.status).toBe('reserved');
    });

    it('refuses a body with unknown fields with 400 validation_failed, and the reservation stays confirmed', async () => {
      const { client } = await newUser(server);
      const reservation = await lockAndReserve(client, eventId, ['C10']);
      expectValidation(await client.post(`/api/reservations/${reservation.id}/cancel/`, { refund: true }), 'refund');
      expect((await client.get(`/api/reservations/${reservation.id}/`)).body.reservation.status).toBe('confirmed');
    });
  });
});
