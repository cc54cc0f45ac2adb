/**
 * The SQLite express-session store: get/set/destroy/touch, expiry by a controlled clock, the purge
 * timer, living beside the event store in the same file, and ending or updating every session of one
 * user (two stores on one file stand for two processes).
 */
import { promisify } from 'node:util';
import type { Role } from '@tessera/domain';
import Database from 'better-sqlite3';
import { SessionData } from 'express-session';
import { waitFor } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteSessionStore, SqliteSessionStoreOptions } from './sqlite-session-store';
import { events, tempDir } from './sqlite-test-support';

const HOUR = 3_600_000;
const sessionUntil = (expires: number, extra: object = {}): SessionData =>
  ({ cookie: { originalMaxAge: HOUR, expires: new Date(expires).toISOString() }, ...extra }) as unknown as SessionData;
/** What a logged-in session holds (auth/sessions.ts). */
type UserSession = SessionData & { passport: { user: { id: string; username: string; roles: Role[] } }; renewedAt?: number };
/** The session as a request saves it after the once-a-minute renewal. */
const renewed = (session: UserSession, at: number): UserSession => ({ ...session, renewedAt: at });

describe('SqliteSessionStore', () => {
  let temp: ReturnType<typeof tempDir>;
  let now: number;
  let store: SqliteSessionStore;
  const open = (options: SqliteSessionStoreOptions = {}) => new SqliteSessionStore(temp.file, { now: () => now, ...options });
  const api = (s: SqliteSessionStore) => ({
    get: promisify(s.get.bind(s)),
    set: promisify(s.set.bind(s)),
    destroy: promisify(s.destroy.bind(s)),
    touch: (sid: string, sess: SessionData) => new Promise<void>((resolve) => s.touch(sid, sess, resolve)),
    length: promisify(s.length.bind(s)),
  });

  beforeEach(() => {
    temp = tempDir();
    now = Date.parse('2030-01-01T00:00:00Z');
    store = open();
  });
  afterEach(() => {
    store.close();
    temp.remove();
  });

  it('sets, gets, replaces and destroys a session', async () => {
    const s = api(store);
    expect(await s.get('sid')).toBeNull();
    await s.set('sid', sessionUntil(now + HOUR, { userId: 'u1' }));
    expect(await s.get('sid')).toMatchObject({ userId: 'u1' });
    await s.set('sid', sessionUntil(now + HOUR, { userId: 'u2' }));
    expect(await s.get('sid')).toMatchObject({ userId: 'u2' });
    expect(await s.length()).toBe(1);
    await s.destroy('sid');
    expect(await s.get('sid')).toBeNull();
  });

  it('expires a session at its cookie expiry, or after ttlMs without one; touch pushes it forward', async () => {
    store.close();
    store = open({ ttlMs: 10 * 60_000 });
    const s = api(store);
    await s.set('cookie', sessionUntil(now + HOUR));
    await s.set('no-expiry', { cookie: { originalMaxAge: null } } as unknown as SessionData);
    now += 30 * 60_000;
    expect(await s.get('no-expiry')).toBeNull();
    expect(await s.get('cookie')).not.toBeNull();
    await s.touch('cookie', sessionUntil(now + HOUR));
    now += 45 * 60_000;
    expect(await s.get('cookie')).not.toBeNull();
    now += HOUR;
    expect(await s.get('cookie')).toBeNull();
    await s.touch('cookie', sessionUntil(now + HOUR));
    expect(await s.get('cookie')).toBeNull();
  });

  it('writes a rolling touch at most once per touchAfterMs, so a session in use still lives on', async () => {
    store.close();
    store = open({ touchAfterMs: 60_000 });
    const s = api(store);
    const storedExpiry = () => {
      const raw = new Database(temp.file, { readonly: true });
      try {
        return (raw.prepare('SELECT expires FROM sessions WHERE sid = ?').get('sid') as { expires: number }).expires;
      } finally {
        raw.close();
      }
    };
    await s.set('sid', sessionUntil(now + HOUR));
    now += 30_000;
    await s.touch('sid', sessionUntil(now + HOUR));
    expect(storedExpiry()).toBe(now - 30_000 + HOUR); // within a minute of the last write: not written
    now += 30_000;
    await s.touch('sid', sessionUntil(now + HOUR));
    expect(storedExpiry()).toBe(now + HOUR);
    // Used every minute for two hours: never expires, though each expiry is only an hour ahead.
    for (let i = 0; i < 120; i++) {
      now += 60_000;
      await s.touch('sid', sessionUntil(now + HOUR));
    }
    expect(await s.get('sid')).not.toBeNull();
    // A destroyed session is not brought back by a touch.
    await s.destroy('sid');
    await s.touch('sid', sessionUntil(now + HOUR));
    expect(await s.get('sid')).toBeNull();
  });

  it('answers a session it has read again from memory, yet sees at once what another process changed in the file', async () => {
    const here = api(store);
    const elsewhere = open();
    const other = api(elsewhere);
    try {
      await here.set('sid', sessionUntil(now + HOUR, { userId: 'u1' }));
      expect(await here.get('sid')).toMatchObject({ userId: 'u1' });
      // Changed behind this store's back in the table: a read from memory would not see it...
      new Database(temp.file).prepare('UPDATE sessions SET data = ? WHERE sid = ?').run(JSON.stringify(sessionUntil(now + HOUR, { userId: 'u9' })), 'sid');
      // ...and it does see it, since another connection committed to the file.
      expect(await here.get('sid')).toMatchObject({ userId: 'u9' });
      // A logout in another process ends the session here on the next read.
      await other.destroy('sid');
      expect(await here.get('sid')).toBeNull();
      await other.set('sid2', sessionUntil(now + HOUR, { userId: 'u2' }));
      expect(await here.get('sid2')).toMatchObject({ userId: 'u2' });
      await here.set('sid2', sessionUntil(now + HOUR, { userId: 'u3' }));
      expect(await other.get('sid2')).toMatchObject({ userId: 'u3' });
    } finally {
      elsewhere.close();
    }
  });

  it('does not answer a session from memory past its expiry', async () => {
    const s = api(store);
    await s.set('sid', sessionUntil(now + HOUR, { userId: 'u1' }));
    expect(await s.get('sid')).toMatchObject({ userId: 'u1' });
    now += HOUR;
    expect(await s.get('sid')).toBeNull();
  });

  it('purges expired rows, also on its timer', async () => {
    const s = api(store);
    await s.set('old', sessionUntil(now + 1000));
    await s.set('new', sessionUntil(now + HOUR));
    now += 2000;
    expect(store.purge()).toBe(1);
    store.close();
    store = open({ purgeIntervalMs: 5 });
    await api(store).set('soon', sessionUntil(now + 1000));
    now += 2000;
    const raw = new Database(temp.file, { readonly: true });
    const rows = () => (raw.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    expect(rows()).toBe(2);
    await waitFor(() => rows() === 1, 2000, 'the purge timer');
    raw.close();
  });

  describe('ending and updating every session of one user (the box office)', () => {
    let elsewhere: SqliteSessionStore;
    let here: ReturnType<typeof api>;
    let other: ReturnType<typeof api>;
    const of = (id: string, roles: Role[] = ['user'], extra: object = {}) =>
      sessionUntil(now + HOUR, { passport: { user: { id, username: `name-${id}`, roles } }, csrf: true, ...extra }) as UserSession;
    const rows = () => {
      const raw = new Database(temp.file, { readonly: true });
      try {
        return (raw.prepare('SELECT sid FROM sessions ORDER BY sid').pluck().all() as string[]).join(' ');
      } finally {
        raw.close();
      }
    };
    const rolesIn = async (s: ReturnType<typeof api>, sid: string) => ((await s.get(sid)) as UserSession | null)?.passport.user.roles;

    beforeEach(async () => {
      elsewhere = open();
      here = api(store);
      other = api(elsewhere);
      await here.set('alice-1', of('alice'));
      await here.set('alice-2', of('alice'));
      await here.set('bob-1', of('bob'));
      await here.set('anonymous', sessionUntil(now + HOUR, { csrf: true }));
      for (const sid of ['alice-1', 'alice-2', 'bob-1']) {
        expect(await here.get(sid)).not.toBeNull(); // kept in both stores' memory
        expect(await other.get(sid)).not.toBeNull();
      }
    });
    afterEach(() => elsewhere.close());

    it('ends every live session of the user, seen at once by this store and by another process, and no one else\'s', async () => {
      expect(await store.endSessionsOf('alice')).toBe(2);
      expect(await here.get('alice-1')).toBeNull();
      expect(await other.get('alice-2')).toBeNull();
      expect(await other.get('bob-1')).toMatchObject({ passport: { user: { id: 'bob' } } });
      expect(rows()).toBe('anonymous bob-1');
      expect(await elsewhere.endSessionsOf('alice')).toBe(0);
      // Ended in the other process: this one sees it on its next read.
      expect(await elsewhere.endSessionsOf('bob')).toBe(1);
      expect(await here.get('bob-1')).toBeNull();
    });

    it('ends all of the user\'s sessions but the one named (the caller\'s own)', async () => {
      expect(await elsewhere.endSessionsOf('alice', 'alice-2')).toBe(1);
      expect(await here.get('alice-1')).toBeNull();
      expect(await here.get('alice-2')).toMatchObject({ passport: { user: { id: 'alice' } } });
      expect(rows()).toBe('alice-2 anonymous bob-1');
    });

    it('rewrites the roles in every live session of the user, which stay logged in with the rest of their data', async () => {
      await store.setRolesOf('alice', ['user', 'auditor']);
      expect(await rolesIn(here, 'alice-1')).toEqual(['user', 'auditor']);
      expect(await rolesIn(other, 'alice-2')).toEqual(['user', 'auditor']);
      expect(await here.get('alice-1')).toEqual(of('alice', ['user', 'auditor']));
      expect(await rolesIn(here, 'bob-1')).toEqual(['user']);
      await elsewhere.setRolesOf('bob', ['admin']);
      expect(await rolesIn(here, 'bob-1')).toEqual(['admin']);
    });

    it('does not bring back a session ended while a request on it was in flight, nor let a touch do it; a fresh sid is still inserted', async () => {
      const inFlight = (await here.get('alice-1')) as UserSession;
      const inFlightElsewhere = (await other.get('alice-2')) as UserSession;
      await elsewhere.endSessionsOf('alice');
      // Both requests end by saving their session (the once-a-minute renewal).
      await here.set('alice-1', renewed(inFlight, now));
      await other.set('alice-2', renewed(inFlightElsewhere, now));
      await here.touch('alice-1', inFlight);
      expect(await here.get('alice-1')).toBeNull();
      expect(await other.get('alice-2')).toBeNull();
      expect(rows()).toBe('anonymous bob-1');
      // A fresh session (a login's regenerate) is inserted, then updated by the save at the end of that request.
      await here.set('alice-3', sessionUntil(now + HOUR));
      await here.set('alice-3', of('alice'));
      expect(await other.get('alice-3')).toMatchObject({ passport: { user: { id: 'alice' } } });
    });

    it('keeps new roles when a request in flight saves the session late with the old ones', async () => {
      const inFlight = (await here.get('alice-1')) as UserSession;
      await elsewhere.setRolesOf('alice', ['user', 'auditor']);
      await here.set('alice-1', renewed(inFlight, now));
      expect(await here.get('alice-1')).toMatchObject({ renewedAt: now, passport: { user: { roles: ['user', 'auditor'] } } });
      expect(await rolesIn(other, 'alice-1')).toEqual(['user', 'auditor']);
    });

    it('still logs in and out: the old sid is destroyed for good, the new one inserted and then saved', async () => {
      // Login: regenerate destroys the anonymous session and stores a fresh one; the request's end saves it with the user.
      await here.destroy('anonymous');
      await here.set('carol-1', sessionUntil(now + HOUR));
      await here.set('carol-1', of('carol'));
      expect(await other.get('carol-1')).toMatchObject({ passport: { user: { id: 'carol', roles: ['user'] } } });
      // A request still in flight on the anonymous session does not bring it back.
      await here.set('anonymous', sessionUntil(now + HOUR, { csrf: true, renewedAt: now }));
      expect(await here.get('anonymous')).toBeNull();
      // Logout: the same, to an empty session.
      await here.destroy('carol-1');
      await here.set('carol-2', sessionUntil(now + HOUR));
      expect(await here.get('carol-1')).toBeNull();
      expect(await other.get('carol-2')).not.toBeNull();
    });
  });

  it('shares the file with the event store', async () => {
    const events$ = SqliteEventStore.open(temp.file);
    await events$.append('s', events(1), 'no_stream');
    await api(store).set('sid', sessionUntil(now + HOUR, { userId: 'u1' }));
    expect(await events$.readStream('s')).toHaveLength(1);
    expect(await api(store).get('sid')).toMatchObject({ userId: 'u1' });
    await events$.close();
  });
});
