/**
 * api.md "Best available and more time", issue 16: POST /api/events/{id}/best-available/ over
 * HTTP, on a layout event with an aisle, wheelchair places and two categories. The seats answered
 * are held by the caller in the grid; every rule of the section has a case, and every refusal
 * writes nothing.
 */
import { SeatGridCache } from '../../apps/api/src/seats/seat-grid/seat-grid-cache';
import { logLength, seatHistory } from '../support/audit';
import type { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { grid, lock, lockAll } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

/**
 * Stalls: row 1 of 10 premium seats with an aisle after seat 5 and wheelchair places 1 and 10;
 * row 2 of 8 standard seats. Balcony: row A of 6 standard seats.
 */
const venue = () => ({
  name: uniqueName('Recital'),
  venue: 'Small Hall',
  startsAt: '2027-05-01T19:30:00.000Z',
  currency: 'EUR',
  categories: [
    { key: 'premium', name: 'Premium', price: '80.00' },
    { key: 'standard', name: 'Standard', price: '45.00' },
  ],
  sections: [
    {
      key: 'stalls',
      name: 'Stalls',
      rows: [
        { label: '1', seats: 10, category: 'premium', aislesAfter: [5], accessible: [1, 10] },
        { label: '2', seats: 8, category: 'standard' },
      ],
    },
    { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 6, category: 'standard' }] },
  ],
});

