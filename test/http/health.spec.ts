/** api.md "Operations": GET /api/health/. */
import { storeDown } from '../support/faults';
import { startServer, type TestServer } from '../support/server';

describe('health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers 200 with both stores up and the projection lag, to anyone', async () => {
    const reply = await server.client().get('/api/health/');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toEqual({ status: 'ok', eventStore: 'up', readStore: 'up', projectionLagMs: expect.any(Number) });
    expect(reply.body.projectionLagMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a projection lag well under the 3 s polling interval after a write', async () => {
    const alice = await server.as('alice');
    await alice.post(`/api/events/${await server.eventId()}/seats/A1/lock/`);
    const reply = await server.client().get('/api/health');
    expect(reply.body.projectionLagMs).toBeLessThan(3000);
  });

  it('answers 503 with the same shape, status unavailable and the event store down, when the event store is down', async () => {
    const down = storeDown(server, 'event store', ['ping']);
    try {
      const reply = await server.client().get('/api/health/');
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({ status: 'unavailable', eventStore: 'down', readStore: 'up', projectionLagMs: expect.any(Number) });
    } finally {
      down.restore();
    }
    expect((await server.client().get('/api/health/')).status).toBe(200);
  });

  it('answers 503 with the read store down when the read store is down', async () => {
    const down = storeDown(server, 'read store', ['ping']);
    try {
      const reply = await server.client().get('/api/health/');
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({ status: 'unavailable', eventStore: 'up', readStore: 'down', projectionLagMs: expect.any(Number) });
    } finally {
      down.restore();
    }
  });

  it('answers the same at /api/health without the trailing slash', async () => {
    const reply = await server.client().get('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('ok');
  });
});
