/**
 * The embedded event store: the EventStore port on one SQLite file (better-sqlite3, WAL,
 * synchronous=FULL), with EventStoreDB's guarantees and no more: an atomic append to one stream,
 * a per-stream expected revision, one global order (`position`, never reused), idempotent event ids.
 *
 * Group commit: appends are queued and drained on setImmediate; one drain is one SQLite transaction
 * (BEGIN IMMEDIATE, one fsync) with a SAVEPOINT per append of several events (one event is one
 * statement, which SQLite backs out by itself), applied in arrival order, so each append succeeds
 * or fails on its own exactly as if they had run one after the other.
 *
 * Idempotency, as EventStoreDB: an append whose event ids are already in the stream, in order, at
 * the revisions its expected revision implies (from 0 for no_stream, from n+1 for n) succeeds
 * without writing and answers the original result. With any and exists the place is where the
 * first id already is (EventStoreDB only promises that while the write is in its cache; here it
 * always holds, so do not rely on it). When only the first id matches: WrongExpectedVersion, as
 * EventStoreDB. Anything else goes through the revision check, so a reused id usually meets
 * WrongExpectedVersion. Where EventStoreDB would write the id a second time (expected revision
 * current, id elsewhere), this store refuses with DuplicateEventId: deduplicate in the command
 * handler (re-read the stream and look for your ids), never rely on this refusal.
 *
 * A storage failure rolls the whole transaction back and rejects every append of the batch with
 * StoreUnavailable; the connection is then dropped and reopened by the next call, so the store
 * recovers by itself once the file can be written again. A batch refused as read-only is tried once
 * more on a fresh connection first: a connection SQLite opened while the file was read-only stays
 * read-only after the file becomes writable, and the first command after an outage must not pay
 * for that (docs/reliability.md, "Store outages").
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  AppendResult, EventStore, ExpectedRevision, NewEvent, Position, RecordedEvent, StoreUnavailable,
  SubscribeOptions, Subscription, WrongExpectedVersion,
} from '../event-store.port';
import { isStorageFailure, openSqlite, sqliteCode, SqliteConnectionOptions, SqliteDatabase, unavailable } from './sqlite-connection';
import { SqliteSubscription } from './sqlite-subscription';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT, -- global order; AUTOINCREMENT never reuses one
  id          TEXT    NOT NULL UNIQUE,           -- lower-case UUID
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,                  -- 0-based within the stream
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,                  -- JSON
  metadata    TEXT    NOT NULL,                  -- JSON
  recorded_at INTEGER NOT NULL,                  -- ms since the epoch
  UNIQUE (stream, revision)
);`;

export interface SqliteEventStoreOptions extends SqliteConnectionOptions {
  /** How often live subscriptions look for commits by other processes. Default 50 ms. */
  pollMs?: number;
  /** Events per subscription delivery during catch-up. Default 500. */
  subscriptionBatch?: number;
  /** At most this many appends per group-commit transaction. Default 256; 1 turns grouping off. */
  maxBatch?: number;
}

/** The event id is already stored, in another stream or at another revision of this one. */
export class DuplicateEventId extends Error {
  constructor(readonly stream: string, readonly id: string, readonly existing: string) {
    super(`cannot append event ${id} to ${stream}: already stored as ${existing}`);
    this.name = 'DuplicateEventId';
  }
}

