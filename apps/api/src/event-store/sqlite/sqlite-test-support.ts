/**
 * Test support for the SQLite adapter's specs: temporary store files and event builders.
 * Not a spec itself; imported by the *.spec.ts files next to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newEvent } from '../event-store.contract';
import { NewEvent } from '../event-store.port';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

/** A fresh directory under the OS temp dir; `remove()` deletes it. */
export function tempDir(): { dir: string; file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sqlite-'));
  return { dir, file: path.join(dir, 'events.db'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A store on a fresh file, with a cleanup that closes it and removes the directory. */
export function tempStore(options: SqliteEventStoreOptions = {}): { store: SqliteEventStore; file: string; cleanup(): Promise<void> } {
  const temp = tempDir();
  const store = SqliteEventStore.open(temp.file, { pollMs: 20, ...options });
  return { store, file: temp.file, cleanup: async () => (await store.close(), temp.remove()) };
}

export const events = (n: number, data: unknown = {}): NewEvent[] => Array.from({ length: n }, () => newEvent('Tested', data));

export const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);
