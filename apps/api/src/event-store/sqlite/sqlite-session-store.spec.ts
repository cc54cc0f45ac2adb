/**
 * The SQLite express-session store: get/set/destroy/touch, expiry by a controlled clock, the purge
 * timer, and living beside the event store in the same file.
 */
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { SessionData } from 'express-session';
import { waitFor } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteSessionStore, SqliteSessionStoreOptions } from './sqlite-session-store';
import { events, tempDir } from './sqlite-test-support';

const HOUR = 3_600_000;
const sessionUntil = (expires: number, extra: object = {}): SessionData =>
  ({ cookie: { originalMaxAge: HOUR, expires: new Date(expires).toISOString() }, ...extra }) as unknown as SessionData;

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

  it('shares the file with the event store', async () => {
    const events$ = SqliteEventStore.open(temp.file);
    await events$.append('s', events(1), 'no_stream');
    await api(store).set('sid', sessionUntil(now + HOUR, { userId: 'u1' }));
    expect(await events$.readStream('s')).toHaveLength(1);
    expect(await api(store).get('sid')).toMatchObject({ userId: 'u1' });
    await events$.close();
  });
});
