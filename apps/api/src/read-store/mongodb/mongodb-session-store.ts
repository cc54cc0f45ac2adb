/**
 * Sessions in MongoDB (connect-mongo), on the read store's own connection: one pool per process,
 * closed with the read store when the app shuts down (a client of its own was never closed).
 *
 * Expired sessions are never answered (connect-mongo filters on `expires` when reading); they are
 * removed by a TTL index on `expires`, as connect-mongo's default does. FerretDB 1.24 has no TTL
 * indexes (docs/ferretdb.md): there, and only on that refusal, a timer deletes expired sessions
 * instead (connect-mongo's "interval" mode).
 *
 * The server cannot be reached: the driver's error becomes StoreUnavailable('read store'), as in the
 * read store itself, so that express-session's next(error) answers 503 `unavailable`, not 500.
 */
import MongoStore from 'connect-mongo';
import type { SessionData } from 'express-session';
import { MongoServerError, type Collection, type MongoClient } from 'mongodb';
import { StoreUnavailable } from '../../event-store/event-store.port';
import { isConnectionFailure } from './mongodb-read-store';

const COLLECTION = 'sessions';
const PURGE_INTERVAL_MS = 10 * 60_000;
const NOT_IMPLEMENTED = 238;
const TOUCH_AFTER_SECONDS = 60;

export async function mongoSessionStore(client: MongoClient, ttlSeconds: number): Promise<MongoStore> {
  const sessions = client.db().collection(COLLECTION);
  await removeExpired(client, sessions);
  // touchAfter: a rolling session's expiry is written at most once a minute, not on every request.
  return new MongoSessionStore({ client, collectionName: COLLECTION, ttl: ttlSeconds, autoRemove: 'disabled', touchAfter: TOUCH_AFTER_SECONDS });
}

type Callback<T = void> = (err: unknown, value?: T) => void;

/** connect-mongo, reporting an unreachable server as the read store being unavailable. */
class MongoSessionStore extends MongoStore {
  override get(sid: string, callback: Callback<SessionData | null>): void {
    super.get(sid, (err, session) => callback(unavailable(err), session));
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    super.set(sid, session, callback && ((err) => callback(unavailable(err))));
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    super.touch(sid, session, callback && ((err) => callback(unavailable(err))));
  }

  override destroy(sid: string, callback?: Callback): void {
    super.destroy(sid, callback && ((err) => callback(unavailable(err))));
  }
}

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
