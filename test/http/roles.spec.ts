/**
 * api.md "Admin" and "Audit", issue 4: who may call every admin and audit route. Anonymous
 * callers get 401 unauthenticated, a plain user 403 forbidden, an auditor 403 on admin routes and
 * 200 on audit ones, an admin 2xx on both. A refused call writes nothing.
 */
import { logLength } from '../support/audit';
import type { Client } from '../support/client';
import { expectProblem } from '../support/problem';
import { startServer, type TestServer } from '../support/server';
import { uniqueName } from '../support/users';

type Who = 'anonymous' | 'alice' | 'auditor' | 'admin';

interface Route {
  /** As a person reads it in a test name. */
  name: string;
  area: 'admin' | 'audit';
  method: 'GET' | 'POST';
  /** The admin's success status. */
  ok: number;
  path(eventId: string): string;
  body?(): unknown;
}

const newEventBody = () => ({
  name: uniqueName('Roles show'),
  venue: 'Hall R',
  startsAt: '2030-01-01T20:00:00.000Z',
  currency: 'EUR',
  rows: [{ label: 'A', seats: 2, price: '10.00' }],
});

const ROUTES: Route[] = [
  { name: 'POST /api/admin/events/', area: 'admin', method: 'POST', ok: 201, path: () => '/api/admin/events/', body: newEventBody },
  { name: 'GET /api/admin/users/', area: 'admin', method: 'GET', ok: 200, path: () => '/api/admin/users/' },
  { name: 'GET /api/admin/users (no trailing slash)', area: 'admin', method: 'GET', ok: 200, path: () => '/api/admin/users' },
  {
    name: 'POST /api/admin/users/',
    area: 'admin',
    method: 'POST',
    ok: 201,
    path: () => '/api/admin/users/',
    body: () => ({ username: uniqueName('made'), password: 'a-good-password', roles: ['user'] }),
  },
  // J12 is never touched in this file: the admin's release of a free seat answers 200.
  { name: 'POST /api/admin/events/{eventId}/seats/{seatId}/release/', area: 'admin', method: 'POST', ok: 200, path: (e) => `/api/admin/events/${e}/seats/J12/release/` },
  { name: 'POST /api/admin/projections/rebuild/', area: 'admin', method: 'POST', ok: 202, path: () => '/api/admin/projections/rebuild/' },
  { name: 'GET /api/admin/projections/rebuild/', area: 'admin', method: 'GET', ok: 200, path: () => '/api/admin/projections/rebuild/' },
  { name: 'GET /api/audit/log/', area: 'audit', method: 'GET', ok: 200, path: () => '/api/audit/log/?limit=5' },
  { name: 'GET /api/audit/log (no trailing slash)', area: 'audit', method: 'GET', ok: 200, path: () => '/api/audit/log?limit=5' },
  { name: 'GET /api/audit/events/{eventId}/seats/{seatId}/history/', area: 'audit', method: 'GET', ok: 200, path: (e) => `/api/audit/events/${e}/seats/A1/history/` },
  {
    name: 'GET /api/audit/events/{eventId}/seats/?asOf=',
    area: 'audit',
    method: 'GET',
    ok: 200,
    path: (e) => `/api/audit/events/${e}/seats/?asOf=${encodeURIComponent('2026-12-01T10:00:00.000Z')}`,
  },
  { name: 'GET /api/audit/verify/', area: 'audit', method: 'GET', ok: 200, path: () => '/api/audit/verify/' },
];

/** What each role gets, per area of the API. */
const EXPECTED: Record<Who, { admin: [number, string] | 'ok'; audit: [number, string] | 'ok' }> = {
  anonymous: { admin: [401, 'unauthenticated'], audit: [401, 'unauthenticated'] },
  alice: { admin: [403, 'forbidden'], audit: [403, 'forbidden'] },
  auditor: { admin: [403, 'forbidden'], audit: 'ok' },
  admin: { admin: 'ok', audit: 'ok' },
};

const CASES = (Object.keys(EXPECTED) as Who[]).flatMap((who) =>
  ROUTES.map((route) => {
    const expected = EXPECTED[who][route.area];
    const outcome = expected === 'ok' ? `${route.ok}` : `${expected[0]} ${expected[1]}`;
    return { who, route, expected, title: `${who} gets ${outcome} on ${route.name}` };
  }),
);

describe('roles on the admin and audit routes', () => {
  let server: TestServer;
  let eventId: string;
  let clients: Record<Who, Client>;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    const anonymous = server.client();
    await anonymous.get('/api/csrf/'); // a valid CSRF token: the refusal must be about the missing login
    clients = { anonymous, alice: await server.as('alice'), auditor: await server.as('auditor'), admin: await server.as('admin') };
    admin = await server.as('admin');
  });
  afterAll(async () => {
    // A rebuild started by a case must end before the stores close.
    for (let i = 0; i < 1000; i++) {
      const status = (await admin.get('/api/admin/projections/rebuild/')).body?.rebuild?.status;
      if (status !== 'running') break;
    }
    await server.close();
  });

  it.each(CASES)('$title', async ({ who, route, expected }) => {
    const before = route.method === 'POST' ? await logLength(admin) : 0;
    const reply = await clients[who].request(route.method, route.path(eventId), route.body?.());
    if (expected === 'ok') {
      expect({ status: reply.status, text: reply.text }).toEqual({ status: route.ok, text: reply.text });
      return;
    }
    expectProblem(reply, expected[0], expected[1]);
    if (route.method === 'POST') expect(await logLength(admin)).toBe(before);
  });

  it('tells a user whose session was logged out 401 unauthenticated on both areas', async () => {
    const auditor = await server.as('auditor');
    expect((await auditor.get('/api/audit/verify/')).status).toBe(200);
    expect((await auditor.post('/api/logout/')).status).toBe(204);
    expectProblem(await auditor.get('/api/audit/verify/'), 401, 'unauthenticated');
    expectProblem(await auditor.get('/api/admin/users/'), 401, 'unauthenticated');
  });
});
