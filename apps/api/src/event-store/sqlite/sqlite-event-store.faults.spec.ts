/**
 * The SQLite event store when the file cannot be written: StoreUnavailable, nothing written, and
 * recovery by itself once the file is usable again.
 *
 * How the faults are made, honestly: these tests run as root, and root ignores permission bits, so
 * chmod cannot make the file read-only for us (nor would it for an already-open connection, whose
 * descriptor stays writable). So a test hook (`openDatabase`) decides how the store's next
 * connection is opened: read-only (what SQLite does with a write-protected file) or with a page
 * limit at the current size (a full disk). In both cases SQLite itself refuses the write
 * (SQLITE_READONLY, SQLITE_FULL); nothing is mocked. A lock held by another connection (busy too
 * long) needs no hook at all.
 */
import Database from 'better-sqlite3';
import { StoreUnavailable } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { events, rejection, tempDir } from './sqlite-test-support';

describe('SqliteEventStore when the file cannot be written', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore | undefined;
  beforeEach(async () => {
    temp = tempDir();
    const seed = new SqliteEventStore(temp.file);
    await seed.append('s', events(1), 'no_stream');
    await seed.close();
  });
  afterEach(async () => {
    await store?.close();
    temp.remove();
  });

  const expectUnavailable = async (promise: Promise<unknown>, code: RegExp): Promise<void> => {
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as StoreUnavailable).reason).toMatch(code);
  };

  it('a read-only file: StoreUnavailable, reads still served, recovery once writable', async () => {
    let readOnly = true;
    store = new SqliteEventStore(temp.file, { openDatabase: (file) => new Database(file, { readonly: readOnly }) });
    await expectUnavailable(store.append('s', events(1), 0n), /SQLITE_READONLY/);
    await expectUnavailable(store.append('t', events(2), 'no_stream'), /SQLITE_READONLY/);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.readAll(undefined, 10)).toHaveLength(1);
    readOnly = false;
    await expect(store.ping()).resolves.toBeUndefined();
    expect((await store.append('s', events(1), 0n)).nextExpectedRevision).toBe(1n);
  });

  it('a connection opened while the file was read-only: the first append after the file is writable again succeeds', async () => {
    let readOnly = true;
    store = new SqliteEventStore(temp.file, { openDatabase: (file) => new Database(file, { readonly: readOnly }) });
    await expectUnavailable(store.append('s', events(1), 0n), /SQLITE_READONLY/);
    expect(await store.readAll(undefined, 10)).toHaveLength(1); // reopens, read-only, and keeps that connection
    readOnly = false; // no ping, no restart: the next append is the first to meet the writable file
    expect((await store.append('s', events(1), 0n)).nextExpectedRevision).toBe(1n);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('ping tries a write: a connection SQLite refuses writes on reads fine and pings down, though it was opened read-write', async () => {
    // query_only: SQLite refuses every write with SQLITE_READONLY while better-sqlite3's `readonly`
    // flag says false, as with a write-protected file that a non-root process opens read-write.
    let refuse = false;
    const open = (file: string) => {
      const db = new Database(file);
      if (refuse) db.pragma('query_only = 1');
      return db;
    };
    store = new SqliteEventStore(temp.file, { openDatabase: open });
    await expect(store.ping()).resolves.toBeUndefined();
    refuse = true;
    store.reopenWith(open);
    expect(await store.readAll(undefined, 10)).toHaveLength(1);
    await expectUnavailable(store.ping(), /SQLITE_READONLY/);
    await expectUnavailable(store.append('s', events(1), 0n), /SQLITE_READONLY/);
    expect(await store.readAll(undefined, 10)).toHaveLength(1); // holds a refusing connection again
    refuse = false; // the first ping after this meets that connection, and tries a fresh one
    await expect(store.ping()).resolves.toBeUndefined();
    expect((await store.append('s', events(1), 0n)).nextExpectedRevision).toBe(1n);
  });

  it('a full disk in the middle of a batch: every append of it fails, none is written, then recovery', async () => {
    let full = true;
    const opened: Database.Database[] = [];
    store = new SqliteEventStore(temp.file, {
      openDatabase: (file) => {
        const db = new Database(file);
        if (full) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
        opened.push(db);
        return db;
      },
    });
    const big = { blob: 'x'.repeat(20_000) };
    const batch = [store.append('s', events(1), 0n), store.append('t', events(1, big), 'no_stream'), store.append('u', events(1), 'any')];
    await Promise.all(batch.map((append) => expectUnavailable(append, /SQLITE_FULL/)));
    // A read cannot tell whether space is back: ping reports the failed write until a write succeeds.
    await expectUnavailable(store.ping(), /SQLITE_FULL/);
    expect(await store.readAll(undefined, 10)).toHaveLength(1);
    // The disk has room again: lift the page limit of every connection the store holds (as freed
    // space serves an open file too), and of the ones it opens from now on.
    full = false;
    for (const db of opened) if (db.open) db.pragma('max_page_count = 1073741823');
    await expectUnavailable(store.ping(), /SQLITE_FULL/);
    await Promise.all([store.append('s', events(1), 0n), store.append('t', events(1, big), 'no_stream')]);
    expect(await store.readAll(undefined, 10)).toHaveLength(3);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('a write lock held too long by another process: StoreUnavailable, then recovery', async () => {
    store = new SqliteEventStore(temp.file, { busyTimeoutMs: 30 });
    const blocker = new Database(temp.file);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await expectUnavailable(store.append('s', events(1), 0n), /SQLITE_BUSY/);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect((await store.append('s', events(1), 0n)).nextExpectedRevision).toBe(1n);
  });

  it('a directory that cannot be opened: StoreUnavailable at construction', () => {
    expect(() => new SqliteEventStore(`${temp.dir}/missing/events.db`)).toThrow(StoreUnavailable);
  });
});
