/**
 * The embedded express-session store: sessions in a `sessions` table of the event store's SQLite
 * file, on a connection of its own. A session expires at its cookie's expiry (or after `ttlMs` when
 * the cookie has none); expired rows read as missing and are purged on an unref'd timer.
 * synchronous=NORMAL: a power cut may lose the last session writes (people log in again), never the file.
 * Rolling sessions are touched at most once per `touchAfterMs` (as connect-mongo's touchAfter): a
 * write per request would cost more than the request itself, for an expiry hours away.
 *
 * Sessions read or written here are kept in memory, the table staying the truth: before each read,
 * SQLite's `data_version` (which moves when another connection, another process's included, has
 * committed to the file) says whether anything may have changed elsewhere; if so, the memory is
 * dropped and rows are read again. A session command thus costs a lookup, not a row read and a
 * JSON parse (docs/performance.md), and a logout in one process is seen by the next read of every other.
 *
 * The box office ends or updates every session of one user (SessionRevocation, by the user id in the
 * JSON, indexed). An ended session stays ended: a `set` of a session this store has handed out or
 * written before only updates a live row, so a request still in flight cannot bring it back; only a
 * sid never seen (a fresh session) is inserted. Nor does a late `set` undo new roles: for the same
 * user, the roles already stored are kept (docs/decisions.md "Ending a user's sessions").
 */