interface Row { id: string; type: string; data: string; metadata: string }
interface Pending {
  stream: string;
  rows: Row[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}
type Outcome = { ok: true; result: AppendResult; wrote: boolean } | { ok: false; error: unknown };
interface EventRow {
  position: bigint; id: string; stream: string; revision: bigint;
  type: string; data: string; metadata: string; recorded_at: bigint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const at = (position: bigint): Position => ({ commit: position, prepare: position });
const toRecorded = (r: EventRow): RecordedEvent => ({
  id: r.id, stream: r.stream, revision: r.revision, position: at(r.position), type: r.type,
  data: JSON.parse(r.data), metadata: JSON.parse(r.metadata), recordedAt: new Date(Number(r.recorded_at)),
});
const satisfies = (expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean =>
  expected === 'any' || (expected === 'exists' ? actual !== 'no_stream' : expected === actual);

/** One open connection with its prepared statements; replaced as a whole after a storage failure. */
class Connection {
  readonly last; readonly range; readonly revisionOf; readonly where; readonly insert;
  readonly readStream; readonly readAll; readonly head; readonly probe; readonly writeProbe;
  /** The group commit: one transaction for the batch, a savepoint per append. */
  readonly commitBatch: Database.Transaction<(batch: Pending[], now: number) => Outcome[]>;

  constructor(readonly db: SqliteDatabase, appendOne: (c: Connection, p: Pending, now: number) => Outcome) {
    const q = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.last = q('SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
    this.range = q('SELECT id, position FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision');
    this.revisionOf = q('SELECT revision FROM events WHERE id = ? AND stream = ?');
    this.where = q('SELECT stream, revision FROM events WHERE id = ?');
    this.insert = q('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.readStream = q('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision');
    this.readAll = q('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.head = q('SELECT MAX(position) AS position FROM events');
    this.probe = q('SELECT 1 FROM events LIMIT 1');
    // A write statement that changes nothing: it takes the write lock and so fails with
    // SQLITE_READONLY on a read-only file or connection (and SQLITE_BUSY when another connection
    // holds the lock past busy_timeout), without writing a page, a WAL frame or an fsync.
    this.writeProbe = q('DELETE FROM events WHERE 0');
    const savepoint = db.transaction((p: Pending, now: number) => appendOne(this, p, now));
    this.commitBatch = db.transaction((batch: Pending[], now: number) =>
      batch.map((p): Outcome => {
        try {
          // An append of one event writes with one statement, which SQLite backs out by itself when
          // it fails (a constraint aborts the statement, not the transaction): no savepoint needed.
          return p.rows.length === 1 ? appendOne(this, p, now) : savepoint(p, now);
        } catch (error) {
          if (isStorageFailure(error) || !db.inTransaction) throw error; // fails the whole batch
          return { ok: false, error };
        }
      }),
    );
  }
}

export class SqliteEventStore implements EventStore {
  /** Creates the file's directory if needed, then opens the store. */
  static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteEventStore(file, options);
  }

  private conn?: Connection;
  private queue: Pending[] = [];
  private scheduled = false;
  private closing?: Promise<void>;
  private closed = false;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly counters = { transactions: 0, appends: 0 };
  /**
   * The last group commit failed for lack of space or an I/O error, and none has succeeded since.
   * A probe cannot tell whether space is back without writing, so ping reports this until the
   * next commit succeeds (the next command is always tried, never refused up front).
   */
  private writeFailure?: StoreUnavailable;
  private readonly options: SqliteEventStoreOptions;

  /** Opens (and if needed creates) the file now, so a bad path fails at start-up. */
  constructor(readonly file: string, options: SqliteEventStoreOptions = {}) {
    this.options = { ...options };
    this.connection();
  }

  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closing) throw new StoreUnavailable('event store', 'closed');
      if (typeof expectedRevision === 'bigint' && expectedRevision < 0n) throw new RangeError('expected revision must be >= 0');
      const rows = events.map((e): Row => {
        if (!UUID.test(e.id)) throw new TypeError(`event id must be a UUID: ${e.id}`);
        return { id: e.id.toLowerCase(), type: e.type, data: JSON.stringify(e.data ?? null), metadata: JSON.stringify(e.metadata) };
      });
      this.queue.push({ stream, rows, expected: expectedRevision, resolve, reject });
      this.schedule();
    });
  }

  async readStream(stream: string, fromRevision = 0n): Promise<RecordedEvent[]> {
    return this.read((c) => (c.readStream.all(stream, fromRevision) as EventRow[]).map(toRecorded));
  }

  async readAll(from: Position | undefined, limit: number): Promise<RecordedEvent[]> {
    if (!(limit >= 1)) return [];
    return this.read((c) => (c.readAll.all(from?.commit ?? 0n, Math.floor(limit)) as EventRow[]).map(toRecorded));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closing) throw new StoreUnavailable('event store', 'closed');
    const source = {
      read: (after: bigint, limit: number) => this.read((c) => (c.readAll.all(after, limit) as EventRow[]).map(toRecorded)),
      stopped: (s: SqliteSubscription) => this.subscriptions.delete(s),
    };
    const subscription = new SqliteSubscription(source, options, this.options.pollMs ?? 50, this.options.subscriptionBatch ?? 500);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    const { position } = this.read((c) => c.head.get() as { position: bigint | null });
    return position === null ? undefined : at(position);
  }

  /**
   * Throws StoreUnavailable ("down" in /api/health) when the file cannot be opened or read, when
   * SQLite refuses a write (a read-only file or connection, whatever better-sqlite3's `readonly`
   * flag says; or the write lock held elsewhere past busy_timeout), or when the last commit failed
   * for lack of space or an I/O error and none has succeeded since. The write probe changes
   * nothing and costs no fsync. A failed probe drops the connection, so the next ping (and the
   * next append) opens a fresh one and sees the file as it is now.
   */
  async ping(): Promise<void> {
    this.read((c) => c.probe.get());
    try {
      this.onWritable((c) => c.writeProbe.run());
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      this.drop();
      throw unavailable(error);
    }
    if (this.writeFailure) throw this.writeFailure;
  }

  /**
   * Test hook (see SqliteConnectionOptions.openDatabase): how this store opens its connections
   * from now on. The open connection is closed, so the next call opens one this way. The fault
   * tests use it to have SQLite itself refuse writes (a read-only connection) in a running server.
   */
  reopenWith(openDatabase: SqliteConnectionOptions['openDatabase']): void {
    this.options.openDatabase = openDatabase;
    this.drop();
  }

