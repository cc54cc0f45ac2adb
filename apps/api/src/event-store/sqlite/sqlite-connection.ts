/**
 * Opening a better-sqlite3 connection for the embedded stores, and telling a storage failure
 * (read-only, full, I/O error, cannot open, busy too long) apart from a logical error. Shared by
 * the event store and the session store, which open their own connections to the same file.
 */
import Database from 'better-sqlite3';
import { StoreUnavailable } from '../event-store.port';

export type SqliteDatabase = Database.Database;

export interface SqliteConnectionOptions {
  /** How long a write waits for another connection's lock before giving up (busy_timeout). Default 5000. */
  busyTimeoutMs?: number;
  /** FULL: an acknowledged commit survives power loss. NORMAL: may lose the last commits, never corrupts. */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Test hook: how to open the file. Tests use it to get a connection that SQLite itself refuses
   * to write (readonly: true, or max_page_count for a full disk), since they run as root and root
   * ignores file permissions. Default: `new Database(file)`.
   */
  openDatabase?: (file: string) => SqliteDatabase;
}

/** Opens `file` in WAL mode with the durability and lock-wait settings, then runs `schema`. */
export function openSqlite(file: string, schema: string, options: SqliteConnectionOptions = {}): SqliteDatabase {
  const db = options.openDatabase ? options.openDatabase(file) : new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.exec(schema);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The SQLite result code of a better-sqlite3 error, e.g. "SQLITE_BUSY". Duck-typed, not instanceof:
 * the native addon keeps the SqliteError class (and so the Error) of the first module registry that
 * loaded it, and Jest makes one registry and one realm per test file.
 */
export const sqliteCode = (error: unknown): string | undefined => {
  const e = error as { name?: unknown; code?: unknown } | null;
  return typeof e === 'object' && e?.name === 'SqliteError' && typeof e.code === 'string' ? e.code : undefined;
};

const STORAGE_CODES = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOTADB|CORRUPT|NOMEM|PERM|AUTH)/;

/** True for errors that say the file cannot be used right now, as opposed to a bug or a constraint. */
export const isStorageFailure = (error: unknown): boolean =>
  error instanceof StoreUnavailable ||
  STORAGE_CODES.test(sqliteCode(error) ?? '') ||
  // Opening a file in a missing or unreadable directory fails before SQLite assigns a code.
  /^Cannot open database/.test((error as { message?: string } | null)?.message ?? '');

/** The StoreUnavailable to throw for a storage failure. */
export const unavailable = (error: unknown): StoreUnavailable =>
  error instanceof StoreUnavailable
    ? error
    : new StoreUnavailable(
        'event store',
        sqliteCode(error) ? `${sqliteCode(error)}: ${(error as Error).message}` : String(error),
      );
