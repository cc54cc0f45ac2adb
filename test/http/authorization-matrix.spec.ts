/**
 * Issue 6: who may call what. Every route the router has, called by each of five callers, answers
 * exactly what the table below says. "owner" is the user who holds the lock or owns the
 * reservation the call is about (a fresh user per route); "other" is another plain user. Every
 * caller sends a valid CSRF token, so each refusal is about who is calling; a refused call writes
 * nothing to the history.
 */
import { expectNoSecrets, logLength } from '../support/audit';
import { Client, type Reply } from '../support/client';
import { expectProblem } from '../support/problem';
import { routeName, appRoutes } from '../support/routes';
import { lockAll, lockAndReserve } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const CALLERS = ['anonymous', 'owner', 'other', 'auditor', 'admin'] as const;
type Who = (typeof CALLERS)[number];

/** A status alone for a success, `[status, code]` for a problem. */
type Outcome = number | [number, string];

const UNAUTHENTICATED: Outcome = [401, 'unauthenticated'];
const FORBIDDEN: Outcome = [403, 'forbidden'];
const NOT_FOUND: Outcome = [404, 'not_found'];
const SEAT_UNAVAILABLE: Outcome = [409, 'seat_unavailable'];
const NOT_LOCK_OWNER: Outcome = [409, 'not_lock_owner'];

