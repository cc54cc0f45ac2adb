/**
 * Sessions in MongoDB (connect-mongo), on the read store's own connection: one pool per process,
 * closed with the read store when the app shuts down (a client of its own was never closed).
 *
 * Expired sessions are never answered (connect-mongo filters on `expires` when reading); they are
 * removed by a TTL index on `expires`, as connect-mongo's default does. FerretDB 1.24 has no TTL
 * indexes (docs/ferretdb.md): there, and only on that refusal, a timer deletes expired sessions
 * instead (connect-mongo's "interval" mode).
 *
 * The box office ends or updates every session of one user (SessionRevocation), so a session is
 * stored as a document, not as connect-mongo's default JSON string, and found by
 * `session.passport.user.id` (indexed). Sessions stored as strings before still read, and are found
 * by a scan of the strings (docs/decisions.md "Ending a user's sessions"). As in the SQLite store,
 * an ended session stays ended: a `set` of a session this store has handed out or written before
 * only updates a live document (a request in flight cannot bring it back), and keeps the roles
 * stored for the same user (it cannot undo new roles); only a sid never seen is inserted.
 *
 * The server cannot be reached: the driver's error becomes StoreUnavailable('read store'), as in the
 * read store itself, so that express-session's next(error) answers 503 `unavailable`, not 500.
 */
import type { Role } from '@tessera/domain';
import MongoStore from 'connect-mongo';
import type { SessionData } from 'express-session';
import { MongoServerError, type Collection, type Filter, type MongoClient } from 'mongodb';
import type { SessionRevocation } from '../../auth/session-revocation';
import { StoreUnavailable } from '../../event-store/event-store.port';
import { isConnectionFailure } from './mongodb-read-store';

const COLLECTION = 'sessions';
const PURGE_INTERVAL_MS = 10 * 60_000;
const NOT_IMPLEMENTED = 238;
const DUPLICATE_KEY = 11000;
const TOUCH_AFTER_SECONDS = 60;
const USER_ID = 'session.passport.user.id';
const ROLES = 'session.passport.user.roles';
/** Bound on the sids known to exist or to have existed; past it, the least recently used is forgotten. */
const MAX_KNOWN = 100_000;
/** Rounds of a `set` racing role changes on the same session before it gives up, writing nothing (each round lost to a change). */
const MAX_ROUNDS = 5;

export async function mongoSessionStore(client: MongoClient, ttlSeconds: number): Promise<MongoSessionStore> {
  const sessions = client.db().collection(COLLECTION);
  await removeExpired(client, sessions);
  await sessions.createIndex({ [USER_ID]: 1 });
  return new MongoSessionStore(client, ttlSeconds);
}

type Callback<T = void> = (err: unknown, value?: T) => void;
/** A session as stored: the JSON of the session, as a document. */
type Stored = SessionData & { passport?: { user?: { id: string; roles: Role[] } }; lastModified?: unknown };
/** The collection as this file reads and writes it (connect-mongo's own type for it is not exported). */
interface SessionDocument {
  _id: string;
  session: Stored | string;
  expires?: Date;
  lastModified?: Date;
}
type Sessions = Collection<SessionDocument>;
type Query = Filter<SessionDocument>;
type Written = { session: Stored; expires: Date; lastModified: Date };

/** connect-mongo with sessions as documents, ending and updating a user's sessions, reporting an unreachable server as the read store being unavailable. */
export class MongoSessionStore extends MongoStore implements SessionRevocation {
  /** sids this store has answered, written or destroyed, least recently used first: a `set` of one never inserts. */
  private readonly known = new Set<string>();

  constructor(client: MongoClient, private readonly ttlSeconds: number) {
    // touchAfter: a rolling session's expiry is written at most once a minute, not on every request.
    super({ client, collectionName: COLLECTION, ttl: ttlSeconds, autoRemove: 'disabled', touchAfter: TOUCH_AFTER_SECONDS, serialize: asDocument, unserialize: asSession });
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    super.get(sid, (err, session) => {
      if (session) this.know(sid);
      callback(unavailable(err), session);
    });
  }

