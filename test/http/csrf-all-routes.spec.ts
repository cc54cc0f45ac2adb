/**
 * api.md "Session and CSRF", issue 6: every unsafe route, as the router has them at runtime,
 * refuses a call without a valid X-XSRF-TOKEN with 403 csrf_failed and writes nothing. Each route
 * is called by a caller who may call it, with real ids, and the very same call with the right token
 * then succeeds: so it is the CSRF check that refused, not a 401, a 403 forbidden or a 404.
 */
import { wholeLog } from '../support/audit';
import { Client, type Reply } from '../support/client';
import { expectProblem } from '../support/problem';
import { sendRaw } from '../support/raw-http';
import { routeName, unsafeRoutes, type AppRoute } from '../support/routes';
import { lockAll, lockAndReserve, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

/** One call ready to send: who sends it, where, with what body, what it answers with the right token, and what must not have changed when it was refused. */
interface Call {
  caller: Client;
  path: string;
  body?: unknown;
  ok: number;
  /** Throws (via expect) if the refused calls changed anything this route would change. */
  unchanged(): Promise<void>;
}

type Scenario = (t: TestServer, eventId: string, seat: () => string) => Promise<Call>;

const newEvent = () => ({
  name: uniqueName('CSRF show'),
  venue: 'Hall C',
  startsAt: '2030-01-01T20:00:00.000Z',
  currency: 'EUR',
  rows: [{ label: 'A', seats: 2, price: '10.00' }],
});

const anonymousWithToken = async (t: TestServer): Promise<Client> => {
  const client = t.client();
  await client.get('/api/csrf/');
  return client;
};

/** Every unsafe route of api.md, keyed as routeName() shows it, with a caller allowed to call it. */
const SCENARIOS: Record<string, Scenario> = {
  'POST /api/login/': async (t) => {
    const caller = await anonymousWithToken(t);
    return {
      caller,
      path: '/api/login/',
      body: { username: 'alice', password: 'alice123' },
      ok: 200,
      unchanged: async () => expectProblem(await caller.get('/api/me/'), 401, 'unauthenticated'),
    };
  },
  'POST /api/logout/': async (t) => {
    const caller = await t.as('bob');
    return { caller, path: '/api/logout/', ok: 204, unchanged: async () => expect((await caller.get('/api/me/')).status).toBe(200) };
  },
  'POST /api/register/': async (t) => {
    const caller = await anonymousWithToken(t);
    const username = uniqueName('csrf-reg');
    return {
      caller,
      path: '/api/register/',
      body: { username, password: 'long-enough' },
      ok: 201,
      unchanged: async () => {
        expectProblem(await caller.get('/api/me/'), 401, 'unauthenticated');
        const users = (await (await t.as('admin')).get('/api/admin/users/')).body.users as { username: string }[];
        expect(users.map((u) => u.username)).not.toContain(username);
      },
    };
  },
  'POST /api/events/:eventId/seats/:seatId/lock/': async (t, eventId, seat) => {
    const { client: caller } = await newUser(t, 'csrf-lock');
    const seatId = seat();
    return {
      caller,
      path: `/api/events/${eventId}/seats/${seatId}/lock/`,
      ok: 200,
      unchanged: async () => expect((await seatOf(caller, eventId, seatId)).status).toBe('available'),
    };
  },
  'POST /api/events/:eventId/seats/:seatId/unlock/': async (t, eventId, seat) => {
    const { client: caller } = await newUser(t, 'csrf-unlock');
    const seatId = seat();
    await lockAll(caller, eventId, [seatId]);
    return {
      caller,
      path: `/api/events/${eventId}/seats/${seatId}/unlock/`,
      ok: 200,
      unchanged: async () => expect(await seatOf(caller, eventId, seatId)).toMatchObject({ status: 'locked', mine: true }),
    };
  },
  'POST /api/events/:eventId/reserve/': async (t, eventId, seat) => {
    const { client: caller } = await newUser(t, 'csrf-reserve');
    const seatId = seat();
    await lockAll(caller, eventId, [seatId]);
    return {
      caller,
      path: `/api/events/${eventId}/reserve/`,
      body: { seatIds: [seatId] },
      ok: 201,
      unchanged: async () => {
        expect(await seatOf(caller, eventId, seatId)).toMatchObject({ status: 'locked', mine: true });
        expect((await caller.get('/api/reservations/')).body.reservations).toEqual([]);
      },
    };
  },
  'POST /api/events/:eventId/best-available/': async (t) => {
    const { client: caller } = await newUser(t, 'csrf-best');
    // An event of its own: best available takes the front row's centre, which other scenarios use.
    const created = await (await t.as('admin')).post('/api/admin/events/', {
      name: uniqueName('csrf-best'),
      venue: 'Hall',
      startsAt: '2030-01-01T20:00:00.000Z',
      currency: 'EUR',
      rows: [{ label: 'A', seats: 4, price: '10.00' }],
    });
    const eventId = created.body.event.id as string;
    return {
      caller,
      path: `/api/events/${eventId}/best-available/`,
      body: { count: 2 },
      ok: 200,
      unchanged: async () => expect((await caller.get(`/api/events/${eventId}/seats/`)).body.seats.some((s: { mine: boolean }) => s.mine)).toBe(false),
    };
  },
  'POST /api/events/:eventId/holds/extend/': async (t, eventId, seat) => {
    const { client: caller } = await newUser(t, 'csrf-extend');
    const seatId = seat();
    await lockAll(caller, eventId, [seatId]);
    const lockedUntil = (await seatOf(caller, eventId, seatId)).lockedUntil;
    t.clock.advance(1); // a second later, so that more time is more
    return {
      caller,
      path: `/api/events/${eventId}/holds/extend/`,
      ok: 200,
      unchanged: async () => expect((await seatOf(caller, eventId, seatId)).lockedUntil).toBe(lockedUntil),
    };
  },
  'POST /api/reservations/:reservationId/cancel/': async (t, eventId, seat) => {
    const { client: caller } = await newUser(t, 'csrf-cancel');
    const reservation = await lockAndReserve(caller, eventId, [seat()]);
    return {
      caller,
      path: `/api/reservations/${reservation.id}/cancel/`,
      ok: 200,
      unchanged: async () => expect((await caller.get(`/api/reservations/${reservation.id}/`)).body.reservation.status).toBe('confirmed'),
    };
  },
  'POST /api/admin/events/': async (t) => {
    const caller = await t.as('admin');
    const body = newEvent();
    return {
      caller,
      path: '/api/admin/events/',
      body,
      ok: 201,
      unchanged: async () => expect((await caller.get('/api/events/')).body.events.map((e: { name: string }) => e.name)).not.toContain(body.name),
    };
  },
  'POST /api/admin/users/': async (t) => {
    const caller = await t.as('admin');
    const username = uniqueName('csrf-made');
    return {
      caller,
      path: '/api/admin/users/',
      body: { username, password: 'a-good-password', roles: ['auditor'] },
      ok: 201,
      unchanged: async () => expect((await caller.get('/api/admin/users/')).body.users.map((u: { username: string }) => u.username)).not.toContain(username),
    };
  },
  'POST /api/admin/events/:eventId/seats/:seatId/release/': async (t, eventId, seat) => {
    const caller = await t.as('admin');
    const { client: holder } = await newUser(t, 'csrf-holder');
    const seatId = seat();
    await lockAll(holder, eventId, [seatId]);
    return {
      caller,
      path: `/api/admin/events/${eventId}/seats/${seatId}/release/`,
      ok: 200,
      unchanged: async () => expect(await seatOf(holder, eventId, seatId)).toMatchObject({ status: 'locked', mine: true }),
    };
  },
  'PATCH /api/admin/events/:eventId/': async (t) => {
    const caller = await t.as('admin');
    const id = (await caller.post('/api/admin/events/', newEvent())).body.event.id;
    return { caller, path: `/api/admin/events/${id}/`, body: { venue: 'Hall D' }, ok: 200, unchanged: async () => expect((await caller.get(`/api/events/${id}/`)).body.event.venue).toBe('Hall C') };
  },
  'POST /api/admin/events/:eventId/sales/': async (t) => {
    const caller = await t.as('admin');
    const id = (await caller.post('/api/admin/events/', newEvent())).body.event.id;
    return { caller, path: `/api/admin/events/${id}/sales/`, body: { open: false }, ok: 200, unchanged: async () => expect((await caller.get(`/api/events/${id}/`)).body.event.salesOpen).toBe(true) };
  },
  'POST /api/admin/events/:eventId/cancel/': async (t) => {
    const caller = await t.as('admin');
    const id = (await caller.post('/api/admin/events/', newEvent())).body.event.id;
    return { caller, path: `/api/admin/events/${id}/cancel/`, body: { reason: 'CSRF' }, ok: 200, unchanged: async () => expect((await caller.get(`/api/events/${id}/`)).body.event.status).toBe('scheduled') };
  },
  'POST /api/admin/events/:eventId/seats/:seatId/block/': async (t, eventId, seat) => {
    const caller = await t.as('admin');
    const seatId = seat();
    return { caller, path: `/api/admin/events/${eventId}/seats/${seatId}/block/`, body: { reason: 'CSRF' }, ok: 200, unchanged: async () => expect((await seatOf(caller, eventId, seatId)).status).toBe('available') };
  },
  'POST /api/admin/events/:eventId/seats/:seatId/unblock/': async (t, eventId, seat) => {
    const caller = await t.as('admin');
    const seatId = seat();
    await caller.post(`/api/admin/events/${eventId}/seats/${seatId}/block/`, { reason: 'CSRF' });
    return { caller, path: `/api/admin/events/${eventId}/seats/${seatId}/unblock/`, ok: 200, unchanged: async () => expect((await seatOf(caller, eventId, seatId)).status).toBe('blocked') };
  },
  'POST /api/admin/reservations/:reservationId/cancel/': async (t, eventId, seat) => {
    const caller = await t.as('admin');
    const { client: owner } = await newUser(t, 'csrf-booked');
    const reservation = await lockAndReserve(owner, eventId, [seat()]);
    return {
      caller,
      path: `/api/admin/reservations/${reservation.id}/cancel/`,
      body: { reason: 'CSRF' },
      ok: 200,
      unchanged: async () => expect((await owner.get(`/api/reservations/${reservation.id}/`)).body.reservation.status).toBe('confirmed'),
    };
  },
  'PATCH /api/admin/users/:userId/': async (t) => {
    const caller = await t.as('admin');
    const { client: user } = await newUser(t, 'csrf-acct');
    const { id } = (await user.get('/api/me/')).body.user;
    return { caller, path: `/api/admin/users/${id}/`, body: { disabled: true }, ok: 200, unchanged: async () => expect((await user.get('/api/me/')).status).toBe(200) };
  },
  'POST /api/admin/projections/rebuild/': async (t) => {
    const caller = await t.as('admin');
    const before = (await caller.get('/api/admin/projections/rebuild/')).body.rebuild;
    return {
      caller,
      path: '/api/admin/projections/rebuild/',
      ok: 202,
      unchanged: async () => expect((await caller.get('/api/admin/projections/rebuild/')).body.rebuild).toEqual(before),
    };
  },
};

/** An unsafe call with exactly these cookies and, unless `token` is undefined, this X-XSRF-TOKEN header. */
async function send(method: string, base: string, path: string, cookies: Map<string, string>, token: string | undefined, body: unknown): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (token !== undefined) headers['X-XSRF-TOKEN'] = token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The forged and stale ways to send an unsafe call, each of which must be refused. */
async function badTokens(t: TestServer, caller: Client): Promise<{ name: string; cookies: Map<string, string>; token: string | undefined }[]> {
  const own = new Map(caller.cookies);
  const stranger = t.client();
  const strangersToken = (await stranger.get('/api/csrf/')).body.csrfToken as string;
  const withStrangersCookie = new Map(own);
  withStrangersCookie.set('XSRF-TOKEN', stranger.cookies.get('XSRF-TOKEN')!);
  const withoutCsrfCookie = new Map(own);
  withoutCsrfCookie.delete('XSRF-TOKEN');
  const ownToken = decodeURIComponent(own.get('XSRF-TOKEN') ?? '');
  return [
    { name: 'no X-XSRF-TOKEN header', cookies: own, token: undefined },
    { name: 'an empty header', cookies: own, token: '' },
    { name: 'a made-up token', cookies: own, token: 'not-a-real-token' },
    { name: 'its own token with one character changed', cookies: own, token: ownToken.slice(0, -1) + (ownToken.endsWith('a') ? 'b' : 'a') },
    { name: 'the token of another session', cookies: own, token: strangersToken },
    { name: 'another session\'s token in both cookie and header', cookies: withStrangersCookie, token: strangersToken },
    { name: 'the right header but no XSRF-TOKEN cookie', cookies: withoutCsrfCookie, token: ownToken },
  ];
}

describe('CSRF on every unsafe route the router has', () => {
  let server: TestServer;
  let eventId: string;
  let auditor: Client;
  let routes: AppRoute[];
  const free = 'ABCDEFGHIJ'.split('').flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`));
  const seat = () => {
    const next = free.shift();
    if (!next) throw new Error('the demo event has no seat left for this suite');
    return next;
  };

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    auditor = await server.as('auditor');
    routes = unsafeRoutes(server);
  });
  afterAll(async () => {
    const admin = await server.as('admin');
    for (let i = 0; i < 1000 && (await admin.get('/api/admin/projections/rebuild/')).body?.rebuild?.status === 'running'; i++);
    await server.close();
  });

  it('has a scenario for exactly the unsafe routes the router has, all of them POST or PATCH', () => {
    // A new unsafe route fails here until it gets a scenario below, and with it the checks.
    expect(routes.map(routeName).sort()).toEqual(Object.keys(SCENARIOS).sort());
    expect(new Set(routes.map((r) => r.method))).toEqual(new Set(['POST', 'PATCH']));
  });

  /** Every bad token is refused with 403 csrf_failed, the history and the route's own state unchanged; then the right token succeeds. */
  async function check(route: AppRoute): Promise<void> {
    const name = routeName(route);
    const call = await SCENARIOS[name](server, eventId, seat);
    const before = (await wholeLog(auditor)).length;
    for (const bad of await badTokens(server, call.caller)) {
      const reply = await send(route.method, server.url, call.path, bad.cookies, bad.token, call.body);
      expect({ route: name, sent: bad.name, status: reply.status, code: reply.body?.code }).toEqual({ route: name, sent: bad.name, status: 403, code: 'csrf_failed' });
      expectProblem(reply, 403, 'csrf_failed');
    }
    expect({ route: name, historyLength: (await wholeLog(auditor)).length }).toEqual({ route: name, historyLength: before });
    await call.unchanged();
    const allowed = await call.caller.request(route.method, call.path, call.body);
    expect({ route: name, status: allowed.status, text: allowed.text }).toEqual({ route: name, status: call.ok, text: allowed.text });
  }

  it.each(Object.keys(SCENARIOS))('refuses %s without a valid token and writes nothing, and takes the same call with it', async (name) => {
    const route = routes.find((r) => routeName(r) === name);
    expect({ name, inRouter: Boolean(route) }).toEqual({ name, inRouter: true });
    await check(route!);
  });
});

describe('CSRF however the request target is spelled', () => {
  let server: TestServer;
  let eventId: string;

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  // The router matches paths case-insensitively and takes absolute-form targets by their path: the
  // check in front of it must see every one of them as the /api path it is.
  it.each([
    ['upper case', (base: string, id: string) => `/API/events/${id}/seats/A1/lock/`],
    ['mixed case', (base: string, id: string) => `/Api/Events/${id}/seats/A1/lock/`],
    ['absolute form', (base: string, id: string) => `${base}/api/events/${id}/seats/A1/lock/`],
    ['absolute form, upper case', (base: string, id: string) => `${base}/API/events/${id}/seats/A1/lock/`],
  ])('refuses a lock sent to the %s path without a token, and the seat stays free', async (_name, target) => {
    const alice = await server.as('alice');
    const cookie = [...alice.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const reply = await sendRaw(server.url, { method: 'POST', path: target(server.url, eventId), headers: { Cookie: cookie } });
    expect({ status: reply.status, code: JSON.parse(reply.text || '{}').code }).toEqual({ status: 403, code: 'csrf_failed' });
    expect((await seatOf(server.client(), eventId, 'A1')).status).toBe('available');
  });
});
