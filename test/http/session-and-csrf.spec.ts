/** api.md "Session and CSRF": csrf, login, logout, me, register, over real cookies. */
import { Client, type Reply } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { lock, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const setCookie = (reply: Reply, name: string): string | undefined => reply.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const sessionCookieOf = (client: Client): [string, string] | undefined => [...client.cookies].find(([name]) => name === 'tessera.sid');

/** A second client holding exactly the cookies the first one has now (what a stolen or replayed cookie jar does). */
const copyOf = (client: Client): Client => {
  const copy = new Client(client.baseUrl);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
};

describe('session and CSRF', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  describe('GET /api/csrf/', () => {
    it('answers a token and sets it in a script-readable SameSite=Lax XSRF-TOKEN cookie', async () => {
      const client = server.client();
      const reply = await client.get('/api/csrf/');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ csrfToken: expect.any(String) });
      expect(reply.body.csrfToken.length).toBeGreaterThan(0);
      const cookie = setCookie(reply, 'XSRF-TOKEN')!;
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).not.toMatch(/;\s*HttpOnly/i);
      expect(decodeURIComponent(client.cookies.get('XSRF-TOKEN')!)).toBe(reply.body.csrfToken);
    });
  });

  describe('POST /api/login/', () => {
    it('logs alice in and answers her id, name and roles', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/login/', { username: 'alice', password: 'alice123' });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ user: { id: expect.any(String), username: 'alice', roles: ['user'] } });
      const me = await client.get('/api/me/');
      expect(me.status).toBe(200);
      expect(me.body).toEqual(reply.body);
    });

    it('answers the roles of admin and auditor', async () => {
      for (const [username, password, role] of [['admin', 'admin123', 'admin'], ['auditor', 'auditor123', 'auditor']]) {
        const client = server.client();
        await client.get('/api/csrf/');
        const reply = await client.post('/api/login/', { username, password });
        expect(reply.status).toBe(200);
        expect(reply.body.user).toMatchObject({ username, roles: [role] });
      }
    });

    it('sets an HttpOnly SameSite=Lax session cookie that is not Secure over plain HTTP', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/login/', { username: 'alice', password: 'alice123' });
      const session = setCookie(reply, 'tessera.sid');
      expect(session).toBeDefined();
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
      expect(session).not.toMatch(/;\s*Secure/i);
    });

    it('sets the script-readable logged-in hint (tessera.user, no secret in it) with the session, and logout clears it', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      await client.get('/api/events/');
      expect(client.cookies.has('tessera.user')).toBe(false);
      const login = await client.post('/api/login/', { username: 'alice', password: 'alice123' });
      const hint = setCookie(login, 'tessera.user');
      expect(hint).toMatch(/^tessera\.user=1;/);
      expect(hint).not.toMatch(/;\s*HttpOnly/i);
      expect(hint).toMatch(/;\s*Max-Age=28800/i);
      await client.get('/api/me/');
      expect(client.cookies.get('tessera.user')).toBe('1');
      expect((await client.post('/api/logout/')).status).toBe(204);
      expect(client.cookies.has('tessera.user')).toBe(false);
      // A browser that kept the hint of a session that is gone loses it at its next request.
      const stale = server.client();
      stale.cookies.set('tessera.user', '1');
      await stale.get('/api/events/');
      expect(stale.cookies.has('tessera.user')).toBe(false);
    });

    it('gives a new session id, so a session id known before login is not logged in (no fixation)', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const before = copyOf(client);
      const idBefore = sessionCookieOf(client);
      await client.post('/api/login/', { username: 'alice', password: 'alice123' });
      const idAfter = sessionCookieOf(client);
      expect(idAfter).toBeDefined();
      expect(idAfter).not.toEqual(idBefore);
      expectProblem(await before.get('/api/me/'), 401, 'unauthenticated');
      expect((await client.get('/api/me/')).status).toBe(200);
    });

    it('rotates the CSRF token, and the token from before login no longer passes', async () => {
      const client = server.client();
      const { body } = await client.get('/api/csrf/');
      const reply = await client.post('/api/login/', { username: 'alice', password: 'alice123' });
      expect(setCookie(reply, 'XSRF-TOKEN')).toBeDefined();
      expect(decodeURIComponent(client.cookies.get('XSRF-TOKEN')!)).not.toBe(body.csrfToken);
      const eventId = await server.eventId();
      expectProblem(await client.post(`/api/events/${eventId}/seats/J12/lock/`, undefined, { 'X-XSRF-TOKEN': body.csrfToken }), 403, 'csrf_failed');
      expect((await seatOf(client, eventId, 'J12')).status).toBe('available');
    });

    it('refuses a wrong password with 401 invalid_credentials and does not log in', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/login/', { username: 'bob', password: 'not-bobs-password' });
      expectProblem(reply, 401, 'invalid_credentials');
      expect(reply.text).not.toContain('not-bobs-password');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('gives an unknown username the very same answer as a wrong password', async () => {
      const wrong = server.client();
      await wrong.get('/api/csrf/');
      const unknown = server.client();
      await unknown.get('/api/csrf/');
      const a = await wrong.post('/api/login/', { username: 'bob', password: 'nope-nope' });
      const b = await unknown.post('/api/login/', { username: 'nobody-at-all', password: 'nope-nope' });
      expectProblem(b, 401, 'invalid_credentials');
      expect(b.body).toEqual(a.body);
    });

    it('refuses a login without the X-XSRF-TOKEN header with 403 csrf_failed and does not log in', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const reply = await client.post('/api/login/', { username: 'alice', password: 'alice123' }, { 'X-XSRF-TOKEN': '' });
      expectProblem(reply, 403, 'csrf_failed');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('refuses a login from a client that never fetched a CSRF token', async () => {
      const client = server.client();
      expectProblem(await client.post('/api/login/', { username: 'alice', password: 'alice123' }), 403, 'csrf_failed');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('refuses a CSRF token that belongs to another session', async () => {
      const mine = server.client();
      await mine.get('/api/csrf/');
      const other = server.client();
      const { body } = await other.get('/api/csrf/');
      const reply = await mine.post('/api/login/', { username: 'alice', password: 'alice123' }, { 'X-XSRF-TOKEN': body.csrfToken });
      expectProblem(reply, 403, 'csrf_failed');
    });

    it('refuses a login body with a missing password, naming the field', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectValidation(await client.post('/api/login/', { username: 'alice' }), 'password');
    });

    it('refuses a login body whose username is not a string', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectValidation(await client.post('/api/login/', { username: 42, password: 'alice123' }), 'username');
    });

    it('refuses a login body with an unknown field', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectValidation(await client.post('/api/login/', { username: 'alice', password: 'alice123', remember: true }), 'remember');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('refuses a malformed JSON login body with 400 validation_failed', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectProblem(await client.post('/api/login/', '{"username": "alice", "password": '), 400, 'validation_failed');
    });

    it('answers 429 rate_limited with Retry-After after 5 failed logins for one username, even with the right password then', async () => {
      const { username, password } = await newUser(server, 'throttled');
      const client = server.client();
      await client.get('/api/csrf/');
      for (let i = 0; i < 5; i++) expectProblem(await client.post('/api/login/', { username, password: 'wrong-password' }), 401, 'invalid_credentials');
      const limited = await client.post('/api/login/', { username, password });
      expectProblem(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('counts failed logins per username, so another user can still log in', async () => {
      const victim = await newUser(server, 'victim');
      const bystander = await newUser(server, 'bystander');
      const client = server.client();
      await client.get('/api/csrf/');
      for (let i = 0; i < 6; i++) await client.post('/api/login/', { username: victim.username, password: 'wrong-password' });
      expect((await client.post('/api/login/', { username: bystander.username, password: bystander.password })).status).toBe(200);
    });

    it('forgets earlier failures after a successful login', async () => {
      const { username, password } = await newUser(server, 'forgetful');
      const client = server.client();
      await client.get('/api/csrf/');
      for (let i = 0; i < 4; i++) await client.post('/api/login/', { username, password: 'wrong-password' });
      expect((await client.post('/api/login/', { username, password })).status).toBe(200);
      const again = server.client();
      await again.get('/api/csrf/');
      for (let i = 0; i < 4; i++) await again.post('/api/login/', { username, password: 'wrong-password' });
      expect((await again.post('/api/login/', { username, password })).status).toBe(200);
    });
  });

  describe('POST /api/logout/', () => {
    it('answers 204 and ends the session', async () => {
      const client = await server.as('alice');
      const reply = await client.post('/api/logout/');
      expect(reply.status).toBe(204);
      expect(reply.text).toBe('');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });

    it('destroys the session server-side, so a copy of the old session cookie is no longer logged in', async () => {
      const client = await server.as('alice');
      const stolen = copyOf(client);
      expect((await stolen.get('/api/me/')).status).toBe(200);
      expect((await client.post('/api/logout/')).status).toBe(204);
      expectProblem(await stolen.get('/api/me/'), 401, 'unauthenticated');
      const eventId = await server.eventId();
      await stolen.get('/api/csrf/');
      expectProblem(await lock(stolen, eventId, 'J11'), 401, 'unauthenticated');
      expect((await seatOf(stolen, eventId, 'J11')).status).toBe('available');
    });

    it('leaves a CSRF cookie that lets the same client log in again', async () => {
      const client = await server.as('bob');
      expect((await client.post('/api/logout/')).status).toBe(204);
      const reply = await client.post('/api/login/', { username: 'bob', password: 'bob123' });
      expect(reply.status).toBe(200);
      expect(reply.body.user.username).toBe('bob');
    });

    it('refuses a logout without the CSRF header with 403 csrf_failed and keeps the session', async () => {
      const client = await server.as('alice');
      expectProblem(await client.post('/api/logout/', undefined, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
      expect((await client.get('/api/me/')).status).toBe(200);
    });
  });

  describe('GET /api/me/', () => {
    it('answers the logged-in user', async () => {
      const client = await server.as('bob');
      const reply = await client.get('/api/me/');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ user: { id: expect.any(String), username: 'bob', roles: ['user'] } });
    });

    it('answers 401 unauthenticated without a session', async () => {
      expectProblem(await server.client().get('/api/me/'), 401, 'unauthenticated');
    });

    it('answers 401 unauthenticated for a forged session cookie', async () => {
      const client = server.client();
      client.cookies.set('tessera.sid', 's%3Aforged.c2lnbmF0dXJl');
      client.cookies.set('connect.sid', 's%3Aforged.c2lnbmF0dXJl');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    });
  });

  describe('POST /api/register/', () => {
    it('creates a user with role user, answers 201 and logs them in', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const username = uniqueName('carol');
      const reply = await client.post('/api/register/', { username, password: 'long-enough' });
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({ user: { id: expect.any(String), username, roles: ['user'] } });
      expect((await client.get('/api/me/')).body).toEqual(reply.body);
    });

    it('lets a registered user log in later with that password and lock a seat', async () => {
      const username = uniqueName('dave');
      const first = server.client();
      await first.get('/api/csrf/');
      expect((await first.post('/api/register/', { username, password: 'dave-secret' })).status).toBe(201);
      const later = await new Client(server.url).login(username, 'dave-secret');
      const eventId = await server.eventId();
      const locked = await lock(later, eventId, 'J10');
      expect(locked.status).toBe(200);
      expect(locked.body.seat).toMatchObject({ lockedBy: username, mine: true });
    });

    it('accepts the shortest and longest usernames and the shortest password the contract allows', async () => {
      for (const username of ['e.f', `g_${'x'.repeat(26)}-${process.pid % 1000}`.padEnd(32, 'y').slice(0, 32)]) {
        const client = server.client();
        await client.get('/api/csrf/');
        const reply = await client.post('/api/register/', { username, password: '12345678' });
        expect({ username, status: reply.status }).toEqual({ username, status: 201 });
      }
    });

    it('refuses a username shorter than 3 or longer than 32 characters, or with other characters', async () => {
      for (const username of ['ab', 'h'.repeat(33), 'with space', 'émile', 'semi;colon', '']) {
        const client = server.client();
        await client.get('/api/csrf/');
        const reply = await client.post('/api/register/', { username, password: 'long-enough' });
        expectValidation(reply, 'username');
      }
    });

    it('refuses a password shorter than 8 characters without echoing it', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const username = uniqueName('short');
      const reply = await client.post('/api/register/', { username, password: 'Sh0rt!x' });
      expectValidation(reply, 'password');
      expect(reply.text).not.toContain('Sh0rt!x');
      expect((await new Client(server.url).get('/api/csrf/')).status).toBe(200);
      const login = server.client();
      await login.get('/api/csrf/');
      expectProblem(await login.post('/api/login/', { username, password: 'Sh0rt!x' }), 401, 'invalid_credentials');
    });

    it('refuses fields of the wrong type', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectValidation(await client.post('/api/register/', { username: ['frank'], password: 12345678 }), 'username', 'password');
    });

    it('refuses a body that tries to choose its own roles, and creates no user', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const username = uniqueName('mallory');
      expectValidation(await client.post('/api/register/', { username, password: 'long-enough', roles: ['admin'] }), 'roles');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
      const login = server.client();
      await login.get('/api/csrf/');
      expectProblem(await login.post('/api/login/', { username, password: 'long-enough' }), 401, 'invalid_credentials');
    });

    it('refuses a name that exists with 409 username_taken, whatever its case, and keeps the old password', async () => {
      for (const username of ['alice', 'ALICE']) {
        const client = server.client();
        await client.get('/api/csrf/');
        expectProblem(await client.post('/api/register/', { username, password: 'taken-over' }), 409, 'username_taken');
        expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
      }
      expect((await server.as('alice')).cookies.size).toBeGreaterThan(0);
    });

    it('refuses a registration without the CSRF header, and creates no user', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      const username = uniqueName('nocsrf');
      expectProblem(await client.post('/api/register/', { username, password: 'long-enough' }, { 'X-XSRF-TOKEN': '' }), 403, 'csrf_failed');
      const again = server.client();
      await again.get('/api/csrf/');
      expect((await again.post('/api/register/', { username, password: 'long-enough' })).status).toBe(201);
    });

    it('refuses a malformed JSON body with 400 validation_failed', async () => {
      const client = server.client();
      await client.get('/api/csrf/');
      expectProblem(await client.post('/api/register/', "{username: 'x'}"), 400, 'validation_failed');
    });
  });
});

