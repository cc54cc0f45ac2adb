/**
 * The documents the projection runner wrote last, each with the position it was written at, so that
 * a batch folds its events over them instead of reading them back from the read store (over FerretDB
 * a read by id scans the whole collection: docs/ferretdb.md, "Projection throughput").
 *
 * Only a shortcut, never the truth: projections are pure and the runner applies every event in
 * order, so a cached document is exactly the document at its position, whoever stores it (another
 * projector, collections swapped in by a rebuild); a cached document behind the store only makes the
 * runner compute a write the store's position guard then ignores. Bounded: the least recently
 * written documents make room first, and a miss is read from the store as before.
 */
import type { DocWrite, StoredDoc } from '../read-store/read-store.port';

/** A document at a position; `doc` undefined: deleted (or never there) at that position. */
export type KnownDoc = StoredDoc<unknown> | { doc: undefined; lastPosition: string };

const DEFAULT_CAPACITY = 50_000;

export class DocumentCache {
  private readonly docs = new Map<string, KnownDoc>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  get(collection: string, id: string): KnownDoc | undefined {
    return this.docs.get(key(collection, id));
  }

  /** Call only once the writes are committed. */
  remember(writes: readonly DocWrite[]): void {
    for (const w of writes) {
      const k = key(w.collection, w.id);
      this.docs.delete(k); // re-inserted last: Map order is the eviction order
      this.docs.set(k, { doc: w.doc, lastPosition: w.position });
    }
    // Over capacity, the oldest tenth goes in one pass: a Map's iterator starts at its oldest slot
    // and walks past every entry deleted since the table was last rebuilt, so a pass per write
    // (as it was) cost as much as the write times the entries evicted since.
    if (this.docs.size <= this.capacity) return;
    let excess = this.docs.size - (this.capacity - Math.floor(this.capacity / 10));
    for (const k of this.docs.keys()) {
      if (excess-- <= 0) break;
      this.docs.delete(k);
    }
  }

  clear(): void {
    this.docs.clear();
  }

  get size(): number {
    return this.docs.size;
  }
}

const key = (collection: string, id: string): string => `${collection}\u0000${id}`;