describe('best available', () => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startServer({ MAX_SEATS_PER_USER: '6' });
    admin = await server.as('admin');
  });
  afterAll(() => server.close());

  async function newEvent(): Promise<string> {
    const reply = await admin.post('/api/admin/events/', venue());
    expect(reply.status).toBe(201);
    return reply.body.event.id;
  }
  const best = (client: Client, eventId: string, body: unknown) => client.post(`/api/events/${eventId}/best-available/`, body);
  const labels = (reply: { body: { seats: { label: string }[] } }) => reply.body.seats.map((s) => s.label);

  it('holds adjacent seats nearest the front centre for the caller, as locks would', async () => {
    const eventId = await newEvent();
    const { client, username } = await newUser(server, 'buyer');
    const reply = await best(client, eventId, { count: 2 });
    expect(reply.status).toBe(200);
    // Front rows first, counted from each section's front: the stalls' row 1 and the balcony's row
    // A. In row 1 the best pair is 4-5 (the aisle after 5 puts the centre, 5.5, between runs); A-3
    // and A-4 sit on the balcony's centre itself.
    expect(labels(reply)).toEqual(['A-3', 'A-4']);
    expect(reply.body.together).toBe(true);
    expect(reply.body.seats[0]).toMatchObject({ id: 'balcony-A-3', section: 'balcony', row: 'A', number: 3, category: 'standard', price: '45.00', accessible: false, status: 'locked', lockedBy: username, mine: true });
    const held = (await grid(client, eventId)).filter((s) => s.mine);
    expect(held.map((s) => s.id)).toEqual(['balcony-A-3', 'balcony-A-4']);
    expect(held.every((s) => s.status === 'locked' && s.lockedUntil === reply.body.seats[0].lockedUntil)).toBe(true);
    // The next buyer gets the stalls' best pair: 4-5 and 6-7 are as near the centre; the lower wins.
    const { client: next } = await newUser(server, 'buyer');
    expect(labels(await best(next, eventId, { count: 2 }))).toEqual(['1-4', '1-5']);
  });

  it('never puts a group across the aisle', async () => {
    const eventId = await newEvent();
    const { client } = await newUser(server, 'buyer');
    // Row 1 has 8 free seats that are not wheelchair places, but 4 and 4 either side of the aisle:
    // 6 together are in row 2, 1-6 (2-7 would strand 1 and 8).
    expect(labels(await best(client, eventId, { count: 6, section: 'stalls' }))).toEqual(['2-1', '2-2', '2-3', '2-4', '2-5', '2-6']);
  });

  it('strands no single seat when another choice exists', async () => {
    const eventId = await newEvent();
    const { client: holder } = await newUser(server, 'holder');
    await lockAll(holder, eventId, ['balcony-A-1']);
    const { client } = await newUser(server, 'buyer');
    // are the centre, but would leave A-2 alone between two taken seats.
    expect(labels(await best(client, eventId, { count: 2, section: 'balcony' }))).toEqual(['A-2', 'A-3']);
  });

  it('chooses again when a seat it chose was taken meanwhile, and gives back what it had locked', async () => {
    const eventId = await newEvent();
    // The grid as it is now, kept for the call below: as if the projection lagged behind bob's lock.
    const cache = server.app.get(SeatGridCache);
    const now = (await cache.seats(eventId))!;
    const ids = (await grid(admin, eventId)).map((s) => s.id);
    const frozen = new Map(ids.map((id) => [id, structuredClone(now(id))]));
    const { client: bob, username: bobName } = await newUser(server, 'bob');
    expect((await lock(bob, eventId, 'balcony-A-4')).status).toBe(200);
    const stale = jest.spyOn(cache, 'seats').mockImplementation(async () => (id: string) => frozen.get(id));
    try {
      const { client: alice, username: aliceName } = await newUser(server, 'alice');
      // First choice A-3 + A-4 (the grid says A-4 is free): A-3 is locked, A-4's lock fails, A-3 is
      // unlocked; without A-4, 5-6 strand nothing (A-3 alone would be stranded by 1-2 or 2-3).
      const reply = await best(alice, eventId, { count: 2, section: 'balcony' });
      expect(reply.status).toBe(200);
      expect(labels(reply)).toEqual(['A-5', 'A-6']);
      const seats = await grid(admin, eventId);
      const state = (id: string) => seats.find((s) => s.id === id);
      expect(state('balcony-A-4')).toMatchObject({ status: 'locked', lockedBy: bobName });
      expect(state('balcony-A-3')).toMatchObject({ status: 'available' });
      expect(state('balcony-A-5')).toMatchObject({ status: 'locked', lockedBy: aliceName });
      const auditor = await server.as('auditor');
      expect((await seatHistory(auditor, eventId, 'balcony-A-3')).map((e) => e.type)).toEqual(['SeatLocked', 'SeatReleased']);
    } finally {
      stale.mockRestore();
    }
  });

  it('keeps to a category, a section, and the wheelchair places asked for', async () => {
    const eventId = await newEvent();
    const { client } = await newUser(server, 'buyer');
    expect(labels(await best(client, eventId, { count: 2, category: 'premium' }))).toEqual(['1-4', '1-5']);
    expect(labels(await best(client, eventId, { count: 2, section: 'balcony' }))).toEqual(['A-3', 'A-4']);
    // One wheelchair place and its neighbour: 1-2 would leave 1-3 alone (4 is taken), 9-10 strands nothing.
    const wheelchair = await best(client, eventId, { count: 2, accessible: 1 });
    expect(labels(wheelchair)).toEqual(['1-9', '1-10']);
    expect(wheelchair.body.seats.map((s: { accessible: boolean }) => s.accessible)).toEqual([false, true]);
  });

  it('answers 409 not_enough_seats when no seats together are free, and the best seats apart with allowSplit', async () => {
    const eventId = await newEvent();
    const { client } = await newUser(server, 'holder');
    // The balcony's row A keeps seats 1, 3 and 5 free.
    await lockAll(client, eventId, ['balcony-A-2', 'balcony-A-4', 'balcony-A-6']);
    const { client: buyer } = await newUser(server, 'buyer');
    const before = await logLength(admin);
    const refused = await best(buyer, eventId, { count: 2, section: 'balcony' });
    expectProblem(refused, 409, 'not_enough_seats');
    expect(refused.body.detail).toBe('No 2 seats together in section balcony: try fewer seats, another category or section, or seats apart (allowSplit).');
    expect(await logLength(admin)).toBe(before);
    const apart = await best(buyer, eventId, { count: 2, section: 'balcony', allowSplit: true });
    expect(apart.status).toBe(200);
    expect(labels(apart)).toEqual(['A-3', 'A-5']);
    expect(apart.body.together).toBe(false);
    expectProblem(await best(buyer, eventId, { count: 2, section: 'balcony', allowSplit: true }), 409, 'not_enough_seats');
  });

  it('counts the seats asked for against MAX_SEATS_PER_USER with the live locks held', async () => {
    const eventId = await newEvent();
    const { client } = await newUser(server, 'buyer');
    expect((await best(client, eventId, { count: 4 })).status).toBe(200);
    const before = await logLength(admin);
    const refused = await best(client, eventId, { count: 3 });
    expectProblem(refused, 409, 'seat_limit_reached');
    expect(refused.body.detail).toBe('You hold 4 seats in this event; 3 more would pass the limit of 6; reserve or release some first.');
    expect(await logLength(admin)).toBe(before);
    expect((await best(client, eventId, { count: 2 })).status).toBe(200);
  });

  it('refuses a body outside the contract with 400 naming the field, and writes nothing', async () => {
    const eventId = await newEvent();
    const { client } = await newUser(server, 'buyer');
    const before = await logLength(admin);
    expectValidation(await best(client, eventId, {}), 'count');
    expectValidation(await best(client, eventId, { count: 0 }), 'count');
    expectValidation(await best(client, eventId, { count: 1.5 }), 'count');
    expectValidation(await best(client, eventId, { count: 7 }), 'count');
    expectValidation(await best(client, eventId, { count: '2' }), 'count');
    expectValidation(await best(client, eventId, { count: 2, accessible: 3 }), 'accessible');
    expectValidation(await best(client, eventId, { count: 2, accessible: -1 }), 'accessible');
    expectValidation(await best(client, eventId, { count: 2, allowSplit: 'yes' }), 'allowSplit');
    expectValidation(await best(client, eventId, { count: 2, seats: 2 }), 'seats');
    const category = await best(client, eventId, { count: 2, category: 'gold' });
    expectValidation(category, 'category');
    expect(category.body.detail).toBe('This event has no price category "gold"; it has premium, standard.');
    expectValidation(await best(client, eventId, { count: 2, section: 'circle' }), 'section');
    expect(await logLength(admin)).toBe(before);
    expect((await grid(client, eventId)).some((s) => s.mine)).toBe(false);
  });

  it('answers 404 for an unknown event and 401 without a session', async () => {
    const { client } = await newUser(server, 'buyer');
    expectProblem(await best(client, '00000000-0000-4000-8000-000000000000', { count: 1 }), 404, 'not_found');
    const anonymous = server.client();
    await anonymous.get('/api/csrf/');
    expectProblem(await best(anonymous, await newEvent(), { count: 1 }), 401, 'unauthenticated');
  });

  it('counts as many locks as seats against the per-user rate limit', async () => {
    const limited = await startServer({ LOCK_RATE_PER_SECOND: '1000', LOCK_RATE_PER_MINUTE: '5', MAX_SEATS_PER_USER: '10' });
    try {
      const limitedAdmin = await limited.as('admin');
      const eventId = (await limitedAdmin.post('/api/admin/events/', venue())).body.event.id;
      const { client } = await newUser(limited, 'buyer');
      expect((await best(client, eventId, { count: 4 })).status).toBe(200);
      const refused = await best(client, eventId, { count: 2 });
      expectProblem(refused, 429, 'rate_limited');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
