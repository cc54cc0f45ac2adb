/**
 * api.md "Venue layouts", issue 15: an event described as sections and price categories, read back
 * over HTTP (the layout, seats available per category, priceFrom, grid entries with section,
 * category and wheelchair places), and every rule of the section refused with 400 naming the field,
 * with nothing written.
 */
import { logLength } from '../support/audit';
import type { Client } from '../support/client';
import { expectValidation } from '../support/problem';
import { grid, lock, lockAndReserve } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const CATEGORIES = [
  { key: 'premium', name: 'Premium', price: '80.00' },
  { key: 'standard', name: 'Standard', price: '45.00' },
];
const SECTIONS = [
  {
    key: 'stalls',
    name: 'Stalls',
    rows: [
      { label: '1', seats: 6, category: 'premium', aislesAfter: [3], accessible: [6, 1] },
      { label: '2', seats: 4, firstNumber: 101, category: 'standard' },
    ],
  },
  { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 3, category: 'standard' }] },
];

const layoutEvent = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('Hamlet'),
  venue: 'Globe',
  startsAt: '2027-03-01T19:30:00.000Z',
  currency: 'EUR',
  categories: CATEGORIES,
  sections: SECTIONS,
  ...overrides,
});

/** The layout with one row of the first section changed. */
const withRow = (patch: Record<string, unknown>) =>
  layoutEvent({ sections: [{ ...SECTIONS[0], rows: [{ ...SECTIONS[0].rows[0], ...patch }, SECTIONS[0].rows[1]] }, SECTIONS[1]] });

