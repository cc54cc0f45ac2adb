/**
 * Durability: SIGKILL the server in the middle of a reservation load, start it again on the same
 * data, and check that nothing it acknowledged is lost and nothing half done is visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../support/client';
import { spawnServer, type ServerProcess } from '../support/process';

const BUYERS = 12;

interface Reservation {
  id: string;
  seatIds: string[];
  status: string;
}

describe('a server killed with SIGKILL during a reservation load', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-kill-'));
  });
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every answered reservation whole and shows no half reservation after a restart', async () => {
    const env = { DATA_DIR: dataDir, DEMO_DATA: 'true', MAX_SEATS_PER_USER: '4' };
    server = await spawnServer(env);
    const eventId = (await new Client(server.url).get('/api/events/')).body.events[0].id as string;
    const buyers = await Promise.all(
      Array.from({ length: BUYERS }, async (_, i) => {
        const c = new Client(server!.url);
        await c.get('/api/csrf/');
        const r = await c.post('/api/register/', { username: `buyer${i}`, password: 'password123' });
        if (r.status !== 201) throw new Error(r.text);
        return c;
      }),
    );

    const acknowledged: { buyer: number; reservation: Reservation }[] = [];
    let stop = false;
    const load = buyers.map(async (client, b) => {
      // Each buyer walks its own share of the 120 seats, two at a time, with neighbours overlapping.
      for (let round = 0; !stop && round < 10; round++) {
        const seats = [`${'ABCDEFGHIJ'[(b + round) % 10]}${(b % 6) * 2 + 1}`, `${'ABCDEFGHIJ'[(b + round) % 10]}${(b % 6) * 2 + 2}`];
        try {
          const held: string[] = [];
          for (const s of seats) if ((await client.post(`/api/events/${eventId}/seats/${s}/lock/`)).status === 200) held.push(s);
          if (!held.length) continue;
          const r = await client.post(`/api/events/${eventId}/reserve/`, { seatIds: held });
          if (r.status === 201) acknowledged.push({ buyer: b, reservation: r.body.reservation });
        } catch {
          return; // the connection died with the server
        }
      }
    });
    await waitUntil(() => acknowledged.length >= 15, 20_000);
    await server.kill('SIGKILL');
    stop = true;
    await Promise.all(load);

    server = await spawnServer(env);
    for (const c of buyers) c.baseUrl = server.url;

    // Every 201 is there, whole and confirmed; the session survived the restart too.
    for (const { buyer, reservation } of acknowledged) {
      const r = await buyers[buyer].get(`/api/reservations/${reservation.id}/`);
      expect(r.status).toBe(200);
      expect(r.body.reservation).toMatchObject({ status: 'confirmed', seatIds: reservation.seatIds });
    }
    // No seat is reserved outside a confirmed reservation, and no confirmed reservation misses a seat.
    const confirmedSeats = new Set<string>();
    for (const c of buyers) {
      for (const r of (await c.get('/api/reservations/')).body.reservations as Reservation[]) {
        if (r.status === 'confirmed') r.seatIds.forEach((s) => confirmedSeats.add(s));
      }
    }
    const grid = (await new Client(server.url).get(`/api/events/${eventId}/seats/`)).body.seats as { id: string; status: string }[];
    expect(grid.filter((s) => s.status === 'reserved').map((s) => s.id).sort()).toEqual([...confirmedSeats].sort());
    // The read model equals a replay of the history.
    const auditor = await new Client(server.url).login('auditor', 'auditor123');
    expect((await auditor.get('/api/audit/verify/')).body).toMatchObject({ consistent: true, mismatches: [] });
  }, 90_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
