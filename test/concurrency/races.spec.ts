/**
 * Races of real HTTP clients against one server: the per-seat optimistic concurrency is the only
 * lock, and these tests are its proof.
 */
import { Client } from '../support/client';
import { startServer, type TestServer } from '../support/server';

const CLIENTS = 30;

async function registeredClients(server: TestServer, prefix: string, count: number): Promise<Client[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/register/', { username: `${prefix}${i}`, password: 'password123' });
      if (reply.status !== 201) throw new Error(`register ${prefix}${i}: ${reply.status} ${reply.text}`);
      return client;
    }),
  );
}

describe('racing clients', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer({ MAX_SEATS_PER_USER: '10' });
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  it('gives a seat to exactly one of 30 clients that lock it at the same instant', async () => {
    const clients = await registeredClients(server, 'racer', CLIENTS);
    const replies = await Promise.all(clients.map((c) => c.post(`/api/events/${eventId}/seats/C5/lock/`)));
    const winners = replies.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'seat_unavailable')).toBe(true);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(CLIENTS - 1);
    const grid = await clients[0].get(`/api/events/${eventId}/seats/`);
    const c5 = grid.body.seats.find((s: { id: string }) => s.id === 'C5');
    expect(c5).toMatchObject({ status: 'locked', lockedBy: winners[0].body.seat.lockedBy });
  });

  it('never puts a seat in two reservations when 30 clients lock and reserve overlapping seats', async () => {
    const clients = await registeredClients(server, 'buyer', CLIENTS);
    const pool = ['D', 'E'].flatMap((row) => Array.from({ length: 6 }, (_, i) => `${row}${i + 1}`)); // 12 seats, 30 buyers
    const outcomes = await Promise.all(
      clients.map(async (client, i) => {
        const wanted = [pool[i % pool.length], pool[(i * 7 + 3) % pool.length], pool[(i * 5 + 1) % pool.length]];
        const held: string[] = [];
        for (const seat of [...new Set(wanted)]) {
          const r = await client.post(`/api/events/${eventId}/seats/${seat}/lock/`);
          if (r.status === 200) held.push(seat);
          else expect(r.body.code).toBe('seat_unavailable');
        }
        if (!held.length) return { client, reservation: undefined };
        const r = await client.post(`/api/events/${eventId}/reserve/`, { seatIds: held });
        expect([201, 409]).toContain(r.status);
        return { client, reservation: r.status === 201 ? r.body.reservation : undefined };
      }),
    );

    const confirmed = outcomes.flatMap((o) => (o.reservation ? [o.reservation] : []));
    const owners = new Map<string, string>();
    for (const reservation of confirmed) {
      for (const seat of reservation.seatIds) {
        expect(owners.get(seat)).toBeUndefined();
        owners.set(seat, reservation.id);
      }
    }
    // The grid agrees with the reservations: exactly the reserved seats read reserved, each for its owner.
    const grid = (await server.client().get(`/api/events/${eventId}/seats/`)).body.seats as { id: string; status: string }[];
    const reservedInGrid = grid.filter((s) => pool.includes(s.id) && s.status === 'reserved').map((s) => s.id).sort();
    expect(reservedInGrid).toEqual([...owners.keys()].sort());
    for (const { client, reservation } of outcomes) {
      const mine = (await client.get('/api/reservations/')).body.reservations;
      expect(mine.map((r: { id: string }) => r.id)).toEqual(reservation ? [reservation.id] : []);
    }
    const auditor = await server.as('auditor');
    expect((await auditor.get('/api/audit/verify/')).body).toMatchObject({ consistent: true, mismatches: [] });
  });
});