describe('venue layouts', () => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startServer();
    admin = await server.as('admin');
  });
  afterAll(() => server.close());

  const eventList = async () => (await server.client().get('/api/events/')).body.events;

  describe('an event with sections and categories', () => {
    let eventId: string;
    beforeAll(async () => {
      const reply = await admin.post('/api/admin/events/', layoutEvent());
      expect(reply.status).toBe(201);
      eventId = reply.body.event.id;
    });

    it('reads back its layout, in the shape it was given, with the seats available per category', async () => {
      const reply = await server.client().get(`/api/events/${eventId}/`);
      expect(reply.status).toBe(200);
      expect(reply.body.event).toEqual({
        id: eventId,
        name: expect.any(String),
        venue: 'Globe',
        startsAt: '2027-03-01T19:30:00.000Z',
        currency: 'EUR',
        seatCount: 13,
        availableCount: 13,
        priceFrom: '45.00',
        status: 'scheduled',
        salesOpen: true,
        categories: [
          { key: 'premium', name: 'Premium', price: '80.00', available: 6 },
          { key: 'standard', name: 'Standard', price: '45.00', available: 7 },
        ],
        sections: [
          {
            key: 'stalls',
            name: 'Stalls',
            rows: [
              { label: '1', seats: 6, firstNumber: 1, category: 'premium', aislesAfter: [3], accessible: [1, 6] },
              { label: '2', seats: 4, firstNumber: 101, category: 'standard', aislesAfter: [], accessible: [] },
            ],
          },
          { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 3, firstNumber: 1, category: 'standard', aislesAfter: [], accessible: [] }] },
        ],
      });
      expect(reply.body.event.rows).toBeUndefined();
    });

    it('lists it with priceFrom, the lowest category price', async () => {
      expect((await eventList()).find((e: { id: string }) => e.id === eventId)).toMatchObject({ priceFrom: '45.00', seatCount: 13 });
    });

    it('gives grid entries their section, category and wheelchair place, seats numbered from firstNumber, labelled within their section', async () => {
      const seats = await grid(server.client(), eventId);
      expect(seats.map((s) => s.label)).toEqual(['1-1', '1-2', '1-3', '1-4', '1-5', '1-6', '2-101', '2-102', '2-103', '2-104', 'A-1', 'A-2', 'A-3']);
      expect(new Set(seats.map((s) => s.id)).size).toBe(13);
      const first = seats[0] as unknown as Record<string, unknown>;
      expect(first).toMatchObject({ label: '1-1', section: 'stalls', row: '1', number: 1, category: 'premium', price: '80.00', accessible: true, status: 'available' });
      expect(seats[6]).toMatchObject({ label: '2-101', section: 'stalls', row: '2', number: 101, category: 'standard', price: '45.00', accessible: false });
      expect(seats[10]).toMatchObject({ label: 'A-1', section: 'balcony', row: 'A', category: 'standard' });
      expect(seats.filter((s) => (s as unknown as { accessible: boolean }).accessible).map((s) => s.label)).toEqual(['1-1', '1-6']);
    });

    it('takes locks and reservations on its seats at their category prices, and counts them out of their category', async () => {
      const { client } = await newUser(server);
      const seats = await grid(server.client(), eventId);
      const [premium, standard] = [seats[1].id, seats[7].id];
      const reservation = await lockAndReserve(client, eventId, [premium, standard]);
      expect(reservation).toMatchObject({ seats: ['1-2', '2-102'], totalPrice: '125.00' });
      await lock(client, eventId, seats[2].id);
      const { categories, availableCount } = (await server.client().get(`/api/events/${eventId}/`)).body.event;
      expect(categories.map((c: { available: number }) => c.available)).toEqual([4, 6]);
      expect(availableCount).toBe(10);
    });
  });

  it('accepts alphanumeric row labels, 200 seats in a row, and a simple-form event beside it', async () => {
    const reply = await admin.post('/api/admin/events/', layoutEvent({ sections: [{ key: 'block-104', name: 'Block 104', rows: [{ label: 'AA1', seats: 200, category: 'premium' }, { label: '40', seats: 1, category: 'standard' }] }] }));
    expect(reply.status).toBe(201);
    expect(reply.body.event.seatCount).toBe(201);
    const seats = await grid(server.client(), reply.body.event.id);
    expect([seats[0].label, seats[199].label, seats[200].label]).toEqual(['AA1-1', 'AA1-200', '40-1']);
  });

  it('accepts a 100,000-seat layout (more than 64 KB of JSON) and answers its grid', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ label: String(i + 1), seats: 50, category: 'premium', accessible: [1, 50], aislesAfter: [25] }));
    const sections = ['north', 'east', 'south', 'west'].map((key) => ({ key, name: `Block ${key}`, rows }));
    const body = layoutEvent({ categories: [CATEGORIES[0]], sections });
    expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
    const reply = await admin.post('/api/admin/events/', body);
    expect(reply.status).toBe(201);
    expect(reply.body.event).toMatchObject({ seatCount: 100_000, availableCount: 100_000 });
    expect(await grid(server.client(), reply.body.event.id)).toHaveLength(100_000);
  });

  const INVALID: { what: string; body: () => Record<string, unknown>; field: string }[] = [
    { what: 'rows and sections together', body: () => layoutEvent({ rows: [{ label: 'A', seats: 2, price: '10.00' }] }), field: 'rows' },
    { what: 'no seat map at all', body: () => layoutEvent({ sections: undefined, categories: undefined }), field: 'rows' },
    { what: 'sections without categories', body: () => layoutEvent({ categories: undefined }), field: 'categories' },
    { what: 'categories without sections', body: () => layoutEvent({ sections: undefined }), field: 'sections' },
    { what: 'a section key with capitals', body: () => layoutEvent({ sections: [{ ...SECTIONS[0], key: 'Stalls' }, SECTIONS[1]] }), field: 'sections[0].key' },
    { what: 'a section key of 17 characters', body: () => layoutEvent({ sections: [{ ...SECTIONS[0], key: 'a'.repeat(17) }, SECTIONS[1]] }), field: 'sections[0].key' },
    { what: 'two sections with one key', body: () => layoutEvent({ sections: [SECTIONS[0], { ...SECTIONS[1], key: 'stalls' }] }), field: 'sections' },
    { what: 'a category key with a space', body: () => layoutEvent({ categories: [{ ...CATEGORIES[0], key: 'top tier' }, CATEGORIES[1]] }), field: 'categories[0].key' },
    { what: 'two categories with one key', body: () => layoutEvent({ categories: [...CATEGORIES, { ...CATEGORIES[0], name: 'Again' }] }), field: 'categories' },
    { what: 'a category price "80"', body: () => layoutEvent({ categories: [{ ...CATEGORIES[0], price: '80' }, CATEGORIES[1]] }), field: 'categories[0].price' },
    { what: 'a row label of five characters', body: () => withRow({ label: '12345' }), field: 'sections[0].rows[0].label' },
    { what: 'a lower-case row label', body: () => withRow({ label: 'a' }), field: 'sections[0].rows[0].label' },
    { what: 'two rows of a section with one label', body: () => withRow({ label: '2' }), field: 'sections[0].rows' },
    { what: 'a row of 0 seats', body: () => withRow({ seats: 0 }), field: 'sections[0].rows[0].seats' },
    { what: 'a row of 201 seats', body: () => withRow({ seats: 201 }), field: 'sections[0].rows[0].seats' },
    { what: 'firstNumber 0', body: () => withRow({ firstNumber: 0 }), field: 'sections[0].rows[0].firstNumber' },
    { what: 'firstNumber 1.5', body: () => withRow({ firstNumber: 1.5 }), field: 'sections[0].rows[0].firstNumber' },
    { what: 'an aisle after the row\'s last seat', body: () => withRow({ aislesAfter: [6] }), field: 'sections[0].rows[0].aislesAfter[0]' },
    { what: 'an aisle after a seat the row does not have', body: () => withRow({ aislesAfter: [3, 9] }), field: 'sections[0].rows[0].aislesAfter[1]' },
    { what: 'aislesAfter that is not a list of numbers', body: () => withRow({ aislesAfter: ['3'] }), field: 'sections[0].rows[0].aislesAfter' },
    { what: 'a wheelchair place the row does not have', body: () => withRow({ accessible: [7] }), field: 'sections[0].rows[0].accessible[0]' },
    { what: 'a row naming a category that does not exist', body: () => withRow({ category: 'gold' }), field: 'sections[0].rows[0].category' },
    { what: 'a category no row uses', body: () => layoutEvent({ categories: [...CATEGORIES, { key: 'vip', name: 'VIP', price: '150.00' }] }), field: 'categories[2]' },
    { what: 'an unknown field in a row', body: () => withRow({ colour: 'red' }), field: 'sections[0].rows[0].colour' },
    { what: 'a section without rows', body: () => layoutEvent({ sections: [{ ...SECTIONS[0], rows: [] }, SECTIONS[1]] }), field: 'sections[0].rows' },
    {
      what: 'more than 100,000 seats',
      body: () => layoutEvent({ categories: [CATEGORIES[0]], sections: [{ key: 'arena', name: 'Arena', rows: Array.from({ length: 501 }, (_, i) => ({ label: String(i + 1), seats: 200, category: 'premium' })) }] }),
      field: 'sections',
    },
  ];

  it.each(INVALID)('refuses $what with 400 validation_failed naming $field, and writes nothing', async ({ body, field }) => {
    const events = await eventList();
    const length = await logLength(admin);
    const reply = await admin.post('/api/admin/events/', body());
    expectValidation(reply);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await eventList()).toEqual(events);
    expect(await logLength(admin)).toBe(length);
  });
});