describe('session and CSRF with REGISTRATION=closed and LOGIN_MAX_FAILURES=2', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ REGISTRATION: 'closed', LOGIN_MAX_FAILURES: '2' });
  });
  afterAll(() => server.close());

  it('refuses registration with 403 registration_closed and creates no user', async () => {
    const client = server.client();
    await client.get('/api/csrf/');
    const username = uniqueName('closed');
    expectProblem(await client.post('/api/register/', { username, password: 'long-enough' }), 403, 'registration_closed');
    expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
    const login = server.client();
    await login.get('/api/csrf/');
    expectProblem(await login.post('/api/login/', { username, password: 'long-enough' }), 401, 'invalid_credentials');
  });

  it('still lets existing users log in', async () => {
    const client = await server.as('alice');
    expect((await client.get('/api/me/')).body.user.username).toBe('alice');
  });

  it('rate-limits a username after LOGIN_MAX_FAILURES failed logins', async () => {
    const client = server.client();
    await client.get('/api/csrf/');
    for (let i = 0; i < 2; i++) expectProblem(await client.post('/api/login/', { username: 'bob', password: 'wrong-password' }), 401, 'invalid_credentials');
    const limited = await client.post('/api/login/', { username: 'bob', password: 'bob123' });
    expectProblem(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
