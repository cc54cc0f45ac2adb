import { startServer, type TestServer } from '../support/server';

describe('the seed flow over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('lets alice lock two seats, reserve them, see the reservation and cancel it', async () => {
    const alice = await server.as('alice');
    const eventId = await server.eventId();
    for (const seat of ['A1', 'A2']) {
      const locked = await alice.post(`/api/events/${eventId}/seats/${seat}/lock/`);
      expect(locked.status).toBe(200);
      expect(locked.body.seat).toMatchObject({ id: seat, status: 'locked', lockedBy: 'alice', mine: true });
    }
    const reserved = await alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1', 'A2'] });
    expect(reserved.status).toBe(201);
    expect(reserved.body.reservation).toMatchObject({ seats: ['A1', 'A2'], totalPrice: '100.00', currency: 'EUR', status: 'confirmed', eventName: 'Concert XYZ' });
    const grid = await alice.get(`/api/events/${eventId}/seats/`);
    expect(grid.body.seats.slice(0, 2).map((s: { status: string; mine: boolean }) => [s.status, s.mine])).toEqual([['reserved', true], ['reserved', true]]);
    const list = await alice.get('/api/reservations/');
    expect(list.body.reservations).toHaveLength(1);
    const cancelled = await alice.post(`/api/reservations/${reserved.body.reservation.id}/cancel/`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.reservation.status).toBe('cancelled');
    const after = await alice.get(`/api/events/${eventId}/seats/`);
    expect(after.body.seats[0].status).toBe('available');
  });

  it('refuses bob a seat alice holds with 409 seat_unavailable', async () => {
    const [alice, bob] = await Promise.all([server.as('alice'), server.as('bob')]);
    const eventId = await server.eventId();
    expect((await alice.post(`/api/events/${eventId}/seats/B1/lock/`)).status).toBe(200);
    const refused = await bob.post(`/api/events/${eventId}/seats/B1/lock/`);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 409, code: 'seat_unavailable' });
  });
});
