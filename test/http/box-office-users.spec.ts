/**
 * api.md "Box office", users (issue 17): `PATCH /api/admin/users/{userId}/` on the embedded
 * session store. Disabling ends the user's sessions at once and their live locks, and their login
 * answers 403 account_disabled; a new password ends their other sessions; new roles apply to their
 * live sessions at once. The same session-ending on MongoDB's store: test/mongodb/sessions.spec.ts.
 */
import { idOf, logLength, wholeLog } from '../support/audit';
import { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { lockAll, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

describe('box office: users', () => {
  let server: TestServer;
  let admin: Client;
  let auditor: Client;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    admin = await server.as('admin');
    auditor = await server.as('auditor');
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const change = (userId: string, body: unknown) => admin.patch(`/api/admin/users/${userId}/`, body);
  /** A second browser of the same person: a session of its own. */
  const secondSession = async (username: string, password: string) => new Client(server.url).login(username, password);
  const listed = async (userId: string) => (await admin.get('/api/admin/users/')).body.users.find((u: { id: string }) => u.id === userId);

  describe('disabling', () => {
    it('ends every session of the user at once (their next call: 401) and their live locks', async () => {
      const { client, username, password } = await newUser(server, 'gone');
      const other = await secondSession(username, password);
      const userId = await idOf(client);
      await lockAll(client, eventId, ['J11', 'J12']);
      const reply = await change(userId, { disabled: true });
      expect(reply.status).toBe(200);
      expect(reply.body.user).toEqual({ id: userId, username, roles: ['user'], createdAt: expect.any(String), disabled: true });
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
      expectProblem(await other.get('/api/me/'), 401, 'unauthenticated');
      expect((await seatOf(admin, eventId, 'J11')).status).toBe('available');
      expect((await seatOf(admin, eventId, 'J12')).status).toBe('available');
      const released = (await wholeLog(auditor)).filter((e) => e.type === 'SeatReleased' && e.data.userId === userId);
      expect(released.map((e) => [e.data.seatId, e.data.reason]).sort()).toEqual([['J11', 'user-disabled'], ['J12', 'user-disabled']]);
      expect(await listed(userId)).toMatchObject({ disabled: true });
    });

    it('refuses their login with the right password (403 account_disabled); a wrong one stays invalid_credentials', async () => {
      const { client, username, password } = await newUser(server, 'locked');
      await change(await idOf(client), { disabled: true });
      const again = new Client(server.url);
      await again.get('/api/csrf/');
      const refused = await again.post('/api/login/', { username, password });
      expectProblem(refused, 403, 'account_disabled');
      expect(refused.body.detail).toBe('This account is disabled; contact the box office.');
      expectProblem(await again.post('/api/login/', { username, password: 'not-the-password' }), 401, 'invalid_credentials');
    });

    it('lets the user in again once enabled', async () => {
      const { client, username, password } = await newUser(server, 'back');
      const userId = await idOf(client);
      await change(userId, { disabled: true });
      expect((await change(userId, { disabled: false })).body.user).toMatchObject({ disabled: false });
      const again = await secondSession(username, password);
      expect((await again.get('/api/me/')).status).toBe(200);
    });

    it('refuses an admin disabling themselves (409 forbidden_self_change), writing nothing', async () => {
      const adminId = await idOf(admin);
      const before = await logLength(auditor);
      const reply = await change(adminId, { disabled: true });
      expectProblem(reply, 409, 'forbidden_self_change');
      expect(await logLength(auditor)).toBe(before);
      expect((await admin.get('/api/me/')).status).toBe(200);
    });
  });

  describe('a new password', () => {
    it('ends the user\'s sessions, and only the new password logs in', async () => {
      const { client, username, password } = await newUser(server, 'pw');
      const userId = await idOf(client);
      const reply = await change(userId, { password: 'brand-new-secret' });
      expect(reply.status).toBe(200);
      expect(reply.text).not.toContain('brand-new-secret');
      expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
      const old = new Client(server.url);
      await old.get('/api/csrf/');
      expectProblem(await old.post('/api/login/', { username, password }), 401, 'invalid_credentials');
      expect((await (await secondSession(username, 'brand-new-secret')).get('/api/me/')).status).toBe(200);
      const recorded = (await wholeLog(auditor)).filter((e) => e.type === 'UserPasswordChanged' && e.data.userId === userId);
      expect(recorded).toHaveLength(1);
      expect(JSON.stringify(recorded[0])).not.toMatch(/scrypt|brand-new-secret/);
    });

    it('keeps the admin\'s own session when they change their own password, and ends their others', async () => {
      const { client: first, username, password } = await newUser(server, 'boss');
      const userId = await idOf(first);
      await change(userId, { roles: ['admin', 'user'] });
      const boss = await secondSession(username, password);
      const reply = await boss.patch(`/api/admin/users/${userId}/`, { password: 'boss-new-secret' });
      expect(reply.status).toBe(200);
      expect((await boss.get('/api/me/')).status).toBe(200);
      expectProblem(await first.get('/api/me/'), 401, 'unauthenticated');
      await boss.patch(`/api/admin/users/${userId}/`, { password });
    });

    it('must be at least 8 characters (400)', async () => {
      const { client } = await newUser(server, 'short');
      expectValidation(await change(await idOf(client), { password: 'short' }), 'password');
    });
  });

  describe('roles', () => {
    it('apply to the user\'s live session at once: a new auditor reads the audit log without logging in again', async () => {
      const { client } = await newUser(server, 'aud');
      const userId = await idOf(client);
      expectProblem(await client.get('/api/audit/log/?limit=1'), 403, 'forbidden');
      const reply = await change(userId, { roles: ['user', 'auditor'] });
      expect(reply.body.user).toMatchObject({ roles: ['user', 'auditor'] });
      expect((await client.get('/api/audit/log/?limit=1')).status).toBe(200);
      expect((await client.get('/api/me/')).body.user.roles).toEqual(['user', 'auditor']);
      await change(userId, { roles: ['user'] });
      expectProblem(await client.get('/api/audit/log/?limit=1'), 403, 'forbidden');
    });

    it('refuses an admin dropping their own admin role (409 forbidden_self_change)', async () => {
      expectProblem(await change(await idOf(admin), { roles: ['user'] }), 409, 'forbidden_self_change');
    });

    it('refuses unknown roles, an empty change and unknown fields (400); an unknown user is 404', async () => {
      const { client } = await newUser(server, 'bad');
      const userId = await idOf(client);
      expectValidation(await change(userId, { roles: ['root'] }), 'roles');
      expectValidation(await change(userId, {}), 'body');
      expectValidation(await change(userId, { username: 'x' }), 'username');
      expectProblem(await change('no-such-user', { disabled: true }), 404, 'not_found');
    });
  });

  it('lists users with their disabled state', async () => {
    const users = (await admin.get('/api/admin/users/')).body.users;
    expect(users.every((u: { disabled: unknown }) => typeof u.disabled === 'boolean')).toBe(true);
  });
});