  /** Commits the appends already queued, stops the subscriptions (awaiting running handlers), closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.queue.length > 0) this.drain();
      await Promise.all([...this.subscriptions].map((s) => s.close()));
      this.closed = true;
      this.drop();
    })();
    return this.closing;
  }

  /** Group-commit counters: committed transactions and the appends they carried. */
  get stats(): { transactions: number; appends: number } {
    return { ...this.counters };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** One group commit: settles each queued append with its own outcome, then wakes the subscriptions. */
  private drain(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, Math.max(1, this.options.maxBatch ?? 256));
    if (this.queue.length > 0) this.schedule();
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(batch);
      this.counters.transactions += 1;
      this.counters.appends += batch.length;
      this.writeFailure = undefined;
    } catch (error) {
      if (isStorageFailure(error)) this.drop();
      const failure = isStorageFailure(error) ? unavailable(error) : error;
      if (/^SQLITE_(FULL|IOERR)/.test(sqliteCode(error) ?? '')) this.writeFailure = failure as StoreUnavailable;
      outcomes = batch.map(() => ({ ok: false, error: failure }));
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.result) : batch[i].reject(o.error)));
    if (outcomes.some((o) => o.ok && o.wrote)) this.subscriptions.forEach((s) => s.notify());
  }

  /** Runs the batch's transaction (see onWritable). */
  private commit(batch: Pending[]): Outcome[] {
    return this.onWritable((c) => c.commitBatch.immediate(batch, Date.now()));
  }

  /**
   * Runs a write. A read-only refusal wrote nothing (SQLite checks before it changes a page, and a
   * transaction rolls back whole), so it is tried once more on a fresh connection: one that SQLite
   * opened while the file was read-only stays read-only after the file becomes writable again. The
   * fresh one is read-only too if the file still is. Errors are thrown as they are.
   */
  private onWritable<T>(write: (c: Connection) => T): T {
    try {
      return write(this.connection());
    } catch (error) {
      if (!/^SQLITE_READONLY/.test(sqliteCode(error) ?? '')) throw error;
      this.drop();
      return write(this.connection());
    }
  }

  /** One append inside the batch transaction (under its savepoint). Throws to roll it back. */
  private appendOne(c: Connection, { stream, rows, expected }: Pending, now: number): Outcome {
    const last = c.last.get(stream) as { revision: bigint; position: bigint } | undefined;
    const actual = last ? last.revision : 'no_stream';
    // A retry can only be found where the stream already has events: past the expected revision,
    // or anywhere for no_stream, any and exists. An append at the stream's end (nearly every one)
    // skips that look-up.
    const mayBeRetry = actual !== 'no_stream' && (typeof expected !== 'bigint' || actual > expected);
    const retried = mayBeRetry ? this.alreadyAppended(c, stream, rows, expected) : undefined;
    if (typeof retried === 'object') return { ok: true, result: retried, wrote: false };
    if (retried === 'partial' || !satisfies(expected, actual)) throw new WrongExpectedVersion(stream, expected, actual);
    let revision = last?.revision ?? -1n;
    let position = last?.position ?? 0n;
    for (const row of rows) {
      revision += 1n;
      try {
        position = c.insert.run(row.id, stream, revision, row.type, row.data, row.metadata, now).lastInsertRowid as bigint;
      } catch (error) {
        if (!(sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id/.test((error as Error).message))) throw error;
        const where = c.where.get(row.id) as { stream: string; revision: bigint } | undefined;
        throw new DuplicateEventId(stream, row.id, where ? `${where.stream}@${where.revision}` : 'an earlier event of this append');
      }
    }
    return { ok: true, result: { nextExpectedRevision: revision, position: at(position) }, wrote: rows.length > 0 };
  }

  /**
   * The original result when these exact ids already sit where this append would put them;
   * 'partial' when only the first of them does (EventStoreDB's "corrupted idempotency").
   */
  private alreadyAppended(c: Connection, stream: string, rows: Row[], expected: ExpectedRevision): AppendResult | 'partial' | undefined {
    if (rows.length === 0) return undefined;
    const start =
      typeof expected === 'bigint' ? expected + 1n
      : expected === 'no_stream' ? 0n
      : (c.revisionOf.get(rows[0].id, stream) as { revision: bigint } | undefined)?.revision;
    if (start === undefined) return undefined;
    const end = start + BigInt(rows.length) - 1n;
    const found = c.range.all(stream, start, end) as { id: string; position: bigint }[];
    if (found.length === rows.length && found.every((f, i) => f.id === rows[i].id)) {
      return { nextExpectedRevision: end, position: at(found[found.length - 1].position) };
    }
    return found[0]?.id === rows[0].id ? 'partial' : undefined;
  }

  /** Runs a read on the connection, reopening it if needed; storage failures become StoreUnavailable. */
  private read<T>(fn: (c: Connection) => T): T {
    try {
      return fn(this.connection());
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      this.drop();
      throw unavailable(error);
    }
  }

  private connection(): Connection {
    if (this.closed) throw new StoreUnavailable('event store', 'closed');
    if (!this.conn) {
      try {
        this.conn = new Connection(openSqlite(this.file, SCHEMA, this.options), (c, p, now) => this.appendOne(c, p, now));
      } catch (error) {
        throw unavailable(error);
      }
    }
    return this.conn;
  }

  private drop(): void {
    try {
      this.conn?.db.close();
    } catch {
      // already unusable
    }
    this.conn = undefined;
  }
}