import type { Role } from '@tessera/domain';
import session, { SessionData } from 'express-session';
import type { SessionRevocation } from '../../auth/session-revocation';
import { isStorageFailure, openSqlite, SqliteConnectionOptions, SqliteDatabase, unavailable } from './sqlite-connection';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  sid     TEXT    PRIMARY KEY,
  expires INTEGER NOT NULL, -- ms since the epoch
  data    TEXT    NOT NULL  -- JSON
);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (json_extract(data, '$.passport.user.id'))
  WHERE json_extract(data, '$.passport.user.id') IS NOT NULL;`;

const USER_ID = `json_extract(data, '$.passport.user.id')`;
/** The session written (@data), with the roles stored for the same user kept: only setRolesOf changes them. */
const KEEPING_ROLES = `CASE
  WHEN ${USER_ID} = json_extract(@data, '$.passport.user.id') AND json_type(data, '$.passport.user.roles') = 'array'
  THEN json_set(@data, '$.passport.user.roles', json_extract(data, '$.passport.user.roles'))
  ELSE @data END`;

export interface SqliteSessionStoreOptions extends SqliteConnectionOptions {
  /** Lifetime of a session whose cookie has no expiry. Default one day. */
  ttlMs?: number;
  /** How often expired rows are deleted. Default 10 minutes; 0 turns the timer off. */
  purgeIntervalMs?: number;
  /** A session touched less than this long ago (by this store) is not written again. Default one minute. */
  touchAfterMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** Bound on the sessions whose last touch is remembered; past it, the memory starts again. */
const MAX_TOUCHED = 100_000;
/** Bound on the sids known to exist or to have existed; past it, the least recently used is forgotten. */
const MAX_KNOWN = 100_000;

type Callback<T = void> = (err: unknown, value?: T) => void;

/** An open connection and its prepared statements. */
const prepare = (db: SqliteDatabase) => ({
  db,
  get: db.prepare('SELECT data, expires FROM sessions WHERE sid = ? AND expires > ?'),
  version: db.prepare('PRAGMA data_version').pluck(),
  insert: db.prepare('INSERT INTO sessions (sid, expires, data) VALUES (@sid, @expires, @data) ON CONFLICT (sid) DO NOTHING RETURNING data'),
  update: db.prepare(`UPDATE sessions SET expires = @expires, data = ${KEEPING_ROLES} WHERE sid = @sid AND expires > @now RETURNING data`),
  destroy: db.prepare('DELETE FROM sessions WHERE sid = ?'),
  endSessionsOf: db.prepare(`DELETE FROM sessions WHERE ${USER_ID} = ? AND sid IS NOT ? AND expires > ? RETURNING sid`).pluck(),
  setRolesOf: db.prepare(`UPDATE sessions SET data = json_set(data, '$.passport.user.roles', json(?)) WHERE ${USER_ID} = ? AND expires > ? RETURNING sid`).pluck(),
  touch: db.prepare('UPDATE sessions SET expires = ? WHERE sid = ? AND expires > ?'),
  length: db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE expires > ?'),
  purge: db.prepare('DELETE FROM sessions WHERE expires <= ?'),
});
type Statements = ReturnType<typeof prepare>;

export class SqliteSessionStore extends session.Store implements SessionRevocation {
  private conn?: Statements;
  private readonly timer?: NodeJS.Timeout;
  private readonly now: () => number;
  /** sid -> when this store last wrote its expiry (ms) */
  private readonly touched = new Map<string, number>();
  /** sid -> the session as last read or written here, and its expiry (ms) */
  private readonly kept = new Map<string, { data: SessionData; expires: number }>();
  /** `data_version` when `kept` was last known to agree with the table. */
  private keptAt: number | undefined;
  /** sids this store has answered, written or destroyed, least recently used first: a `set` of one never inserts. */
  private readonly known = new Set<string>();

  constructor(readonly file: string, private readonly options: SqliteSessionStoreOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.run(() => undefined); // create the table now, so a bad path fails at start-up
    const every = options.purgeIntervalMs ?? 600_000;
    if (every > 0) {
      this.timer = setInterval(() => this.tryPurge(), every);
      this.timer.unref();
    }
  }

  get(sid: string, callback: Callback<SessionData | null>): void {
    this.answer(callback, (s) => {
      this.forgetIfChangedElsewhere(s);
      const now = this.now();
      const kept = this.kept.get(sid);
      if (kept && kept.expires > now) {
        this.know(sid);
        return kept.data;
      }
      const row = s.get.get(sid, now) as { data: string; expires: number } | undefined;
      if (!row) {
        this.kept.delete(sid);
        return null;
      }
      const data = JSON.parse(row.data) as SessionData;
      this.keep(sid, data, row.expires);
      this.know(sid);
      return data;
    });
  }

  /** Inserts a fresh session; a known one (or one already in the table) is only updated, and only while it lives. */
  set(sid: string, sess: SessionData, callback?: Callback): void {
    this.answer(callback, (s) => {
      const params = { sid, expires: this.expiry(sess), data: JSON.stringify(sess), now: this.now() };
      const fresh = !this.known.has(sid);
      this.know(sid);
      const row = ((fresh && s.insert.get(params)) || s.update.get(params)) as { data: string } | undefined;
      if (!row) {
        // ended (or expired) meanwhile: it stays so
        this.kept.delete(sid);
        this.touched.delete(sid);
        return;
      }
      this.keep(sid, JSON.parse(row.data) as SessionData, params.expires);
      this.wasTouched(sid);
    });
  }

  destroy(sid: string, callback?: Callback): void {
    this.touched.delete(sid);
    this.kept.delete(sid);
    this.know(sid);
    this.answer(callback, (s) => void s.destroy.run(sid));
  }

  async endSessionsOf(userId: string, exceptSid?: string): Promise<number> {
    const ended = this.run((s) => s.endSessionsOf.all(userId, exceptSid ?? null, this.now()) as string[]);
    // This connection's own writes do not move its data_version: what is kept is corrected here.
    for (const sid of ended) {
      this.kept.delete(sid);
      this.touched.delete(sid);
    }
    return ended.length;
  }

  async setRolesOf(userId: string, roles: Role[]): Promise<void> {
    const changed = this.run((s) => s.setRolesOf.all(JSON.stringify(roles), userId, this.now()) as string[]);
    for (const sid of changed) this.kept.delete(sid); // read again from the table on the next get
  }

  /** Pushes the expiry forward (rolling sessions) without rewriting the data; at most once per touchAfterMs. */
  override touch(sid: string, sess: SessionData, callback?: () => void): void {
    const last = this.touched.get(sid);
    if (last !== undefined && this.now() - last < (this.options.touchAfterMs ?? 60_000)) {
      callback?.();
      return;
    }
    this.answer(callback && (() => callback()), (s) => {
      const expires = this.expiry(sess);
      s.touch.run(expires, sid, this.now());
      const kept = this.kept.get(sid);
      if (kept) kept.expires = expires;
      this.wasTouched(sid);
    });
  }

  /** The number of live sessions. */
  override length(callback: Callback<number>): void {
    this.answer(callback, (s) => (s.length.get(this.now()) as { n: number }).n);
  }

  /** Deletes expired rows; answers how many. */
  purge(): number {
    return this.run((s) => s.purge.run(this.now()).changes);
  }

  /** Stops the purge timer and closes the connection. */
  close(): void {
    clearInterval(this.timer);
    this.drop();
  }

  private keep(sid: string, data: SessionData, expires: number): void {
    if (this.kept.size >= MAX_TOUCHED) this.kept.clear();
    this.kept.set(sid, { data, expires });
  }

  /** Remembers `sid` as the most recently used (a Set iterates in insertion order). */
  private know(sid: string): void {
    this.known.delete(sid);
    if (this.known.size >= MAX_KNOWN) this.known.delete(this.known.values().next().value!);
    this.known.add(sid);
  }

  /** Drops what is kept when another connection has committed to the file since it was last checked (this connection's own writes do not count). */
  private forgetIfChangedElsewhere(s: Statements): void {
    const version = s.version.get() as number;
    if (version !== this.keptAt) {
      this.kept.clear();
      this.keptAt = version;
    }
  }

  private wasTouched(sid: string): void {
    if (this.touched.size >= MAX_TOUCHED) this.touched.clear();
    this.touched.set(sid, this.now());
  }

  private expiry(sess: SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + (this.options.ttlMs ?? 86_400_000);
  }

  private tryPurge(): void {
    try {
      this.purge();
    } catch {
      // the next tick tries again; requests report the failure themselves
    }
  }

  /** Calls back outside the try, so an exception in the callback is not reported as a store error. */
  private answer<T>(callback: Callback<T> | undefined, fn: (s: Statements) => T): void {
    let value: T;
    try {
      value = this.run(fn);
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.(null, value);
  }

  /** Runs on the connection, reopening it after a storage failure (StoreUnavailable). */
  private run<T>(fn: (s: Statements) => T): T {
    let opened = false;
    try {
      this.conn ??= prepare(openSqlite(this.file, SCHEMA, { synchronous: 'NORMAL', ...this.options }));
      opened = true;
      return fn(this.conn);
    } catch (error) {
      if (opened && !isStorageFailure(error)) throw error;
      this.drop();
      throw unavailable(error);
    }
  }

  private drop(): void {
    this.kept.clear();
    this.keptAt = undefined;
    try {
      this.conn?.db.close();
    } catch {
      // already unusable
    }
    this.conn = undefined;
  }
}
