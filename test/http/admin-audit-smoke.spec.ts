import { startServer, type TestServer } from '../support/server';

describe('admin and audit, first look', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('lets an admin create an event that then appears in the event list', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/admin/events/', {
      name: 'Opera', venue: 'Hall B', startsAt: '2027-01-10T19:00:00.000Z', currency: 'EUR',
      rows: [{ label: 'A', seats: 3, price: '80.00' }, { label: 'B', seats: 2, price: '60.00' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.event).toMatchObject({ name: 'Opera', seatCount: 5, availableCount: 5 });
    const list = await server.client().get('/api/events/');
    expect(list.body.events.map((e: { name: string }) => e.name)).toContain('Opera');
  });

  it('shows the grid as of a time before a lock, between lock and reserve, and after', async () => {
    const alice = await server.as('alice');
    const auditor = await server.as('auditor');
    const eventId = await server.eventId();
    const before = server.clock.now().toISOString();
    server.clock.advance(10);
    await alice.post(`/api/events/${eventId}/seats/J1/lock/`);
    server.clock.advance(10);
    const between = server.clock.now().toISOString();
    server.clock.advance(10);
    expect((await alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['J1'] })).status).toBe(201);
    server.clock.advance(10);
    const after = server.clock.now().toISOString();
    const statusAt = async (t: string) =>
      (await auditor.get(`/api/audit/events/${eventId}/seats/?asOf=${t}`)).body.seats.find((s: { id: string }) => s.id === 'J1').status;
    expect(await statusAt(before)).toBe('available');
    expect(await statusAt(between)).toBe('locked');
    expect(await statusAt(after)).toBe('reserved');
    const log = await auditor.get('/api/audit/log/?limit=5');
    expect(log.body.entries).toHaveLength(5);
    expect(log.text).not.toContain('passwordHash');
    expect(log.text).not.toContain('scrypt$');
  });
});
