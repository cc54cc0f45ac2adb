/**
 * api.md "Best available and more time", issue 16: POST /api/events/{id}/holds/extend/. Every live
 * lock of the caller in the event runs again for SEAT_LOCK_SECONDS from now, never past
 * HOLD_MAX_SECONDS after it was taken; each extension is a SeatLockExtended in the seat's history;
 * the grid, the expiry sweeper, the audit log and time travel honour the new end. The clock is the
 * test's: no test waits for time to pass.
 */
import { gridAsOf, logLength, seatHistory } from '../support/audit';
import type { Client } from '../support/client';
import { expectProblem } from '../support/problem';
import { grid, lockAll, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const LOCK = 300;
const CEILING = 900;

describe('more time on held seats', () => {
  let server: TestServer;
  let eventId: string;
  let auditor: Client;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    auditor = await server.as('auditor');
  });
  afterAll(() => server.close());

  const extend = (client: Client) => client.post(`/api/events/${eventId}/holds/extend/`);
  const at = (start: number, seconds: number) => new Date(start + seconds * 1000).toISOString();

  it('runs every seat held in the event again for the lock lifetime, recorded in each seat\'s history', async () => {
    const { client } = await newUser(server, 'buyer');
    const start = server.clock.now().getTime();
    await lockAll(client, eventId, ['E1', 'E2']);
    server.clock.advance(200);
    const reply = await extend(client);
    expect(reply.status).toBe(200);
    expect(reply.body.seats.map((s: { id: string; lockedUntil: string; mine: boolean }) => [s.id, s.lockedUntil, s.mine])).toEqual([
      ['E1', at(start, 200 + LOCK), true],
      ['E2', at(start, 200 + LOCK), true],
    ]);
    expect((await seatOf(client, eventId, 'E1')).lockedUntil).toBe(at(start, 200 + LOCK));
    const history = await seatHistory(auditor, eventId, 'E1');
    expect(history.map((e) => e.type)).toEqual(['SeatLocked', 'SeatLockExtended']);
    expect(history[1].data).toMatchObject({ seatId: 'E1', extendedAt: at(start, 200), lockedUntil: at(start, 200 + LOCK) });
    // Time travel: before the extension the lock ran to its first end; after it, to the new one.
    expect((await gridAsOf(auditor, eventId, at(start, 100))).seats.find((s: { id: string }) => s.id === 'E1').lockedUntil).toBe(at(start, LOCK));
    expect((await gridAsOf(auditor, eventId, at(start, 350))).seats.find((s: { id: string }) => s.id === 'E1')).toMatchObject({ status: 'locked', lockedUntil: at(start, 200 + LOCK) });
  });

  it('stops at the ceiling, then answers 409 hold_cap_reached and records nothing', async () => {
    const { client } = await newUser(server, 'buyer');
    const start = server.clock.now().getTime();
    await lockAll(client, eventId, ['F1']);
    server.clock.advance(250);
    expect((await extend(client)).body.seats[0].lockedUntil).toBe(at(start, 250 + LOCK));
    server.clock.advance(250);
    expect((await extend(client)).body.seats[0].lockedUntil).toBe(at(start, 500 + LOCK));
    server.clock.advance(200); // 700 s after the lock: 1000 would pass the 900 s ceiling
    expect((await extend(client)).body.seats[0].lockedUntil).toBe(at(start, CEILING));
    server.clock.advance(100);
    const before = await logLength(auditor);
    const refused = await extend(client);
    expectProblem(refused, 409, 'hold_cap_reached');
    expect(refused.body.detail).toBe('Your seats are held for as long as they can be (15 minutes from when you took them); reserve them before the time runs out.');
    expect(await logLength(auditor)).toBe(before);
  });

  it('extends what it can and lists every seat held, those at the ceiling too (a partial extension is a 200)', async () => {
    const { client } = await newUser(server, 'buyer');
    const start = server.clock.now().getTime();
    await lockAll(client, eventId, ['G1']);
    for (const step of [250, 250, 200]) {
      server.clock.advance(step);
      await extend(client);
    }
    // G1 now runs to its ceiling, 900 s after it was taken; G2 is taken now, 700 s in.
    await lockAll(client, eventId, ['G2']);
    server.clock.advance(100);
    const reply = await extend(client);
    expect(reply.status).toBe(200);
    expect(Object.fromEntries(reply.body.seats.map((s: { id: string; lockedUntil: string }) => [s.id, s.lockedUntil]))).toEqual({
      G1: at(start, CEILING),
      G2: at(start, 800 + LOCK),
    });
  });

  it('keeps an extended lock through its first end: the sweeper ends it at the new end only', async () => {
    const { client } = await newUser(server, 'buyer');
    await lockAll(client, eventId, ['H1']);
    server.clock.advance(250);
    await extend(client);
    server.clock.advance(100); // past the first end (300 s), before the new one (550 s)
    await server.sweep();
    expect(await seatOf(client, eventId, 'H1')).toMatchObject({ status: 'locked', mine: true });
    expect((await seatHistory(auditor, eventId, 'H1')).map((e) => e.type)).toEqual(['SeatLocked', 'SeatLockExtended']);
    server.clock.advance(200);
    await server.sweep();
    expect((await seatOf(client, eventId, 'H1')).status).toBe('available');
    expect((await seatHistory(auditor, eventId, 'H1')).at(-1)).toMatchObject({ type: 'SeatReleased', data: { reason: 'expired' } });
  });

  it('answers 409 not_lock_owner to a caller who holds nothing in the event, another\'s seats untouched', async () => {
    const { client: holder } = await newUser(server, 'holder');
    await lockAll(holder, eventId, ['J1']);
    const { client } = await newUser(server, 'buyer');
    const before = await logLength(auditor);
    const refused = await extend(client);
    expectProblem(refused, 409, 'not_lock_owner');
    expect(refused.body.detail).toBe('You hold no seats in this event; hold some first.');
    expect(await logLength(auditor)).toBe(before);
    expect((await grid(client, eventId)).filter((s) => s.mine)).toEqual([]);
  });

  it('answers 404 for an unknown event', async () => {
    const { client } = await newUser(server, 'buyer');
    expectProblem(await client.post('/api/events/00000000-0000-4000-8000-000000000000/holds/extend/'), 404, 'not_found');
  });

  it('answers 401 without a session and 400 to a body', async () => {
    const anonymous = server.client();
    await anonymous.get('/api/csrf/');
    expectProblem(await extend(anonymous), 401, 'unauthenticated');
    const { client } = await newUser(server, 'buyer');
    expectProblem(await client.post(`/api/events/${eventId}/holds/extend/`, { seconds: 600 }), 400, 'validation_failed');
  });
});
