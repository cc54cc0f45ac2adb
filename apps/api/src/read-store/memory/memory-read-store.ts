/**
 * Embedded read store: documents in memory, rebuilt from the event history at start-up.
 * The history is the durable truth, so a second durable copy would only add a write per event
 * (docs/decisions.md). Secondary indexes on the fields the queries use keep lookups O(result).
 * A delete keeps its position (a tombstone), so that a redelivered older write cannot bring the
 * document back; no projection deletes today, so this costs nothing in practice.
 */
import type { DocWrite, PageQuery, ReadStore, SortablePosition, StoredDoc } from '../read-store.port';

type Collection = Map<string, StoredDoc<unknown>>;
type Index = Map<string, Set<string>>; // field value -> ids
/** Everything a swap replaces, in one object so that swapIn is one assignment. */
interface State {
  collections: Map<string, Collection>;
  indexes: Map<string, Map<string, Index>>;
  /** A scratch store's indexes are built once, when first needed, not kept through a whole replay. */
  indexed: boolean;
  /** collection -> id -> position of the delete: a redelivered older write must not bring it back. */
  deleted: Map<string, Map<string, SortablePosition>>;
  checkpoints: Map<string, SortablePosition>;
}
const emptyState = (indexed: boolean): State => ({ collections: new Map(), indexes: new Map(), indexed, deleted: new Map(), checkpoints: new Map() });

const INDEXED: Record<string, readonly string[]> = {
  seats: ['showId', 'holderId', 'state'],
  reservations: ['userId', 'showId'],
};

export class MemoryReadStore implements ReadStore {
  private state: State;

  /**
   * `deferIndexes`: indexes are built when first queried (or swapped in), not kept up through a
   * replay that writes every document many times and queries none: for the store filled at
   * start-up and for the scratch store of a rebuild or verify.
   */
  constructor({ deferIndexes = false }: { deferIndexes?: boolean } = {}) {
    this.state = emptyState(!deferIndexes);
  }

  async get<D>(collection: string, id: string): Promise<StoredDoc<D> | undefined> {
    return this.collection(collection).get(id) as StoredDoc<D> | undefined;
  }

  async getMany<D>(collection: string, ids: readonly string[]): Promise<Map<string, StoredDoc<D>>> {
    const docs = this.collection(collection);
    const found = new Map<string, StoredDoc<D>>();
    for (const id of ids) {
      const stored = docs.get(id);
      if (stored) found.set(id, stored as StoredDoc<D>);
    }
    return found;
  }

  async findBy<D>(collection: string, field: string, value: string): Promise<D[]> {
    const docs = this.collection(collection);
    this.ensureIndexed(this.state);
    const index = this.state.indexes.get(collection)?.get(field);
    if (index) return [...(index.get(value) ?? [])].map((id) => docs.get(id)!.doc as D);
    return [...docs.values()].map((s) => s.doc as D).filter((d) => (d as Record<string, unknown>)[field] === value);
  }

  async page<D>(collection: string, { where, orderBy, after, limit }: PageQuery): Promise<[string, D][]> {
    const docs = this.collection(collection);
    this.ensureIndexed(this.state);
    const conditions = Object.entries(where).map(([field, value]) => [field, typeof value === 'string' ? [value] : value] as const);
    // Candidates from the index of one equality, when a field asked for has one.
    const indexes = this.state.indexes.get(collection);
    const indexed = conditions.find(([field, values]) => values.length === 1 && indexes?.has(field));
    const ids = indexed ? [...(indexes!.get(indexed[0])!.get(indexed[1][0]) ?? [])] : [...docs.keys()];
    const key = (doc: unknown): string => String((doc as Record<string, unknown>)[orderBy] ?? '');
    const found: [string, D, string][] = [];
    for (const id of ids) {
      const doc = docs.get(id)!.doc as Record<string, unknown>;
      if (!conditions.every(([field, values]) => values.includes(doc[field] as string))) continue;
      const value = key(doc);
      if (after && (value > after.value || (value === after.value && id >= after.id))) continue;
      found.push([id, doc as D, value]);
    }
    found.sort((a, b) => (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
    return found.slice(0, limit).map(([id, doc]) => [id, doc]);
  }

  async list<D>(collection: string): Promise<D[]> {
    return [...this.collection(collection).values()].map((s) => s.doc as D);
  }

  async entries<D>(collection: string): Promise<[string, D][]> {
    return [...this.collection(collection)].map(([id, s]) => [id, s.doc as D]);
  }

  async commit(writes: readonly DocWrite[], checkpoint: { name: string; position: SortablePosition }): Promise<void> {
    for (const write of writes) this.write(write);
    const { checkpoints } = this.state;
    const current = checkpoints.get(checkpoint.name);
    if (current === undefined || current < checkpoint.position) checkpoints.set(checkpoint.name, checkpoint.position);
  }

  async checkpoint(name: string): Promise<SortablePosition | undefined> {
    return this.state.checkpoints.get(name);
  }

  async scratch(): Promise<ReadStore> {
    return new MemoryReadStore({ deferIndexes: true });
  }

  async swapIn(scratch: ReadStore): Promise<void> {
    if (!(scratch instanceof MemoryReadStore)) throw new TypeError('a memory read store swaps in only another memory read store');
    this.ensureIndexed(scratch.state);
    // One synchronous step: a reader sees either the old documents or the new ones.
    this.state = scratch.state;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private write({ collection, id, doc, position }: DocWrite): void {
    const docs = this.collection(collection);
    const deleted = this.state.deleted.get(collection)!;
    const stored = docs.get(id);
    const last = stored?.lastPosition ?? deleted.get(id);
    if (last !== undefined && last >= position) return; // already applied: a redelivery
    if (doc === undefined) {
      if (stored && this.state.indexed) this.reindex(this.state, collection, id, stored.doc, undefined);
      docs.delete(id);
      deleted.set(id, position);
      return;
    }
    deleted.delete(id);
    docs.set(id, { doc, lastPosition: position });
    if (this.state.indexed) this.reindex(this.state, collection, id, stored?.doc, doc);
  }

  private ensureIndexed(state: State): void {
    if (state.indexed) return;
    for (const [collection, docs] of state.collections) {
      for (const [id, { doc }] of docs) this.reindex(state, collection, id, undefined, doc);
    }
    state.indexed = true;
  }

  private collection(name: string): Collection {
    let docs = this.state.collections.get(name);
    if (!docs) {
      docs = new Map();
      this.state.collections.set(name, docs);
      this.state.indexes.set(name, new Map((INDEXED[name] ?? []).map((field) => [field, new Map()])));
      this.state.deleted.set(name, new Map());
    }
    return docs;
  }

  /** Moves `id` in each index whose field differs between the old and new document (most writes change one field or none). */
  private reindex(state: State, collection: string, id: string, before: unknown, after: unknown): void {
    for (const [field, index] of state.indexes.get(collection) ?? []) {
      const old = (before as Record<string, unknown> | undefined)?.[field];
      const now = (after as Record<string, unknown> | undefined)?.[field];
      if (old === now) continue;
      // Only strings are indexed, as findBy matches with ===: a null holder is not the text "null".
      if (typeof old === 'string') index.get(old)?.delete(id);
      if (typeof now === 'string') {
        let ids = index.get(now);
        if (!ids) index.set(now, (ids = new Set()));
        ids.add(id);
      }
    }
  }
}