  /** Inserts a fresh session; a known one (or one already stored) is only updated, and only while it lives. */
  override set(sid: string, session: SessionData, callback?: Callback): void {
    const fresh = !this.known.has(sid);
    this.know(sid);
    this.run((sessions) => this.write(sessions, sid, session, fresh)).then(
      () => callback?.(null),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    super.touch(sid, session, callback && ((err) => callback(unavailable(err))));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.know(sid);
    super.destroy(sid, callback && ((err) => callback(unavailable(err))));
  }

  endSessionsOf(userId: string, exceptSid?: string): Promise<number> {
    return this.run(async (sessions) => {
      const strings = (await stringsOf(sessions, userId)).map((s) => s._id);
      const theirs = { ...live(), $or: [{ [USER_ID]: userId }, { _id: { $in: strings } }] };
      const filter = exceptSid === undefined ? theirs : { $and: [theirs, { _id: { $ne: exceptSid } }] };
      return (await sessions.deleteMany(filter as Query)).deletedCount;
    });
  }

  setRolesOf(userId: string, roles: Role[]): Promise<void> {
    return this.run(async (sessions) => {
      // A string becomes a document with the new roles, unless a `set` rewrote it meanwhile (as a document: updated next).
      for (const { _id, raw, session } of await stringsOf(sessions, userId)) {
        await sessions.updateOne({ _id, session: raw }, { $set: { session: withRoles(session, roles) } });
      }
      await sessions.updateMany({ ...live(), [USER_ID]: userId } as Query, { $set: { [ROLES]: roles } });
    });
  }

  private async write(sessions: Sessions, sid: string, session: SessionData, fresh: boolean): Promise<void> {
    const written: Written = { session: asDocument(session), expires: this.expiryOf(session), lastModified: new Date() };
    if (fresh) {
      try {
        await sessions.insertOne({ _id: sid, ...written });
        return;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      }
    }
    await update(sessions, sid, written);
  }

  /** connect-mongo's expiry: the cookie's, else `ttl` from now. */
  private expiryOf(session: SessionData): Date {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.ttlSeconds * 1000);
  }

  private know(sid: string): void {
    this.known.delete(sid);
    if (this.known.size >= MAX_KNOWN) this.known.delete(this.known.values().next().value!);
    this.known.add(sid);
  }

  private async run<T>(fn: (sessions: Sessions) => Promise<T>): Promise<T> {
    try {
      return await fn((await this.collectionP) as unknown as Sessions);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/**
 * Updates a live session, never inserting one. For the same user the roles stored win (only
 * setRolesOf changes them): in the usual case they are the ones written; when not, they are read and
 * the session is written with them, if they have not changed again meanwhile.
 */
async function update(sessions: Sessions, sid: string, written: Written): Promise<void> {
  const user = written.session.passport?.user;
  if (!user) {
    await sessions.updateOne({ _id: sid, ...live() }, { $set: written });
    return;
  }
  let roles = user.roles;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const sameRoles = { _id: sid, ...live(), [USER_ID]: user.id, [ROLES]: roles } as Query;
    if ((await sessions.updateOne(sameRoles, { $set: { ...written, session: withRoles(written.session, roles) } })).matchedCount) return;
    // Another user's, an anonymous one, or a string: written as it comes.
    if ((await sessions.updateOne({ _id: sid, ...live(), [USER_ID]: { $ne: user.id } } as Query, { $set: written })).matchedCount) return;
    const stored = await sessions.findOne({ _id: sid, ...live(), [USER_ID]: user.id } as Query);
    if (!stored) return; // ended meanwhile: it stays so
    roles = (stored.session as Stored).passport!.user!.roles;
  }
}

/** The sessions of the user still stored as JSON strings (written before sessions were documents). */
async function stringsOf(sessions: Sessions, userId: string): Promise<{ _id: string; raw: string; session: Stored }[]> {
  const needle = new RegExp(escapeRegExp(`"id":${JSON.stringify(userId)}`));
  const found = await sessions.find({ ...live(), session: { $regex: needle } } as Query).toArray();
  return found.flatMap((doc) => {
    if (typeof doc.session !== 'string') return [];
    const session = parsed(doc.session);
    return session?.passport?.user?.id === userId ? [{ _id: doc._id, raw: doc.session, session }] : [];
  });
}

const parsed = (raw: string): Stored | undefined => {
  try {
    return JSON.parse(raw) as Stored;
  } catch {
    return undefined;
  }
};

/** The session as connect-mongo's default stored it (its JSON), but as a document; not connect-mongo's touchAfter bookkeeping. */
function asDocument(session: SessionData): Stored {
  const document = JSON.parse(JSON.stringify(session)) as Stored;
  delete document.lastModified;
  return document;
}

/** A stored session, whether a document or a JSON string (stored before sessions were documents). */
const asSession = (stored: SessionData | string): SessionData => (typeof stored === 'string' ? (JSON.parse(stored) as SessionData) : stored);

const withRoles = (session: Stored, roles: Role[]): Stored => ({ ...session, passport: { ...session.passport, user: { ...session.passport!.user!, roles } } });

/** A session not yet expired (connect-mongo, and this file, write `expires` with every session). */
const live = () => ({ expires: { $gt: new Date() } });

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const unavailable = (error: unknown): unknown =>
  isConnectionFailure(error) ? new StoreUnavailable('read store', `MongoDB (sessions): ${error instanceof Error ? error.message : String(error)}`) : error;

async function removeExpired(client: MongoClient, sessions: Collection): Promise<void> {
  try {
    await sessions.createIndex({ expires: 1 }, { expireAfterSeconds: 0 });
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === NOT_IMPLEMENTED && /expireAfterSeconds/.test(error.message))) throw error;
    await sessions.createIndex({ expires: 1 });
    const purge = setInterval(() => {
      sessions.deleteMany({ expires: { $lt: new Date() } }).catch(() => undefined); // down: the next round tries again
    }, PURGE_INTERVAL_MS);
    purge.unref();
    client.once('topologyClosed', () => clearInterval(purge));
  }
}