/** Per route, what anonymous, owner, other, auditor and admin get, in that order. */
const TABLE: Record<string, [Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  // Session
  'GET /api/csrf/': [200, 200, 200, 200, 200],
  'POST /api/login/': [200, 200, 200, 200, 200],
  'POST /api/logout/': [204, 204, 204, 204, 204],
  'GET /api/me/': [UNAUTHENTICATED, 200, 200, 200, 200],
  'POST /api/register/': [201, 201, 201, 201, 201],
  // Events and seats: public reads; any logged-in user may lock, but only the holder holds
  'GET /api/events/': [200, 200, 200, 200, 200],
  'GET /api/events/:eventId/': [200, 200, 200, 200, 200],
  'GET /api/events/:eventId/seats/': [200, 200, 200, 200, 200],
  'POST /api/events/:eventId/seats/:seatId/lock/': [UNAUTHENTICATED, 200, SEAT_UNAVAILABLE, SEAT_UNAVAILABLE, SEAT_UNAVAILABLE],
  'POST /api/events/:eventId/seats/:seatId/unlock/': [UNAUTHENTICATED, 200, NOT_LOCK_OWNER, NOT_LOCK_OWNER, NOT_LOCK_OWNER],
  'POST /api/events/:eventId/reserve/': [UNAUTHENTICATED, 201, NOT_LOCK_OWNER, NOT_LOCK_OWNER, NOT_LOCK_OWNER],
  // Best available: any logged-in user gets seats of their own (each call holds a free one)
  'POST /api/events/:eventId/best-available/': [UNAUTHENTICATED, 200, 200, 200, 200],
  // More time: only on seats one holds; the others hold none in the event
  'POST /api/events/:eventId/holds/extend/': [UNAUTHENTICATED, 200, NOT_LOCK_OWNER, NOT_LOCK_OWNER, NOT_LOCK_OWNER],
  // Reservations: one's own only; another's is 404, to an admin too
  'GET /api/reservations/': [UNAUTHENTICATED, 200, 200, 200, 200],
  'GET /api/reservations/:reservationId/': [UNAUTHENTICATED, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
  'POST /api/reservations/:reservationId/cancel/': [UNAUTHENTICATED, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
  // Admin
  'POST /api/admin/events/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 201],
  'GET /api/admin/users/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/users/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 201],
  'POST /api/admin/events/:eventId/seats/:seatId/release/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/projections/rebuild/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 202],
  'GET /api/admin/projections/rebuild/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  // Box office: admins only, whoever owns the booking or account it is about
  'PATCH /api/admin/events/:eventId/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/events/:eventId/sales/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/events/:eventId/cancel/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/events/:eventId/seats/:seatId/block/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/events/:eventId/seats/:seatId/unblock/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'GET /api/admin/reservations/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'POST /api/admin/reservations/:reservationId/cancel/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'PATCH /api/admin/users/:userId/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'GET /api/admin/events/:eventId/attendees.csv': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  'GET /api/admin/events/:eventId/sales/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, 200],
  // Audit: auditors, and admins
  'GET /api/audit/log/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, 200, 200],
  'GET /api/audit/events/:eventId/seats/:seatId/history/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, 200, 200],
  'GET /api/audit/events/:eventId/seats/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, 200, 200],
  'GET /api/audit/verify/': [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, 200, 200],
  // Operations and the API reference: public
  'GET /api/health/': [200, 200, 200, 200, 200],
  'GET /api/openapi.json': [200, 200, 200, 200, 200],
  'GET /api/docs/': [200, 200, 200, 200, 200],
  'GET /api/docs/index.html': [200, 200, 200, 200, 200],
  'GET /api/docs/swagger-ui-init.js': [200, 200, 200, 200, 200],
  'GET /api/docs/docs/swagger-ui-init.js': [200, 200, 200, 200, 200],
  // @nestjs/swagger registers this path only to keep swagger-ui-dist's LICENSE file from being served
  // (the router, matching paths whatever their case, keeps it in lower case).
  'GET /api/docs/license/': [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
};

/** What a cell needs: the callers, the route's owner, a fresh seat, the ids and the account that login uses. */
interface Ctx {
  server: TestServer;
  eventId: string;
  owner: { client: Client; username: string; password: string };
  caller: Client;
  seat(): string;
  loginAccount: { username: string; password: string };
}

interface Request {
  path: string;
  body?: unknown;
  /** More to see in a successful answer than its status. */
  see?(reply: Reply): void | Promise<void>;
}

const newEvent = () => ({
  name: uniqueName('Matrix show'),
  venue: 'Hall M',
  startsAt: '2030-01-01T20:00:00.000Z',
  currency: 'EUR',
  rows: [{ label: 'A', seats: 2, price: '10.00' }],
});

/** A new event of 2 seats, for a cell that needs one to itself; its id. */
async function ownEvent(server: TestServer): Promise<string> {
  const reply = await (await server.as('admin')).post('/api/admin/events/', newEvent());
  if (reply.status !== 201) throw new Error(`event: ${reply.status} ${reply.text}`);
  return reply.body.event.id;
}

/** How to call each route for one cell; what state it sets up first is the cell's own. */
const REQUESTS: Record<string, (ctx: Ctx, who: Who) => Promise<Request>> = {
  'GET /api/csrf/': async () => ({ path: '/api/csrf/' }),
  'POST /api/login/': async ({ loginAccount }) => ({ path: '/api/login/', body: loginAccount, see: (r) => expect(r.body.user.username).toBe(loginAccount.username) }),
  'POST /api/logout/': async () => ({ path: '/api/logout/' }),
  'GET /api/me/': async () => ({ path: '/api/me/', see: (r) => expectNoSecrets(r) }),
  'POST /api/register/': async () => ({ path: '/api/register/', body: { username: uniqueName('mx-reg'), password: 'long-enough' }, see: (r) => expect(r.body.user.roles).toEqual(['user']) }),
  'GET /api/events/': async () => ({ path: '/api/events/' }),
  'GET /api/events/:eventId/': async ({ eventId }) => ({ path: `/api/events/${eventId}/` }),
  'GET /api/events/:eventId/seats/': async ({ eventId, owner, seat }, who) => {
    const seatId = seat();
    await lockAll(owner.client, eventId, [seatId]);
    return {
      path: `/api/events/${eventId}/seats/`,
      // The holder's name only to the logged-in; `mine` only to the holder.
      see: (r) =>
        expect(r.body.seats.find((s: { id: string }) => s.id === seatId)).toMatchObject({
          status: 'locked',
          lockedBy: who === 'anonymous' ? null : owner.username,
          mine: who === 'owner',
        }),
    };
  },
  'POST /api/events/:eventId/seats/:seatId/lock/': async ({ eventId, owner, seat }) => {
    const seatId = seat();
    await lockAll(owner.client, eventId, [seatId]);
    return { path: `/api/events/${eventId}/seats/${seatId}/lock/` };
  },
  'POST /api/events/:eventId/seats/:seatId/unlock/': async ({ eventId, owner, seat }) => {
    const seatId = seat();
    await lockAll(owner.client, eventId, [seatId]);
    return { path: `/api/events/${eventId}/seats/${seatId}/unlock/` };
  },
  'POST /api/events/:eventId/reserve/': async ({ eventId, owner, seat }) => {
    const seatId = seat();
    await lockAll(owner.client, eventId, [seatId]);
    return { path: `/api/events/${eventId}/reserve/`, body: { seatIds: [seatId] } };
  },
  // Both on an event of their own: best available takes seats the other cells would want, and
  // more time needs an event where only the owner holds seats.
  'POST /api/events/:eventId/best-available/': async ({ server }) => ({ path: `/api/events/${await ownEvent(server)}/best-available/`, body: { count: 1 } }),
  'POST /api/events/:eventId/holds/extend/': async ({ server, owner }) => {
    const eventId = await ownEvent(server);
    await lockAll(owner.client, eventId, ['A1']);
    server.clock.advance(1); // a second later, so that more time is more
    return { path: `/api/events/${eventId}/holds/extend/` };
  },
  'GET /api/reservations/': async ({ eventId, owner, seat }, who) => {
    const reservation = await lockAndReserve(owner.client, eventId, [seat()]);
    return {
      path: '/api/reservations/',
      see: (r) => expect(r.body.reservations.some((x: { id: string }) => x.id === reservation.id)).toBe(who === 'owner'),
    };
  },
  'GET /api/reservations/:reservationId/': async ({ eventId, owner, seat }) => ({ path: `/api/reservations/${(await lockAndReserve(owner.client, eventId, [seat()])).id}/` }),
  'POST /api/reservations/:reservationId/cancel/': async ({ eventId, owner, seat }) => ({
    path: `/api/reservations/${(await lockAndReserve(owner.client, eventId, [seat()])).id}/cancel/`,
  }),
  'POST /api/admin/events/': async () => ({ path: '/api/admin/events/', body: newEvent() }),
  'GET /api/admin/users/': async () => ({ path: '/api/admin/users/', see: (r) => expectNoSecrets(r) }),
  'POST /api/admin/users/': async () => ({ path: '/api/admin/users/', body: { username: uniqueName('mx-made'), password: 'a-good-password', roles: ['admin'] } }),
  'POST /api/admin/events/:eventId/seats/:seatId/release/': async ({ eventId, owner, seat }) => {
    const seatId = seat();
    await lockAll(owner.client, eventId, [seatId]);
    return { path: `/api/admin/events/${eventId}/seats/${seatId}/release/` };
  },
  'POST /api/admin/projections/rebuild/': async () => ({ path: '/api/admin/projections/rebuild/' }),
  'GET /api/admin/projections/rebuild/': async () => ({ path: '/api/admin/projections/rebuild/' }),
  'PATCH /api/admin/events/:eventId/': async ({ server }) => ({ path: `/api/admin/events/${await ownEvent(server)}/`, body: { venue: 'Hall N' }, see: (r) => expect(r.body.event.venue).toBe('Hall N') }),
  'POST /api/admin/events/:eventId/sales/': async ({ server }) => ({ path: `/api/admin/events/${await ownEvent(server)}/sales/`, body: { open: false }, see: (r) => expect(r.body.event.salesOpen).toBe(false) }),
  'POST /api/admin/events/:eventId/cancel/': async ({ server, owner }) => {
    const eventId = await ownEvent(server);
    const booked = await lockAndReserve(owner.client, eventId, ['A1']);
    return {
      path: `/api/admin/events/${eventId}/cancel/`,
      body: { reason: 'Matrix' },
      see: async () => expect((await owner.client.get(`/api/reservations/${booked.id}/`)).body.reservation).toMatchObject({ status: 'cancelled', cancelledBy: 'organiser' }),
    };
  },
  'POST /api/admin/events/:eventId/seats/:seatId/block/': async ({ server }) => ({
    path: `/api/admin/events/${await ownEvent(server)}/seats/A1/block/`,
    body: { reason: 'House seat' },
    see: (r) => expect(r.body.seat.status).toBe('blocked'),
  }),
  'POST /api/admin/events/:eventId/seats/:seatId/unblock/': async ({ server }) => {
    const eventId = await ownEvent(server);
    await (await server.as('admin')).post(`/api/admin/events/${eventId}/seats/A2/block/`, { reason: 'House seat' });
    return { path: `/api/admin/events/${eventId}/seats/A2/unblock/`, see: (r) => expect(r.body.seat.status).toBe('available') };
  },
  'GET /api/admin/reservations/': async ({ eventId, owner, seat }) => {
    const booked = await lockAndReserve(owner.client, eventId, [seat()]);
    return { path: `/api/admin/reservations/?username=${owner.username}`, see: (r) => expect(r.body.reservations.map((x: { id: string }) => x.id)).toContain(booked.id) };
  },
  'POST /api/admin/reservations/:reservationId/cancel/': async ({ eventId, owner, seat }) => ({
    path: `/api/admin/reservations/${(await lockAndReserve(owner.client, eventId, [seat()])).id}/cancel/`,
    body: { reason: 'Matrix' },
    see: (r) => expect(r.body.reservation).toMatchObject({ status: 'cancelled', cancelledBy: 'admin' }),
  }),
  // On an account of its own: the owner's account keeps its role for the other cells.
  'PATCH /api/admin/users/:userId/': async ({ server }) => {
    const { client } = await newUser(server, 'mx-acct');
    const { id } = (await client.get('/api/me/')).body.user;
    return { path: `/api/admin/users/${id}/`, body: { roles: ['user', 'auditor'] }, see: (r) => expect(r.body.user.roles).toEqual(['user', 'auditor']) };
  },
  'GET /api/admin/events/:eventId/attendees.csv': async ({ eventId }) => ({ path: `/api/admin/events/${eventId}/attendees.csv` }),
  'GET /api/admin/events/:eventId/sales/': async ({ eventId }) => ({ path: `/api/admin/events/${eventId}/sales/` }),
  'GET /api/audit/log/': async () => ({ path: '/api/audit/log/?limit=5' }),
  'GET /api/audit/events/:eventId/seats/:seatId/history/': async ({ eventId }) => ({ path: `/api/audit/events/${eventId}/seats/A1/history/` }),
  'GET /api/audit/events/:eventId/seats/': async ({ eventId }) => ({ path: `/api/audit/events/${eventId}/seats/?asOf=${encodeURIComponent('2026-12-01T10:00:00.000Z')}` }),
  'GET /api/audit/verify/': async () => ({ path: '/api/audit/verify/' }),
  'GET /api/health/': async () => ({ path: '/api/health/' }),
  'GET /api/openapi.json': async () => ({ path: '/api/openapi.json' }),
  'GET /api/docs/': async () => ({ path: '/api/docs/' }),
  'GET /api/docs/index.html': async () => ({ path: '/api/docs/index.html' }),
  'GET /api/docs/swagger-ui-init.js': async () => ({ path: '/api/docs/swagger-ui-init.js' }),
  'GET /api/docs/docs/swagger-ui-init.js': async () => ({ path: '/api/docs/docs/swagger-ui-init.js' }),
  'GET /api/docs/license/': async () => ({ path: '/api/docs/LICENSE' }),
};

/** Routes whose call changes the caller's own session: each cell gets a session of its own. */
const SESSION_CHANGING = new Set(['POST /api/login/', 'POST /api/logout/', 'POST /api/register/']);

const describeOutcome = (o: Outcome) => (typeof o === 'number' ? `${o}` : `${o[0]} ${o[1]}`);

const CELLS = Object.entries(TABLE).flatMap(([route, outcomes]) =>
  CALLERS.map((who, i) => ({ route, who, expected: outcomes[i], title: `${route}: ${who} gets ${describeOutcome(outcomes[i])}` })),
);

describe('authorization matrix: every route times anonymous, owner, another user, auditor and admin', () => {
  let server: TestServer;
  let eventId: string;
  let shared: Record<Exclude<Who, 'owner'>, Client>;
  let other: { username: string; password: string };
  let loginAccount: { username: string; password: string };
  const owners = new Map<string, { client: Client; username: string; password: string }>();
  const free = 'ABCDEFGHIJ'.split('').flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`));
  const seat = () => {
    const next = free.shift();
    if (!next) throw new Error('the demo event has no seat left for this suite');
    return next;
  };

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    const anonymous = server.client();
    await anonymous.get('/api/csrf/');
    const otherUser = await newUser(server, 'mx-other');
    other = otherUser;
    shared = { anonymous, other: otherUser.client, auditor: await server.as('auditor'), admin: await server.as('admin') };
    const { username, password } = await newUser(server, 'mx-login');
    loginAccount = { username, password };
  });
  afterAll(async () => {
    const admin = await server.as('admin');
    for (let i = 0; i < 1000 && (await admin.get('/api/admin/projections/rebuild/')).body?.rebuild?.status === 'running'; i++);
    await server.close();
  });

  it('has a row for exactly the routes the router has', () => {
    expect(appRoutes(server).map(routeName).sort()).toEqual(Object.keys(TABLE).sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(Object.keys(TABLE).sort());
  });

  /** The caller of a cell: the shared one, or for a route that changes the session a fresh session of the same kind. */
  async function callerFor(route: string, who: Who, owner: { client: Client; username: string; password: string }): Promise<Client> {
    if (!SESSION_CHANGING.has(route)) return who === 'owner' ? owner.client : shared[who];
    if (who === 'anonymous') {
      const client = server.client();
      await client.get('/api/csrf/');
      return client;
    }
    if (who === 'owner') return new Client(server.url).login(owner.username, owner.password);
    if (who === 'other') return new Client(server.url).login(other.username, other.password);
    return server.as(who);
  }

  it.each(CELLS)('$title', async ({ route, who, expected }) => {
    if (!owners.has(route)) owners.set(route, await newUser(server, 'mx-owner'));
    const owner = owners.get(route)!;
    const caller = await callerFor(route, who, owner);
    const request = await REQUESTS[route]({ server, eventId, owner, caller, seat, loginAccount }, who);
    const method = route.split(' ')[0];
    const before = typeof expected === 'number' ? 0 : await logLength(shared.auditor);
    const reply = await caller.request(method, request.path, request.body);
    if (typeof expected === 'number') {
      expect({ status: reply.status, text: reply.text.slice(0, 300) }).toEqual({ status: expected, text: reply.text.slice(0, 300) });
      await request.see?.(reply);
      return;
    }
    expectProblem(reply, expected[0], expected[1]);
    expect(await logLength(shared.auditor)).toBe(before);
  });
});
