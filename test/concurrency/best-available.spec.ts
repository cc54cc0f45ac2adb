/**
 * Best available under a crowd (issue 16): 20 real HTTP clients ask for 2 seats each at the same
 * instant on a 40-seat section. Each answer is adjacent seats or 409 not_enough_seats; no seat is
 * answered twice; the grid's locks are exactly the seats answered, each held by the buyer it was
 * answered to; the history verifies. Then buyers asking for the best seats race people clicking
 * the same seats: nobody gets a seat another got.
 */
import { wholeLog } from '../support/audit';
import { Client } from '../support/client';
import { startServer, type TestServer } from '../support/server';
import { uniqueName } from '../support/users';

const BUYERS = 20;

async function buyers(server: TestServer, count: number): Promise<{ client: Client; username: string }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = server.client();
      const username = uniqueName('crowd');
      await client.get('/api/csrf/');
      const reply = await client.post('/api/register/', { username, password: 'password123' });
      if (reply.status !== 201) throw new Error(`register ${username}: ${reply.status} ${reply.text}`);
      return { client, username };
    }),
  );
}

/** A hall of one section, "Floor", whose rows are given; its id. */
async function hall(admin: Client, rows: { label: string; seats: number; aislesAfter?: number[] }[]): Promise<string> {
  const created = await admin.post('/api/admin/events/', {
    name: uniqueName('Hall'),
    venue: 'Hall',
    startsAt: '2027-06-01T19:00:00.000Z',
    currency: 'EUR',
    categories: [{ key: 'floor', name: 'Floor', price: '30.00' }],
    sections: [{ key: 'floor', name: 'Floor', rows: rows.map((row) => ({ ...row, category: 'floor' })) }],
  });
  if (created.status !== 201) throw new Error(`hall: ${created.status} ${created.text}`);
  return created.body.event.id;
}

describe('best available, 20 buyers at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOCK_RATE_PER_SECOND: '1000', LOCK_RATE_PER_MINUTE: '100000' });
  });
  afterAll(() => server.close());

  it('never answers a seat twice, answers only adjacent seats, and the grid holds exactly what was answered', async () => {
    const admin = await server.as('admin');
    // 40 seats: rows 1-4 of 10, an aisle after seat 5 in rows 3 and 4.
    const eventId = await hall(admin, [1, 2, 3, 4].map((r) => ({ label: String(r), seats: 10, aislesAfter: r > 2 ? [5] : [] })));
    const crowd = await buyers(server, BUYERS);

    const replies = await Promise.all(crowd.map(({ client }) => client.post(`/api/events/${eventId}/best-available/`, { count: 2 })));

    const answered = new Map<string, string>();
    replies.forEach((reply, i) => {
      expect([200, 409]).toContain(reply.status);
      if (reply.status === 409) {
        expect(reply.body.code).toBe('not_enough_seats');
        return;
      }
      const seats = reply.body.seats as { id: string; row: string; number: number; lockedBy: string; mine: boolean }[];
      expect(seats).toHaveLength(2);
      expect(reply.body.together).toBe(true);
      expect(seats[0].row).toBe(seats[1].row);
      expect(seats[1].number).toBe(seats[0].number + 1);
      // Never across the aisle of rows 3 and 4.
      if (Number(seats[0].row) > 2) expect(seats[0].number).not.toBe(5);
      for (const seat of seats) {
        expect(seat).toMatchObject({ lockedBy: crowd[i].username, mine: true });
        expect(answered.get(seat.id)).toBeUndefined();
        answered.set(seat.id, crowd[i].username);
      }
    });
    const served = replies.filter((r) => r.status === 200).length;
    console.log(`best available: ${served} of ${BUYERS} buyers served 2 seats together, ${BUYERS - served} answered not_enough_seats`);
    // 40 seats, but each of the four runs of 5 keeps one seat single: 18 pairs at best. A race lost
    // is chosen again, so nearly every buyer is served.
    expect(served).toBeGreaterThanOrEqual(15);

    const grid = (await admin.get(`/api/events/${eventId}/seats/`)).body.seats as { id: string; status: string; lockedBy: string | null }[];
    const locked = grid.filter((s) => s.status === 'locked');
    expect(Object.fromEntries(locked.map((s) => [s.id, s.lockedBy]))).toEqual(Object.fromEntries(answered));
    const auditor = await server.as('auditor');
    expect((await auditor.get('/api/audit/verify/')).body).toMatchObject({ consistent: true, mismatches: [] });
    // Calls in one process choose apart: no race was lost, so no seat was locked and given back.
    const history = (await wholeLog(auditor)).filter((e) => e.data?.showId === eventId && e.stream.startsWith('seat-'));
    expect(history.filter((e) => e.type !== 'SeatLocked')).toEqual([]);
    expect(history).toHaveLength(answered.size);
  });

  it('never gives a seat to two people when best available races plain locks of the same seats', async () => {
    const admin = await server.as('admin');
    const eventId = await hall(admin, [1, 2].map((r) => ({ label: String(r), seats: 10 })));
    const crowd = await buyers(server, 20);
    // Half ask for 2 of the best seats; the other half click the front row's centre seats.
    const replies = await Promise.all(
      crowd.map(({ client }, i) =>
        i % 2 === 0
          ? client.post(`/api/events/${eventId}/best-available/`, { count: 2 })
          : client.post(`/api/events/${eventId}/seats/floor-1-${4 + (i % 4)}/lock/`),
      ),
    );
    const owner = new Map<string, string>();
    replies.forEach((reply, i) => {
      const seats: { id: string; lockedBy: string }[] = reply.status !== 200 ? [] : i % 2 === 0 ? reply.body.seats : [reply.body.seat];
      if (reply.status !== 200) expect(['not_enough_seats', 'seat_unavailable']).toContain(reply.body.code);
      for (const seat of seats) {
        expect(seat.lockedBy).toBe(crowd[i].username);
        expect(owner.get(seat.id)).toBeUndefined();
        owner.set(seat.id, crowd[i].username);
      }
    });
    const grid = (await admin.get(`/api/events/${eventId}/seats/`)).body.seats as { id: string; status: string; lockedBy: string | null }[];
    expect(Object.fromEntries(grid.filter((s) => s.status === 'locked').map((s) => [s.id, s.lockedBy]))).toEqual(Object.fromEntries(owner));
  });
});
