/**
 * The MongoDB session store over the wire, against FerretDB: sessions stored as documents, ending and
 * updating every session of one user (two stores on one database stand for two API instances), and
 * sessions stored as JSON strings before still read and ended. Skipped where FerretDB is not built.
 */
import { promisify } from 'node:util';
import type { Role } from '@tessera/domain';
import type { SessionData } from 'express-session';
import { MongoClient, type Collection } from 'mongodb';
import { FERRETDB_NOT_RUN, ferretDbAvailable, startFerretDb, type FerretDb } from '../../../../../test/support/ferretdb';
import { freshDatabaseUrl } from './mongodb-test-support';
import { mongoSessionStore, type MongoSessionStore } from './mongodb-session-store';

const suite = ferretDbAvailable ? describe : describe.skip;
const HOUR = 3_600_000;

/** What a logged-in session holds (auth/sessions.ts). */
type UserSession = SessionData & { passport: { user: { id: string; username: string; roles: Role[] } }; csrf?: boolean; renewedAt?: number };
const cookie = { originalMaxAge: HOUR, expires: new Date(Date.now() + HOUR).toISOString() };
const anonymous = (extra: object = {}) => ({ cookie, csrf: true, ...extra }) as unknown as SessionData;
const of = (id: string, roles: Role[] = ['user'], extra: object = {}) => ({ cookie, passport: { user: { id, username: `name-${id}`, roles } }, csrf: true, ...extra }) as unknown as UserSession;
/** The session as a request saves it after the once-a-minute renewal. */
const renewed = (session: UserSession, at: number): UserSession => ({ ...session, renewedAt: at });

const api = (s: MongoSessionStore) => ({
  get: promisify(s.get.bind(s)),
  set: promisify(s.set.bind(s)),
  destroy: promisify(s.destroy.bind(s)),
  touch: promisify(s.touch.bind(s)),
});

suite(`MongoDB session store over FerretDB${FERRETDB_NOT_RUN}`, () => {
  let server: FerretDb;
  beforeAll(async () => {
    server = await startFerretDb();
  });
  afterAll(async () => server?.stop());

  let url: string;
  let clients: MongoClient[];
  let store: MongoSessionStore;
  let elsewhere: MongoSessionStore;
  let here: ReturnType<typeof api>;
  let other: ReturnType<typeof api>;
  let raw: Collection<{ _id: string; session: unknown; expires: Date }>;
  const sids = async () => (await raw.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id).join(' ');
  const rolesIn = async (s: ReturnType<typeof api>, sid: string) => ((await s.get(sid)) as UserSession | null)?.passport.user.roles;

  beforeEach(async () => {
    url = freshDatabaseUrl(server.url);
    clients = await Promise.all([MongoClient.connect(url), MongoClient.connect(url)]);
    store = await mongoSessionStore(clients[0], 8 * 3600);
    elsewhere = await mongoSessionStore(clients[1], 8 * 3600);
    here = api(store);
    other = api(elsewhere);
    raw = clients[0].db().collection('sessions');
    await here.set('alice-1', of('alice'));
    await here.set('alice-2', of('alice'));
    await here.set('bob-1', of('bob'));
    await here.set('anonymous', anonymous());
    for (const sid of ['alice-1', 'alice-2', 'bob-1']) {
      expect(await here.get(sid)).not.toBeNull();
      expect(await other.get(sid)).not.toBeNull();
    }
  });
  afterEach(async () => {
    await clients[0].db().dropDatabase().catch(() => undefined);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('stores a session as a document, found by its user id through an index', async () => {
    expect(await raw.findOne({ 'session.passport.user.id': 'bob' })).toMatchObject({ _id: 'bob-1', session: { passport: { user: { id: 'bob', roles: ['user'] } } } });
    expect((await raw.indexes()).map((i) => Object.keys(i.key).join())).toContain('session.passport.user.id');
  });

  it('ends every live session of the user, in every instance, and no one else\'s', async () => {
    expect(await store.endSessionsOf('alice')).toBe(2);
    expect(await here.get('alice-1')).toBeNull();
    expect(await other.get('alice-2')).toBeNull();
    expect(await other.get('bob-1')).toMatchObject({ passport: { user: { id: 'bob' } } });
    expect(await sids()).toBe('anonymous bob-1');
    expect(await elsewhere.endSessionsOf('alice')).toBe(0);
  });

  it('ends all of the user\'s sessions but the one named (the caller\'s own)', async () => {
    expect(await elsewhere.endSessionsOf('alice', 'alice-2')).toBe(1);
    expect(await here.get('alice-1')).toBeNull();
    expect(await here.get('alice-2')).toMatchObject({ passport: { user: { id: 'alice' } } });
    expect(await sids()).toBe('alice-2 anonymous bob-1');
  });

  it('rewrites the roles in every live session of the user, which stay logged in with the rest of their data', async () => {
    await store.setRolesOf('alice', ['user', 'auditor']);
    expect(await rolesIn(here, 'alice-1')).toEqual(['user', 'auditor']);
    expect(await rolesIn(other, 'alice-2')).toEqual(['user', 'auditor']);
    expect(await here.get('alice-1')).toMatchObject(of('alice', ['user', 'auditor']));
    expect(await rolesIn(here, 'bob-1')).toEqual(['user']);
  });

  it('does not bring back a session ended while a request on it was in flight, nor let a touch do it; a fresh sid is still inserted', async () => {
    const inFlight = (await here.get('alice-1')) as UserSession;
    const inFlightElsewhere = (await other.get('alice-2')) as UserSession;
    await elsewhere.endSessionsOf('alice');
    await here.set('alice-1', renewed(inFlight, Date.now()));
    await other.set('alice-2', renewed(inFlightElsewhere, Date.now()));
    await expect(here.touch('alice-1', of('alice'))).rejects.toThrow(/Unable to find the session/);
    expect(await here.get('alice-1')).toBeNull();
    expect(await other.get('alice-2')).toBeNull();
    expect(await sids()).toBe('anonymous bob-1');
    // A fresh session (a login's regenerate) is inserted, then updated by the save at the end of that request.
    await here.set('alice-3', anonymous());
    await here.set('alice-3', of('alice'));
    expect(await other.get('alice-3')).toMatchObject({ passport: { user: { id: 'alice' } } });
  });

  it('keeps new roles when a request in flight saves the session late with the old ones', async () => {
    const inFlight = (await here.get('alice-1')) as UserSession;
    await elsewhere.setRolesOf('alice', ['user', 'auditor']);
    const renewedAt = Date.now();
    await here.set('alice-1', renewed(inFlight, renewedAt));
    expect(await other.get('alice-1')).toMatchObject({ renewedAt, passport: { user: { roles: ['user', 'auditor'] } } });
  });

  it('still logs in and out: the old sid is destroyed for good, the new one inserted and then saved', async () => {
    await here.destroy('anonymous');
    await here.set('carol-1', anonymous());
    await here.set('carol-1', of('carol'));
    expect(await other.get('carol-1')).toMatchObject({ passport: { user: { id: 'carol', roles: ['user'] } } });
    await here.set('anonymous', anonymous({ renewedAt: Date.now() }));
    expect(await here.get('anonymous')).toBeNull();
    await here.destroy('carol-1');
    await here.set('carol-2', anonymous());
    expect(await here.get('carol-1')).toBeNull();
    expect(await other.get('carol-2')).not.toBeNull();
  });

  describe('sessions stored as JSON strings (connect-mongo\'s default, before)', () => {
    const stored = (sid: string, session: SessionData) => ({ _id: sid, session: JSON.stringify(session), expires: new Date(Date.now() + HOUR) });
    beforeEach(async () => {
      await raw.insertMany([stored('old-dave-1', of('dave')), stored('old-dave-2', of('dave')), stored('old-erin', of('erin')), stored('old-alice', of('alice'))]);
    });

    it('reads them, and writes them back as documents', async () => {
      const session = (await here.get('old-dave-1')) as UserSession;
      expect(session).toMatchObject({ passport: { user: { id: 'dave', username: 'name-dave', roles: ['user'] } }, csrf: true });
      await here.set('old-dave-1', renewed(session, 1));
      expect(await raw.findOne({ _id: 'old-dave-1' })).toMatchObject({ session: { renewedAt: 1, passport: { user: { id: 'dave' } } } });
    });

    it('ends them with the user\'s other sessions, but the one named', async () => {
      expect(await store.endSessionsOf('alice', 'alice-1')).toBe(2);
      expect(await store.endSessionsOf('dave', 'old-dave-2')).toBe(1);
      expect(await other.get('old-alice')).toBeNull();
      expect(await other.get('old-dave-1')).toBeNull();
      expect(await other.get('old-dave-2')).toMatchObject({ passport: { user: { id: 'dave' } } });
      expect(await sids()).toBe('alice-1 anonymous bob-1 old-dave-2 old-erin');
    });

    it('rewrites their roles, and a late save from a request in flight keeps them', async () => {
      const inFlight = (await here.get('old-dave-1')) as UserSession;
      await store.setRolesOf('dave', ['admin', 'user']);
      expect(await rolesIn(other, 'old-dave-1')).toEqual(['admin', 'user']);
      expect(await rolesIn(other, 'old-dave-2')).toEqual(['admin', 'user']);
      expect(await rolesIn(other, 'old-erin')).toEqual(['user']);
      await here.set('old-dave-1', renewed(inFlight, 2));
      expect(await other.get('old-dave-1')).toMatchObject({ renewedAt: 2, passport: { user: { roles: ['admin', 'user'] } } });
    });
  });
});
